/** Seeded mini-batches: row indices shuffled once per epoch and cut into batches, the last one smaller. */
import { OptionError } from '../core/errors.js';
import type { Random } from '../core/random.js';

export function miniBatches(rows: number, batchSize: number, rng: Random, shuffle = true): Int32Array[] {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new OptionError(`batch size must be a positive integer, got ${batchSize}`);
  const order = shuffle ? rng.permutation(rows) : Int32Array.from({ length: rows }, (_, i) => i);
  const batches: Int32Array[] = [];
  for (let start = 0; start < rows; start += batchSize) batches.push(order.slice(start, start + batchSize));
  return batches;
}
