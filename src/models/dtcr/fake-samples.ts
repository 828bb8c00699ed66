/**
 * DTCR's fake series: int(alpha*T) time positions drawn at random with replacement (as the
 * authors' code), and the values at those positions permuted among them.
 */
import type { Random } from '../../core/random.js';

/** values: N series of length T, row-major. Returns the N fakes in the same layout. */
export function makeFakes(values: Float32Array, rows: number, length: number, alpha: number, rng: Random): Float32Array {
  const fakes = Float32Array.from(values);
  const count = Math.trunc(alpha * length);
  const positions = new Int32Array(count);
  for (let r = 0; r < rows; r++) {
    const base = r * length;
    for (let i = 0; i < count; i++) positions[i] = rng.int(length);
    const order = rng.permutation(count);
    for (let i = 0; i < count; i++) fakes[base + positions[i]!] = values[base + positions[order[i]!]!]!;
  }
  return fakes;
}
