import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { loadAddon } from '../../src/backend/native/addon.js';
import { Random } from '../../src/core/random.js';
import { checkConv1D } from '../nn/conv1d-check.js';
import { assertClose, assertMatchesWithGradients, backendUnderTest, onBoth, skipUnlessKernels } from './compare.js';

const skip = backendUnderTest.skip;
const convSkip = skipUnlessKernels(tf.Conv2D, tf.Conv2DBackpropInput, tf.Conv2DBackpropFilter);
const random = new Random(11);
const normal = (shape: number[]): (() => tf.Tensor) => {
  const values = Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => random.normal());
  return () => tf.tensor(values, shape);
};

test(`matMul on ${backendUnderTest.name} matches cpu, with gradients (transposes, batches)`, { skip }, () => {
  const cases: [number[], number[], boolean, boolean][] = [
    [[1, 1], [1, 1], false, false],
    [[3, 5], [5, 4], false, false],
    [[5, 3], [5, 4], true, false],
    [[3, 5], [4, 5], false, true],
    [[5, 3], [4, 5], true, true],
    [[2, 3, 5], [2, 5, 4], false, false],
    [[2, 5, 3], [2, 4, 5], true, true],
  ];
  for (const [sa, sb, ta, tb] of cases) {
    const a = normal(sa);
    const b = normal(sb);
    assertMatchesWithGradients(`matMul ${sa} x ${sb} (${ta}, ${tb})`, (x, y) => tf.matMul(x!, y!, ta, tb), () => [a(), b()]);
  }
});

test(`matMul on ${backendUnderTest.name} matches cpu when one side broadcasts over the batch`, { skip }, () => {
  // Forward only: TF.js's own BatchMatMul gradient does not reduce broadcast batches.
  for (const [sa, sb] of [[[4, 3, 5], [5, 6]], [[5, 6], [4, 6, 3]], [[1, 3, 5], [4, 5, 2]]] as const) {
    const a = normal([...sa]);
    const b = normal([...sb]);
    const { tested, reference } = onBoth(() => [tf.matMul(a(), b())]);
    assertClose(`matMul ${sa} x ${sb}`, tested, reference);
  }
});

const addon = backendUnderTest.name === 'native' && backendUnderTest.skip === false ? loadAddon() : null;

/** Runs `check` once per convolution engine of the backend under test: oneDNN (when built) and im2col + sgemm on native. */
function forEachConvEngine(check: (engine: string) => void): void {
  if (addon === null) {
    check(backendUnderTest.name);
    return;
  }
  try {
    if (addon.useOneDnn(true)) check('oneDNN');
    addon.useOneDnn(false);
    check('im2col');
  } finally {
    addon.useOneDnn(true);
  }
}

test(`conv1d on ${backendUnderTest.name} matches cpu, with gradients (kernel sizes, padding, stride, edge sizes; TF.js has no gradient for dilated conv)`, { skip: convSkip }, () => {
  const cases: { x: number[]; w: number[]; stride: number; pad: 'same' | 'valid'; dilation: number }[] = [
    { x: [2, 20, 3], w: [8, 3, 4], stride: 1, pad: 'same', dilation: 1 },
    { x: [3, 17, 4], w: [5, 4, 6], stride: 1, pad: 'same', dilation: 1 },
    { x: [1, 9, 2], w: [3, 2, 3], stride: 1, pad: 'valid', dilation: 1 },
    { x: [2, 11, 3], w: [3, 3, 2], stride: 2, pad: 'same', dilation: 1 },
    { x: [4, 10, 5], w: [1, 5, 7], stride: 1, pad: 'same', dilation: 1 },
    { x: [1, 1, 1], w: [8, 1, 4], stride: 1, pad: 'same', dilation: 1 },
    { x: [1, 3, 2], w: [8, 2, 1], stride: 1, pad: 'same', dilation: 1 },
    // A filter just longer than the series: oneDNN 2.6's brgconv got these wrong (short subseries of the triplet loss).
    { x: [6, 7, 64], w: [8, 64, 64], stride: 1, pad: 'same', dilation: 1 },
    { x: [6, 7, 1], w: [9, 1, 64], stride: 1, pad: 'same', dilation: 1 },
    { x: [2, 15, 16], w: [16, 16, 32], stride: 1, pad: 'same', dilation: 1 },
  ];
  for (const c of cases) {
    const x = normal(c.x);
    const w = normal(c.w);
    forEachConvEngine((engine) => assertMatchesWithGradients(`${engine}: conv1d x ${c.x} w ${c.w} stride ${c.stride} ${c.pad} dilation ${c.dilation}`,
      (a, b) => tf.conv1d(a as tf.Tensor3D, b as tf.Tensor3D, c.stride, c.pad, 'NWC', c.dilation), () => [x(), w()]));
  }
});

test(`dilated conv1d on ${backendUnderTest.name} matches cpu (dilation up to beyond the series)`, { skip: convSkip }, () => {
  for (const [shape, k, dilation] of [[[2, 20, 3], 3, 2], [[1, 9, 2], 5, 4], [[2, 5, 2], 3, 8]] as const) {
    const x = normal([...shape]);
    const w = normal([k, shape[2], 4]);
    forEachConvEngine((engine) => {
      const { tested, reference } = onBoth(() => [tf.conv1d(x() as tf.Tensor3D, w() as tf.Tensor3D, 1, 'same', 'NWC', dilation)]);
      assertClose(`${engine}: conv1d x ${shape} k ${k} dilation ${dilation}`, tested, reference);
    });
  }
});

test(`conv2d on ${backendUnderTest.name} matches cpu, with gradients (2-D kernels, strides, explicit padding)`, { skip: convSkip }, () => {
  const x = normal([2, 7, 6, 3]);
  const w = normal([3, 2, 3, 4]);
  forEachConvEngine((engine) => {
    assertMatchesWithGradients(`${engine}: conv2d same`, (a, b) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same'), () => [x(), w()]);
    assertMatchesWithGradients(`${engine}: conv2d stride 2 valid`, (a, b) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, [2, 2], 'valid'), () => [x(), w()]);
    assertMatchesWithGradients(`${engine}: conv2d explicit padding`,
      (a, b) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, [[0, 0], [1, 2], [0, 1], [0, 0]]), () => [x(), w()]);
  });
});

test(`fused conv2d (bias inside the convolution) on ${backendUnderTest.name} matches cpu, with gradients; fused activations fall back`, { skip: convSkip }, () => {
  for (const [xs, ws, stride] of [[[2, 1, 20, 3], [1, 8, 3, 4], 1], [[3, 1, 9, 5], [1, 1, 5, 6], 1], [[2, 5, 6, 3], [3, 2, 3, 4], 2]] as const) {
    const x = normal([...xs]);
    const w = normal([...ws]);
    const bias = normal([ws[3]]);
    forEachConvEngine((engine) => {
      assertMatchesWithGradients(`${engine}: fused conv2d x ${xs} w ${ws} stride ${stride} + bias`,
        (a, b, c) => tf.fused.conv2d({ x: a as tf.Tensor4D, filter: b as tf.Tensor4D, bias: c, strides: stride, pad: 'same' }),
        () => [x(), w(), bias()]);
      const { tested, reference } = onBoth(() => [tf.fused.conv2d({ x: x() as tf.Tensor4D, filter: w() as tf.Tensor4D, bias: bias(), strides: stride, pad: 'same', activation: 'relu' })]);
      assertClose(`${engine}: fused conv2d x ${xs} w ${ws} + bias, relu`, tested, reference);
    });
  }
});

test(`the Conv1D layer on ${backendUnderTest.name} matches direct loops, output and gradients of input, kernel and bias`, { skip: convSkip }, () => {
  checkConv1D();
});
