import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../../src/core/random.js';
import { tsne } from '../../src/evaluation/embedding/tsne.js';

function blobs(perBlob: number, rng: Random): { points: number[][]; labels: number[] } {
  const centres = [[0, 0, 0, 0, 0], [10, 10, 0, 0, 0], [0, 0, 10, 10, 10]];
  const points: number[][] = [];
  const labels: number[] = [];
  centres.forEach((c, label) => {
    for (let i = 0; i < perBlob; i++) {
      points.push(c.map((v) => v + rng.normal()));
      labels.push(label);
    }
  });
  return { points, labels };
}

test('t-SNE keeps well-separated blobs apart and is deterministic under a seed', () => {
  const { points, labels } = blobs(20, new Random(1));
  const a = tsne(points, { seed: 3, iterations: 400 });
  assert.deepEqual(a, tsne(points, { seed: 3, iterations: 400 }));
  // Every point's nearest embedded neighbour shares its blob.
  let agree = 0;
  a.forEach(([x, y], i) => {
    let best = -1;
    let bestD = Infinity;
    a.forEach(([u, v], j) => {
      const d = (x - u) ** 2 + (y - v) ** 2;
      if (j !== i && d < bestD) [best, bestD] = [j, d];
    });
    if (labels[best] === labels[i]) agree++;
  });
  assert.equal(agree, points.length);
});

test('t-SNE rejects too few points and ragged rows', () => {
  assert.throws(() => tsne([[1, 2]]), /at least 2 points/);
  assert.throws(() => tsne([[1, 2], [3]]), /row 2 has 1 values/);
});
