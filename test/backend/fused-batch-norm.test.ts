import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { BATCH_NORM_RELU_TRAIN, BATCH_NORM_TRAIN } from '../../src/backend/index.js';
import { Random } from '../../src/core/random.js';
import { BatchNorm } from '../../src/nn/batch-norm.js';
import { Parameters } from '../../src/nn/parameters.js';
import { assertClose, assertMatchesWithGradients, backendUnderTest, onBoth, skipUnlessKernels } from './compare.js';

const random = new Random(17);
const normal = (shape: number[], mean = 0, sd = 1): (() => tf.Tensor) => {
  const values = Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => mean + sd * random.normal());
  return () => tf.tensor(values, shape);
};

// One row (zero variance), one channel, more rows than one block of the native sums, rank 3.
const SHAPES = [[1, 3], [5, 1], [200, 7], [2, 9, 4]];

test(`training-mode BatchNorm (alone and followed by ReLU) on ${backendUnderTest.name} matches cpu: output, gradients, moving statistics`, { skip: backendUnderTest.skip }, () => {
  for (const [shape, relu] of SHAPES.flatMap((s) => [[s, false], [s, true]] as const)) {
    const c = shape[shape.length - 1]!;
    const x = normal(shape, 3, 2);
    const gamma = normal([c]);
    const beta = normal([c]);
    const weights = normal(shape);
    const { tested, reference } = onBoth(() => {
      const bn = new BatchNorm(new Parameters(), { name: 'bn', channels: c, momentum: 0.9 });
      bn.gamma.assign(gamma() as tf.Tensor1D);
      bn.beta.assign(beta() as tf.Tensor1D);
      const [xs, w] = [x(), weights()];
      const loss = (v: tf.Tensor): tf.Scalar => tf.sum(tf.mul(bn.apply(v, true, relu), w));
      const y = bn.apply(xs, true, relu);
      const dx = tf.grad(loss)(xs);
      const { grads } = tf.variableGrads(() => loss(xs), [bn.gamma, bn.beta]);
      const out = [y, dx, grads[bn.gamma.name]!, grads[bn.beta.name]!, ...[bn.movingMean, bn.movingVariance].map((v) => tf.clone(v))];
      tf.dispose([bn.gamma, bn.beta, bn.movingMean, bn.movingVariance]);
      return out;
    });
    assertClose(`BatchNorm [${shape}]${relu ? ' + ReLU' : ''}`, tested, reference, 1e-3);
  }
});

/**
 * [y, mean, variance] flattened into one tensor: the fused kernel (with ReLU after it when `relu`)
 * where the backend has it, else moments and batchNorm.
 */
function trainOutputs(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, relu: boolean): tf.Tensor {
  const kernel = relu ? BATCH_NORM_RELU_TRAIN : BATCH_NORM_TRAIN;
  const parts = tf.getKernel(kernel, tf.getBackend()) !== undefined
    ? tf.engine().runKernel(kernel, { x, gamma, beta }, { epsilon: 1e-3 }) as tf.Tensor[]
    : (() => {
      const { mean, variance } = tf.moments(x, 0);
      const y = tf.batchNorm2d(x as tf.Tensor2D, mean as tf.Tensor1D, variance as tf.Tensor1D, beta as tf.Tensor1D, gamma as tf.Tensor1D, 1e-3);
      return [relu ? tf.relu(y) : y, mean, variance];
    })();
  return tf.concat(parts.map((p) => tf.reshape(p, [-1])));
}

test(`the fused batch-norm kernels (with and without ReLU) on ${backendUnderTest.name} match moments and batchNorm on cpu, with gradients through all three outputs`, { skip: skipUnlessKernels(BATCH_NORM_TRAIN, BATCH_NORM_RELU_TRAIN) }, () => {
  for (const [shape, relu] of SHAPES.filter((s) => s.length === 2).flatMap((s) => [[s, false], [s, true]] as const)) {
    const c = shape[1]!;
    const x = normal(shape, -1, 3);
    const gamma = normal([c]);
    const beta = normal([c]);
    assertMatchesWithGradients(`fused batch norm [${shape}]${relu ? ' + ReLU' : ''}`, (v, g, b) => trainOutputs(v!, g!, b!, relu), () => [x(), gamma(), beta()], 1e-3);
  }
});
