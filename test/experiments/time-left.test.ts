import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunRecord, RunSpec } from '../../src/experiments/results-store.js';
import { TimeLeft } from '../../src/experiments/time-left.js';

const spec = (method: string, seed = 0): RunSpec => ({ dataset: 'Coffee', method, seed, settings: {} });
const record = (method: string, seconds: number): RunRecord => ({ ...spec(method), key: method, metrics: {}, seconds, versions: {}, finishedAt: '' });

test('each remaining run costs its own method\'s mean time, shared by the workers', () => {
  const remaining = [spec('resnet-ae'), spec('resnet-ae+umap', 0), spec('resnet-ae+umap', 1), spec('resnet-ae+umap', 2)];
  const timeLeft = new TimeLeft(remaining, [record('resnet-ae', 90), record('resnet-ae', 110), record('resnet-ae+umap', 2)], 2);
  assert.equal(timeLeft.seconds(), (100 + 3 * 2) / 2);
  timeLeft.settle('resnet-ae', 300); // the mean of resnet-ae becomes 500 / 3
  assert.equal(timeLeft.seconds(), (3 * 2) / 2);
  timeLeft.settle('resnet-ae+umap', 4);
  timeLeft.settle('resnet-ae+umap'); // failed: one run fewer, no time learnt
  assert.equal(timeLeft.seconds(), 3, 'one run left, on one worker, at the mean of 2 and 4');
  timeLeft.settle('resnet-ae+umap', 3);
  assert.equal(timeLeft.seconds(), 0);
});

test('a method with no finished run yet costs the mean of every finished run; with none at all there is no estimate', () => {
  assert.equal(new TimeLeft([spec('dtc')], [], 1).seconds(), undefined);
  assert.equal(new TimeLeft([spec('dtc'), spec('dtc', 1)], [record('kmeans', 2), record('dec', 10)], 1).seconds(), 12);
});
