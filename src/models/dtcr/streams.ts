/** DTCR's random streams, each derived from (seed, purpose, epoch) alone (see deriveSeed). */
import { deriveSeed, Random } from '../../core/random.js';

export const enum Stream {
  Weights = 1,
  Indicator = 2,
  Fakes = 3,
  Epoch = 4,
  KMeans = 5,
}

export function streamFor(seed: number, purpose: Stream, epoch = 0): Random {
  return new Random(deriveSeed(seed, purpose, epoch));
}
