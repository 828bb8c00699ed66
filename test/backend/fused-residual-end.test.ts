import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { BATCH_NORM_ADD_RELU_TRAIN } from '../../src/backend/index.js';
import { Random } from '../../src/core/random.js';
import { ResNetClassifier } from '../../src/models/semisupervised/resnet-classifier.js';
import { BatchNorm } from '../../src/nn/batch-norm.js';
import { Parameters } from '../../src/nn/parameters.js';
import { assertClose, assertMatchesWithGradients, backendUnderTest, skipUnlessKernels } from './compare.js';

const skip = skipUnlessKernels(BATCH_NORM_ADD_RELU_TRAIN);
const random = new Random(23);
const normal = (shape: number[], mean = 0, sd = 1): (() => tf.Tensor) => {
  const values = random.normalArray(shape.reduce((a, b) => a * b, 1)).map((v) => mean + sd * v);
  return () => tf.tensor(values, shape);
};

/** Runs `f` on the backend under test as it is, then with the fused kernel unregistered (the plain ops). */
function withAndWithoutKernel<T>(f: () => T): { fused: T; plain: T } {
  tf.setBackend(backendUnderTest.name);
  const fused = f();
  const config = tf.getKernel(BATCH_NORM_ADD_RELU_TRAIN, backendUnderTest.name)!;
  tf.unregisterKernel(BATCH_NORM_ADD_RELU_TRAIN, backendUnderTest.name);
  try {
    return { fused, plain: f() };
  } finally {
    tf.registerKernel(config);
  }
}

// One row (zero variance), one channel, more rows than one block of the native sums, rank 3.
const SHAPES = [[1, 3], [5, 1], [200, 7], [2, 9, 4]];

test(`BatchNorm.applyAddRelu in training mode: the fused kernel on ${backendUnderTest.name} gives the plain ops' output, gradients and moving statistics`, { skip }, () => {
  for (const shape of SHAPES) {
    const c = shape[shape.length - 1]!;
    // b centred off zero and the two epsilons and momenta different, so that mixing them up shows.
    const [a, b, weights] = [normal(shape, 1, 2), normal(shape, -2, 0.5), normal(shape)];
    const [gammaA, betaA, gammaB, betaB] = [normal([c]), normal([c]), normal([c]), normal([c])];
    const { fused, plain } = withAndWithoutKernel(() => tf.tidy(() => {
      const params = new Parameters();
      const first = new BatchNorm(params, { name: 'a', channels: c, momentum: 0.9, epsilon: 1e-3 });
      const second = new BatchNorm(params, { name: 'b', channels: c, momentum: 0.8, epsilon: 1e-2 });
      [first.gamma, first.beta, second.gamma, second.beta].forEach((v, i) => v.assign([gammaA, betaA, gammaB, betaB][i]!() as tf.Tensor1D));
      const [as, bs, w] = [a(), b(), weights()];
      const loss = (x: tf.Tensor, y: tf.Tensor): tf.Scalar => tf.sum(tf.mul(first.applyAddRelu(x, second, y, true), w));
      const out = first.applyAddRelu(as, second, bs, true);
      const [da, db] = tf.grads(loss)([as, bs]);
      const { grads } = tf.variableGrads(() => loss(as, bs), [first.gamma, first.beta, second.gamma, second.beta]);
      const values = [out, da!, db!, ...[first.gamma, first.beta, second.gamma, second.beta].map((v) => grads[v.name]!),
        ...[first.movingMean, first.movingVariance, second.movingMean, second.movingVariance].map((v) => tf.clone(v))]
        .map((t) => Float32Array.from(t.dataSync()));
      params.dispose();
      return values;
    }));
    assertClose(`relu(BN(a) + BN(b)) [${shape}]`, fused, plain, 1e-6);
  }
});

/** [y, meanA, varianceA, meanB, varianceB] flattened: the fused kernel where the backend has it, else moments and batchNorm. */
function addReluOutputs(a: tf.Tensor, gammaA: tf.Tensor, betaA: tf.Tensor, b: tf.Tensor, gammaB: tf.Tensor, betaB: tf.Tensor): tf.Tensor {
  const parts = tf.getKernel(BATCH_NORM_ADD_RELU_TRAIN, tf.getBackend()) !== undefined
    ? tf.engine().runKernel(BATCH_NORM_ADD_RELU_TRAIN, { a, gammaA, betaA, b, gammaB, betaB }, { epsilonA: 1e-3, epsilonB: 1e-2 }) as tf.Tensor[]
    : (() => {
      const normalise = (x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number): tf.Tensor[] => {
        const { mean, variance } = tf.moments(x, 0);
        return [tf.batchNorm2d(x as tf.Tensor2D, mean as tf.Tensor1D, variance as tf.Tensor1D, beta as tf.Tensor1D, gamma as tf.Tensor1D, epsilon), mean, variance];
      };
      const [ya, ...statsA] = normalise(a, gammaA, betaA, 1e-3);
      const [yb, ...statsB] = normalise(b, gammaB, betaB, 1e-2);
      return [tf.relu(tf.add(ya!, yb!)), ...statsA, ...statsB];
    })();
  return tf.concat(parts.map((p) => tf.reshape(p, [-1])));
}

test(`the fused relu(BN(a) + BN(b)) kernel on ${backendUnderTest.name} matches moments and batchNorm on cpu, with gradients through all five outputs`, { skip }, () => {
  for (const shape of SHAPES.filter((s) => s.length === 2)) {
    const c = shape[1]!;
    const inputs = [normal(shape, -1, 3), normal([c]), normal([c]), normal(shape, 2, 1), normal([c]), normal([c])];
    assertMatchesWithGradients(`relu(BN(a) + BN(b)) kernel [${shape}]`, (...xs) => addReluOutputs(...(xs as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor])),
      () => inputs.map((f) => f()), 1e-3);
  }
});

test(`a ResNet classifier trains on ${backendUnderTest.name} with the fused residual end as with the plain ops, without leaking tensors`, { skip }, () => {
  const losses = (): { losses: number[]; tensorsAdded: number } => {
    const rng = new Random(5);
    const before = tf.memory().numTensors;
    // Filters 6 then 8, 8: one block with a 1x1 shortcut convolution, one with the identity.
    const model = new ResNetClassifier({ channels: 2, heads: { classes: 3 }, architecture: { filters: [6, 8, 8], kernelSizes: [5, 3] }, seed: 2 }, 1e-2);
    const x = tf.tensor3d(rng.normalArray(7 * 23 * 2), [7, 23, 2]);
    const y = tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from({ length: 7 }, (_, i) => i % 3), 'int32'), 3) as tf.Tensor2D);
    const values = [model.trainStep(x, y)];
    const afterFirst = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) values.push(model.trainStep(x, y));
    assert.equal(tf.memory().numTensors, afterFirst, 'tensor count after five more steps');
    tf.dispose([x, y]);
    model.dispose();
    return { losses: values, tensorsAdded: tf.memory().numTensors - before };
  };
  const { fused, plain } = withAndWithoutKernel(losses);
  assert.equal(fused.tensorsAdded, 0, 'tensors left once the model is disposed');
  fused.losses.forEach((loss, i) => assert.ok(Math.abs(loss - plain.losses[i]!) <= 1e-5 * Math.abs(plain.losses[i]!),
    `step ${i + 1}: loss ${loss} with the fused kernel, ${plain.losses[i]} with the plain ops`));
});
