import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/backend/index.js';
import { Random } from '../../../src/core/random.js';
import { ResNetClassifier, type BatchTarget } from '../../../src/models/semisupervised/resnet-classifier.js';

await initBackend('cpu');

const config = { channels: 1, heads: { classes: 2, clusters: 4 }, architecture: { filters: [4, 6], kernelSizes: [3, 2] }, seed: 7 };
const rows = 6;
const x = tf.tensor3d(new Random(1).normalArray(rows * 12), [rows, 12, 1]);
const labelledMask = tf.tensor1d([1, 1, 0, 0, 1, 0]);
const unlabelledMask = tf.tensor1d([0, 0, 1, 1, 0, 1]);

function stepWith(classTargets: number[], clusterTargets: number[]): Float32Array[] {
  const net = new ResNetClassifier(config);
  const terms: BatchTarget[] = [
    { name: 'labelled', head: 'classes', targets: tf.tensor2d(classTargets, [rows, 2]), mask: labelledMask, weight: 0.5 },
    { name: 'clusters', head: 'clusters', targets: tf.tensor2d(clusterTargets, [rows, 4]), mask: unlabelledMask, weight: 0.5 },
  ];
  const losses = net.step(x, terms);
  assert.ok(Number.isFinite(losses['loss']!) && Math.abs(losses['loss']! - 0.5 * (losses['labelled']! + losses['clusters']!)) < 1e-5);
  const weights = net.params.trainable().map((v) => v.dataSync() as Float32Array);
  tf.dispose(terms.flatMap((t) => [t.targets]));
  net.dispose();
  return weights;
}

test('a student step ignores the class targets of unlabelled rows and the cluster targets of labelled rows', () => {
  const classes = [1, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 1];
  const clusters = [0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0.2, 0.3, 0.4, 0.1];
  const base = stepWith(classes, clusters);
  // change only what the masks hide: class rows 3, 4, 6 and cluster rows 1, 2, 5
  const otherClasses = [...classes];
  for (const row of [2, 3, 5]) [otherClasses[2 * row], otherClasses[2 * row + 1]] = [0.5, 0.5];
  const otherClusters = [...clusters];
  for (const row of [0, 1, 4]) otherClusters.splice(4 * row, 4, 0.25, 0.25, 0.25, 0.25);
  assert.deepEqual(stepWith(otherClasses, otherClusters), base);
  // and a visible change does change the step
  const visible = [...classes];
  [visible[0], visible[1]] = [0, 1];
  assert.notDeepEqual(stepWith(visible, clusters), base);
});

test('trainStep takes one Adam step on one batch and leaks nothing', () => {
  const net = new ResNetClassifier({ ...config, heads: { classes: 2 } });
  const y = tf.tensor2d([1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1], [rows, 2]);
  const before = net.params.get('head/classes/kernel').dataSync().slice();
  net.trainStep(x, y);
  const count = tf.memory().numTensors;
  const loss = net.trainStep(x, y);
  assert.equal(tf.memory().numTensors, count);
  assert.ok(Number.isFinite(loss));
  assert.notDeepEqual(net.params.get('head/classes/kernel').dataSync(), before);
  y.dispose();
  net.dispose();
});
