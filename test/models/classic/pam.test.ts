import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../../../src/core/random.js';
import { pam } from '../../../src/models/classic/pam.js';

function lineDistances(points: number[]): Float64Array {
  const n = points.length;
  return Float64Array.from({ length: n * n }, (_, i) => Math.abs(points[Math.floor(i / n)]! - points[i % n]!));
}

function costOf(d: Float64Array, n: number, medoids: ArrayLike<number>): number {
  let cost = 0;
  for (let j = 0; j < n; j++) cost += Math.min(...Array.from(medoids, (m) => d[m * n + j]!));
  return cost;
}

test('PAM: hand-worked medoids of points on a line', () => {
  const result = pam(lineDistances([0, 1, 2, 10, 11, 12, 13]), 7, 2, 100);
  assert.deepEqual(Array.from(result.medoids).sort(), [1, 4]);
  assert.equal(result.cost, 2 + 1 + 1 + 2 + 0);
  assert.deepEqual(Array.from(result.labels, (l) => result.medoids[l]), [1, 1, 1, 4, 4, 4, 4]);
});

test('PAM ends where no single exchange of a medoid lowers the cost', () => {
  const random = new Random(3);
  const points = Array.from({ length: 30 }, () => [random.normal(), random.normal()] as const);
  const n = points.length;
  const d = Float64Array.from({ length: n * n }, (_, i) => {
    const a = points[Math.floor(i / n)]!;
    const b = points[i % n]!;
    return Math.hypot(a[0] - b[0], a[1] - b[1]);
  });
  for (const k of [1, 3, 5]) {
    const result = pam(d, n, k, 100);
    assert.ok(Math.abs(result.cost - costOf(d, n, result.medoids)) < 1e-9);
    for (let m = 0; m < k; m++) {
      for (let o = 0; o < n; o++) {
        if (result.medoids.includes(o)) continue;
        const swapped = Int32Array.from(result.medoids);
        swapped[m] = o;
        assert.ok(costOf(d, n, swapped) >= result.cost - 1e-9, `k ${k}: swapping ${result.medoids[m]} for ${o} helps`);
      }
    }
  }
});
