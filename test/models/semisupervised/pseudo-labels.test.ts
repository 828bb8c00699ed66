import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../../../src/core/random.js';
import { pseudoLabels } from '../../../src/models/semisupervised/pseudo-labels.js';

const rng = new Random(4);
const rows = 30;
const cols = 3;
const data = Float32Array.from({ length: rows * cols }, (_, i) => Math.floor(i / cols) % 3 * 5 + rng.normal());
const features = { data, rows, cols };

test('soft pseudo-labels have 2K columns and rows that sum to 1', async () => {
  const soft = await pseudoLabels(features, { nClusters: 4, variant: 'soft', hardClustering: 'kmeans', seed: 1 });
  assert.equal(soft.length, rows * 4);
  for (let r = 0; r < rows; r++) {
    const sum = soft.slice(r * 4, r * 4 + 4).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - 1) < 1e-5, `row ${r} sums to ${sum}`);
  }
});

test('hard pseudo-labels are one-hot, from k-means or from the mixture', async () => {
  for (const hardClustering of ['kmeans', 'mixture'] as const) {
    const hard = await pseudoLabels(features, { nClusters: 4, variant: 'hard', hardClustering, seed: 1 });
    assert.equal(hard.length, rows * 4);
    for (let r = 0; r < rows; r++) {
      const row = [...hard.slice(r * 4, r * 4 + 4)];
      assert.equal(row.filter((v) => v === 1).length, 1, `${hardClustering} row ${r}`);
      assert.equal(row.filter((v) => v === 0).length, 3);
    }
  }
  await assert.rejects(pseudoLabels(features, { nClusters: 40, variant: 'hard', hardClustering: 'kmeans', seed: 1 }), /at least as many series/);
});
