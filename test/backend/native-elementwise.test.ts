import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { Random } from '../../src/core/random.js';
import { assertClose, assertMatchesWithGradients, backendUnderTest, onBoth } from './compare.js';

const skip = backendUnderTest.skip;
const random = new Random(23);
const normal = (shape: number[]): (() => tf.Tensor) => {
  const values = Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => random.normal());
  return () => tf.tensor(values, shape);
};

const BROADCASTS: [number[], number[]][] = [
  [[3, 4], [3, 4]], [[2, 3, 4], [4]], [[2, 3, 4], [3, 1]], [[1], [2, 5]], [[2, 1, 4], [1, 3, 1]], [[], [3, 2]],
  [[1, 1], [1, 1]], [[5, 1, 6], [5, 7, 6]],
];

test(`elementwise functions on ${backendUnderTest.name} match cpu, with gradients`, { skip }, () => {
  const x = normal([3, 50]);
  const ops: [string, (v: tf.Tensor) => tf.Tensor][] = [
    ['relu', tf.relu], ['step', (v) => tf.step(v, 0.3)], ['square', tf.square], ['neg', tf.neg],
    ['sqrt', (v) => tf.sqrt(tf.add(tf.abs(v), 0.1))], ['rsqrt', (v) => tf.rsqrt(tf.add(tf.abs(v), 0.1))],
    ['exp', (v) => tf.exp(tf.mul(v, 3))], ['sigmoid', (v) => tf.sigmoid(tf.mul(v, 5))], ['tanh', (v) => tf.tanh(tf.mul(v, 5))],
  ];
  for (const [name, op] of ops) assertMatchesWithGradients(name, (v) => op(v!), () => [x()]);
  // ReLU's gradient at and around 0 (the native backend's own gradient kernel).
  assertMatchesWithGradients('relu at 0', (v) => tf.relu(v!), () => [tf.tensor([-1, 0, -0, 2, 1e-30, -1e-30])]);
});

test(`broadcast arithmetic on ${backendUnderTest.name} matches cpu, with gradients`, { skip }, () => {
  const ops: [string, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor][] = [
    ['add', tf.add], ['sub', tf.sub], ['mul', tf.mul], ['div', (a, b) => tf.div(a, tf.add(tf.abs(b), 0.5))],
    ['squaredDifference', tf.squaredDifference], ['maximum', tf.maximum], ['minimum', tf.minimum],
  ];
  for (const [sa, sb] of BROADCASTS) {
    const a = normal(sa);
    const b = normal(sb);
    for (const [name, op] of ops) {
      // TF.js's own gradients of these do not reduce broadcast shapes.
      if (['squaredDifference', 'maximum', 'minimum'].includes(name) && sa.join() !== sb.join()) continue;
      assertMatchesWithGradients(`${name} [${sa}] with [${sb}]`, (x, y) => op(x!, y!), () => [a(), b()]);
    }
  }
});

test(`sum and mean on ${backendUnderTest.name} match cpu over any axes, with gradients`, { skip }, () => {
  const cases: [number[], number | number[] | undefined, boolean][] = [
    [[4, 5, 6], [0, 1], false], [[4, 5, 6], 2, true], [[4, 5, 6], undefined, false], [[4, 5, 6], [0, 2], true],
    [[7], 0, false], [[1, 3, 1], [0], false], [[3, 1, 4], 1, false], [[2, 3, 4, 5], [1, 3], false],
  ];
  for (const [shape, axis, keepDims] of cases) {
    const x = normal(shape);
    assertMatchesWithGradients(`sum [${shape}] axis ${axis}`, (v) => tf.sum(v!, axis, keepDims), () => [x()]);
    assertMatchesWithGradients(`mean [${shape}] axis ${axis}`, (v) => tf.mean(v!, axis, keepDims), () => [x()]);
  }
});

test(`transpose, reverse, slice, split, concat, tile and pad on ${backendUnderTest.name} match cpu, with gradients`, { skip }, () => {
  const x = normal([3, 4, 5]);
  const layouts: [string, (v: tf.Tensor) => tf.Tensor][] = [
    ['transpose 0,2,1', (v) => tf.transpose(v, [0, 2, 1])],
    ['transpose 2,0,1', (v) => tf.transpose(v, [2, 0, 1])],
    ['reverse 1', (v) => tf.reverse(v, 1)],
    ['reverse 0,2', (v) => tf.reverse(v, [0, 2])],
    ['slice middle', (v) => tf.slice(v, [1, 1, 2], [2, 2, 3])],
    ['slice rows', (v) => tf.slice(v, [1, 0, 0], [1, 4, 5])],
    ['split axis 2', (v) => tf.concat(tf.split(v, [2, 3], 2).map((p, i) => tf.mul(p, i + 1)), 2)],
    ['concat axis 1', (v) => tf.concat([v, tf.square(v)], 1)],
    ['concat axis 2, three inputs', (v) => tf.concat([v, tf.square(v), tf.slice(v, [0, 0, 1], [3, 4, 2])], 2)],
    ['concat axis 0', (v) => tf.concat([v, tf.neg(v)], 0)],
    ['tile', (v) => tf.tile(v, [2, 1, 3])],
    ['pad', (v) => tf.pad(v, [[0, 2], [1, 0], [3, 1]], 0.5)],
  ];
  for (const [name, f] of layouts) assertMatchesWithGradients(name, (v) => f(v!), () => [x()]);
  const ints = tf.tensor3d(Array.from({ length: 24 }, (_, i) => i), [2, 3, 4], 'int32');
  const { tested, reference } = onBoth(() => [tf.cast(tf.transpose(ints, [2, 0, 1]), 'float32'),
    tf.cast(tf.reverse(ints, 2), 'float32'), tf.cast(tf.slice(ints, [0, 1, 1], [2, 2, 2]), 'float32'),
    tf.cast(tf.pad(ints, [[1, 0], [0, 2], [1, 1]], 7), 'float32'), tf.cast(tf.concat([ints, ints], 1), 'float32')]);
  assertClose('int32 layouts', tested, reference, 0);
});

test(`batchNorm on ${backendUnderTest.name} matches cpu, with gradients through batch statistics`, { skip }, () => {
  for (const shape of [[4, 6, 3], [1, 1, 2], [2, 5, 1], [3, 7]]) {
    const c = shape[shape.length - 1]!;
    const x = normal(shape);
    const gamma = normal([c]);
    const beta = normal([c]);
    const axes = shape.map((_, i) => i).slice(0, -1);
    const norm = (v: tf.Tensor, g: tf.Tensor, b: tf.Tensor): tf.Tensor => {
      const { mean, variance } = tf.moments(v, axes);
      return tf.batchNorm(v, mean, variance, b, g, 1e-3);
    };
    assertMatchesWithGradients(`batchNorm [${shape}]`, (v, g, b) => norm(v!, g!, b!), () => [x(), gamma(), beta()], 1e-3);
    // Forward only without scale: TF.js cannot record batchNorm without a scale for gradients.
    const [mean, variance] = [normal([c]), normal([c])];
    const { tested, reference } = onBoth(() => [tf.batchNorm(x(), mean(), tf.square(variance()), undefined, undefined, 1e-3)]);
    assertClose(`batchNorm [${shape}] given statistics, no scale or offset`, tested, reference, 1e-3);
  }
});
