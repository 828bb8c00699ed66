import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { Random } from '../../src/core/random.js';
import { DTCR } from '../../src/models/dtcr/dtcr.js';
import { DilatedAutoencoder } from '../../src/models/deep/dilated-autoencoder.js';
import { DtcrEncoder } from '../../src/models/dtcr/encoder.js';
import { ResNetClassifier } from '../../src/models/semisupervised/resnet-classifier.js';
import { Adam } from '../../src/nn/adam.js';
import { Parameters } from '../../src/nn/parameters.js';
import { assertClose, backendUnderTest, onBoth } from './compare.js';

/** Losses of a tiny DTCR's first training steps (past its first F refresh) on one backend. */
function dtcrLosses(backend: string): number[] {
  tf.setBackend(backend);
  const model = new DTCR({ nClusters: 2, units: [8, 4, 4], dilations: [1, 4, 16], seed: 1 });
  model.initialize({ data: Float64Array.from(new Random(3).normalArray(6 * 37)), rows: 6, length: 37 });
  const losses = Array.from({ length: 12 }, () => model.trainStep().total);
  model.dispose();
  return losses;
}

/** Losses of a small ResNet's first training steps (every block, a 1x1 shortcut, BatchNorm and ReLU) on one backend. */
function resnetLosses(backend: string): number[] {
  tf.setBackend(backend);
  const rng = new Random(5);
  const model = new ResNetClassifier({ channels: 2, heads: { classes: 3 }, architecture: { filters: [6, 8, 8], kernelSizes: [8, 5, 3] }, seed: 2 }, 1e-2);
  const x = tf.tensor3d(rng.normalArray(7 * 29 * 2), [7, 29, 2]);
  const y = tf.oneHot(tf.tensor1d(Array.from({ length: 7 }, (_, i) => i % 3), 'int32'), 3) as tf.Tensor2D;
  const losses = Array.from({ length: 8 }, () => model.trainStep(x, y));
  tf.dispose([x, y]);
  model.dispose();
  return losses;
}

/** Reconstruction losses of a small dilated causal CNN autoencoder's first Adam steps (dilations up to beyond the series) on one backend. */
function causalCnnLosses(backend: string): number[] {
  tf.setBackend(backend);
  const rng = new Random(8);
  const params = new Parameters();
  const network = new DilatedAutoencoder(params, rng, { latentSize: 3, architecture: { depth: 5, channels: 4, reducedSize: 6, kernelSize: 3 }, length: 19, channels: 2 });
  const x = tf.tensor3d(rng.normalArray(5 * 19 * 2), [5, 19, 2]);
  const optimizer = new Adam({ learningRate: 1e-2 });
  const losses = Array.from({ length: 8 }, () => {
    const loss = optimizer.minimize(() => tf.mean(tf.squaredDifference(network.decode(network.encode(x)), x)) as tf.Scalar, true, params.trainable())!;
    const value = loss.dataSync()[0]!;
    loss.dispose();
    return value;
  });
  tf.dispose([x]);
  optimizer.dispose();
  params.dispose();
  return losses;
}

for (const [name, losses] of [['DTCR', dtcrLosses], ['ResNet', resnetLosses], ['The dilated causal CNN autoencoder', causalCnnLosses]] as const) {
  test(`${name} trains on ${backendUnderTest.name} as on cpu, step for step`, { skip: backendUnderTest.skip }, () => {
    const reference = losses('cpu');
    const tested = losses(backendUnderTest.name);
    tested.forEach((loss, i) => assert.ok(Math.abs(loss - reference[i]!) <= 1e-3 * Math.abs(reference[i]!),
      `step ${i + 1}: loss ${loss} but ${reference[i]} on cpu`));
  });
}

test(`DTCR's encoder gives on ${backendUnderTest.name} the representation it gives on cpu (both stack layouts)`, { skip: backendUnderTest.skip }, () => {
  const values = new Random(7).normalArray(5 * 37);
  for (const encoderStacks of ['separate', 'joined'] as const) {
    const { tested, reference } = onBoth(() => {
      const params = new Parameters();
      const encoder = new DtcrEncoder(params, new Random(2), 1, { units: [6, 4, 4], dilations: [1, 4, 16], encoderStacks, gateBias: 0 });
      const representation = encoder.encode(tf.tensor3d(values, [5, 37, 1]));
      params.dispose();
      return [representation];
    });
    assertClose(`${encoderStacks} representation`, tested, reference);
  }
});
