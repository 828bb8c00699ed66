/**
 * DTCR's random streams, each derived from (seed, purpose, epoch) alone: a run resumed from a
 * checkpoint at epoch e draws exactly what the uninterrupted run drew, with no generator state to save.
 */
import { Random } from '../../core/random.js';

export const enum Stream {
  Weights = 1,
  Indicator = 2,
  Fakes = 3,
  Epoch = 4,
  KMeans = 5,
}

export function streamFor(seed: number, purpose: Stream, epoch = 0): Random {
  let h = Math.imul(Math.trunc(seed) ^ 0x3c6ef372, 0x9e3779b1);
  h = Math.imul(h ^ (purpose * 0x85ebca77), 0xc2b2ae3d);
  h = Math.imul(h ^ (epoch * 0x27d4eb2f + (h >>> 15)), 0x165667b1);
  return new Random((h ^ (h >>> 13)) >>> 0);
}
