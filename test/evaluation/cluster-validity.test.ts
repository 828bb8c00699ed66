import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calinskiHarabasz, clusterValidity, daviesBouldin, silhouetteScore } from '../../src/evaluation/validity/cluster-validity.js';

// Two tight pairs on a line: 0, 1 | 10, 11 (answers worked by hand from the definitions).
const x = { data: Float64Array.from([0, 1, 10, 11]), rows: 4, cols: 1 };
const labels = Int32Array.from([0, 0, 1, 1]);

test('silhouette, Calinski-Harabasz and Davies-Bouldin: known answers', () => {
  assert.ok(Math.abs(silhouetteScore(x, labels) - (9.5 / 10.5 + 8.5 / 9.5) / 2) < 1e-12);
  assert.ok(Math.abs(calinskiHarabasz(x, labels) - 200) < 1e-9);
  assert.ok(Math.abs(daviesBouldin(x, labels) - 0.1) < 1e-12);
  assert.equal(clusterValidity('silhouette', x, labels), silhouetteScore(x, labels));
});

test('a worse split scores worse on every criterion', () => {
  const bad = Int32Array.from([0, 1, 0, 1]);
  assert.ok(silhouetteScore(x, bad) < silhouetteScore(x, labels));
  assert.ok(calinskiHarabasz(x, bad) < calinskiHarabasz(x, labels));
  assert.ok(daviesBouldin(x, bad) > daviesBouldin(x, labels));
});

test('silhouette on a seeded sample: same seed, same value; needs 2 to rows-1 clusters', () => {
  const rows = 50;
  const data = Float64Array.from({ length: rows }, (_, i) => (i % 2) * 10 + i / 100);
  const big = { data, rows, cols: 1 };
  const split = Int32Array.from({ length: rows }, (_, i) => i % 2);
  assert.equal(silhouetteScore(big, split, { sampleSize: 20, seed: 3 }), silhouetteScore(big, split, { sampleSize: 20, seed: 3 }));
  assert.ok(silhouetteScore(big, split, { sampleSize: 20 }) > 0.9);
  assert.throws(() => silhouetteScore(x, Int32Array.from([0, 0, 0, 0])), /needs 2 to rows - 1 \(3\) clusters, got 1/);
  assert.throws(() => clusterValidity('gap' as never, x, labels), /criterion must be one of silhouette/);
});
