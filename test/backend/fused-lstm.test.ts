import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { LSTM_SEQUENCE } from '../../src/backend/index.js';
import { Random } from '../../src/core/random.js';
import { DtcNetwork } from '../../src/models/deep/dtc-network.js';
import { bidirectionalLstm, lstmSequence, type LstmWeights } from '../../src/nn/lstm.js';
import { Parameters } from '../../src/nn/parameters.js';
import { assertClose, assertMatchesWithGradients, assertStepsDoNotLeak, backendUnderTest, onBoth, skipUnlessKernels } from './compare.js';

const skip = backendUnderTest.skip;
const random = new Random(11);
const normal = (shape: number[], scale = 1): (() => tf.Tensor) => {
  const values = Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => scale * random.normal());
  return () => tf.tensor(values, shape);
};

function weights(features: number, units: number): (() => tf.Tensor)[] {
  return [normal([features, 4 * units], 0.5), normal([units, 4 * units], 0.5), normal([4 * units], 0.3)];
}

const asWeights = (k: tf.Tensor, rk: tf.Tensor, b: tf.Tensor): LstmWeights =>
  ({ kernel: k as tf.Tensor2D, recurrentKernel: rk as tf.Tensor2D, bias: b as tf.Tensor1D });

test(`lstmSequence on ${backendUnderTest.name} matches the cpu ops, with gradients (batch 1, length 1, units not a multiple of 16)`, { skip }, () => {
  const cases = [
    { batch: 3, steps: 7, features: 2, units: 5 },
    { batch: 1, steps: 1, features: 1, units: 1 },
    { batch: 2, steps: 1, features: 4, units: 3 },
    { batch: 1, steps: 9, features: 3, units: 4 },
    { batch: 4, steps: 12, features: 6, units: 17 },
    { batch: 2, steps: 5, features: 50, units: 50 },
  ];
  for (const c of cases) {
    const x = normal([c.batch, c.steps, c.features]);
    const w = weights(c.features, c.units);
    const sequence = (xs: tf.Tensor, k: tf.Tensor, rk: tf.Tensor, b: tf.Tensor) => lstmSequence(xs as tf.Tensor3D, asWeights(k, rk, b));
    assertMatchesWithGradients(`lstmSequence ${JSON.stringify(c)}`, sequence as (...xs: tf.Tensor[]) => tf.Tensor,
      () => [x(), ...w.map((f) => f())]);
  }
});

test(`a summed bidirectional LSTM on ${backendUnderTest.name} matches the cpu ops, with gradients`, { skip }, () => {
  const x = normal([3, 6, 4]);
  const [fw, bw] = [weights(4, 7), weights(4, 7)];
  const layer = (xs: tf.Tensor, ...w: tf.Tensor[]) =>
    bidirectionalLstm(xs as tf.Tensor3D, asWeights(w[0]!, w[1]!, w[2]!), asWeights(w[3]!, w[4]!, w[5]!), 'sum');
  assertMatchesWithGradients('bidirectionalLstm', layer as (...xs: tf.Tensor[]) => tf.Tensor,
    () => [x(), ...fw.map((f) => f()), ...bw.map((f) => f())]);
});

test(`DTC's autoencoder on ${backendUnderTest.name} gives the cpu ops' reconstruction loss and parameter gradients`, { skip }, () => {
  const series = normal([3, 37, 2]);
  const { tested, reference } = onBoth(() => {
    const params = new Parameters();
    const network = new DtcNetwork(params, new Random(4), { filters: 6, kernelSize: 5, poolSize: 4, units: [9, 1] }, 37, 2);
    const x = series() as tf.Tensor3D;
    const { value, grads } = tf.variableGrads(() => tf.mean(tf.square(tf.sub(network.decode(network.encode(x)), x))) as tf.Scalar);
    const names = params.names();
    const out = [value, ...names.map((n) => tf.clone(grads[params.get(n).name]!))];
    params.dispose();
    return out;
  });
  assertClose('DTC autoencoder loss and gradients', tested, reference);
});

test(`LSTM training steps on ${backendUnderTest.name} neither leak tensors nor grow memory`, { skip: skipUnlessKernels(LSTM_SEQUENCE) }, () => {
  tf.setBackend(backendUnderTest.name);
  const x = tf.keep(normal([4, 30, 2])());
  const vars = [...weights(2, 8), ...weights(2, 8)].map((f) => tf.variable(f()));
  const optimizer = tf.train.adam(1e-3);
  const step = (): void => {
    optimizer.minimize(() => {
      const [k, rk, b, bk, brk, bb] = vars as tf.Variable[];
      return tf.mean(tf.square(bidirectionalLstm(x as tf.Tensor3D, asWeights(k!, rk!, b!), asWeights(bk!, brk!, bb!), 'sum')));
    }, true)?.dispose();
  };
  assertStepsDoNotLeak(step);
  tf.dispose([x, ...vars]);
  optimizer.dispose();
});
