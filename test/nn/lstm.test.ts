import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/index.js';
import { Random } from '../../src/core/random.js';
import { Parameters } from '../../src/nn/parameters.js';
import { addLstmWeights, bidirectionalLstm, lstmSequence, type LstmWeights } from '../../src/nn/lstm.js';
import { checkGradients } from '../models/deep/finite-differences.js';

await initBackend('cpu');

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

/** A step-by-step scalar reference, written from the convention in lstm.ts. */
function reference(x: number[][], w: { kernel: number[][]; recurrentKernel: number[][]; bias: number[] }, units: number): number[][] {
  let h = new Array<number>(units).fill(0);
  let c = new Array<number>(units).fill(0);
  return x.map((xt) => {
    const pre = (gate: number, j: number): number => {
      let s = w.bias[gate * units + j]!;
      xt.forEach((v, f) => (s += v * w.kernel[f]![gate * units + j]!));
      h.forEach((v, k) => (s += v * w.recurrentKernel[k]![gate * units + j]!));
      return s;
    };
    const next = h.map((_, j) => {
      const [i, f, g, o] = [sigmoid(pre(0, j)), sigmoid(pre(1, j)), Math.tanh(pre(2, j)), sigmoid(pre(3, j))];
      const cell = f * c[j]! + i * g;
      return { cell, out: o * Math.tanh(cell) };
    });
    c = next.map((n) => n.cell);
    h = next.map((n) => n.out);
    return h;
  });
}

function weights(seed: number, features: number, units: number): LstmWeights {
  return addLstmWeights(new Parameters(), new Random(seed), 'lstm', features, units);
}

test('lstmSequence matches a step-by-step scalar reference; the forget bias starts at 1', () => {
  const rng = new Random(2);
  const [B, T, F, H] = [2, 4, 3, 2];
  const w = weights(1, F, H);
  assert.deepEqual(Array.from(w.bias.dataSync()), [0, 0, 1, 1, 0, 0, 0, 0]);
  const x = Array.from({ length: B }, () => Array.from({ length: T }, () => Array.from({ length: F }, () => rng.normal())));
  const out = lstmSequence(tf.tensor3d(x), w).arraySync();
  const plain = { kernel: w.kernel.arraySync(), recurrentKernel: w.recurrentKernel.arraySync(), bias: Array.from(w.bias.dataSync()) };
  for (let b = 0; b < B; b++) {
    reference(x[b]!, plain, H).forEach((h, t) => h.forEach((v, j) => assert.ok(Math.abs(v - out[b]![t]![j]!) < 1e-5, `b${b} t${t} j${j}`)));
  }
  assert.deepEqual(lstmSequence(tf.tensor3d([[[1, 2, 3]]]), w).shape, [1, 1, 2]);
});

test('the bidirectional LSTM sums or concatenates a forward and a time-reversed pass', () => {
  const rng = new Random(3);
  const x = tf.tensor3d(rng.normalArray(2 * 5 * 1), [2, 5, 1]);
  const [fw, bw] = [weights(4, 1, 3), weights(5, 1, 3)];
  const expected = tf.add(lstmSequence(x, fw), tf.reverse(lstmSequence(tf.reverse(x, 1), bw), 1));
  const got = bidirectionalLstm(x, fw, bw, 'sum');
  assert.ok(tf.max(tf.abs(tf.sub(expected, got))).dataSync()[0]! < 1e-6);
  assert.deepEqual(bidirectionalLstm(x, fw, bw, 'concat').shape, [2, 5, 6]);
});

test('the LSTM gradient matches finite differences', () => {
  const rng = new Random(6);
  const w = weights(7, 2, 2);
  const x = tf.tensor3d(rng.normalArray(2 * 3 * 2), [2, 3, 2]);
  checkGradients((input, kernel, recurrent) => tf.sum(tf.square(lstmSequence(input as tf.Tensor3D, { kernel: kernel as tf.Tensor2D, recurrentKernel: recurrent as tf.Tensor2D, bias: w.bias }))) as tf.Scalar, [x, w.kernel, w.recurrentKernel]);
});
