import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/index.js';
import { Random } from '../../src/core/random.js';
import { gruFeedbackDecode, gruSequence, type GruWeights } from '../../src/nn/gru.js';

await initBackend('cpu');

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

interface Plain {
  kernel: number[][];
  recurrentKernel: number[][];
  bias: number[];
  recurrentBias: number[];
}

/** Step-by-step scalar reference of one GRU step, written from the convention in gru.ts. */
function referenceStep(x: number[], h: number[], w: Plain): number[] {
  const H = h.length;
  const gate = (g: number, j: number, useX: boolean): number => {
    let s = 0;
    if (useX) {
      for (let f = 0; f < x.length; f++) s += x[f]! * w.kernel[f]![g * H + j]!;
      s += w.bias[g * H + j]!;
    } else {
      for (let k = 0; k < H; k++) s += h[k]! * w.recurrentKernel[k]![g * H + j]!;
      s += w.recurrentBias[g * H + j]!;
    }
    return s;
  };
  return h.map((hj, j) => {
    const r = sigmoid(gate(0, j, true) + gate(0, j, false));
    const z = sigmoid(gate(1, j, true) + gate(1, j, false));
    const n = Math.tanh(gate(2, j, true) + r * gate(2, j, false));
    return (1 - z) * n + z * hj;
  });
}

function randomWeights(rng: Random, F: number, H: number): { plain: Plain; tensors: GruWeights } {
  const mat = (r: number, c: number): number[][] => Array.from({ length: r }, () => Array.from({ length: c }, () => rng.uniform(-0.5, 0.5)));
  const vec = (n: number): number[] => Array.from({ length: n }, () => rng.uniform(-0.5, 0.5));
  const plain = { kernel: mat(F, 3 * H), recurrentKernel: mat(H, 3 * H), bias: vec(3 * H), recurrentBias: vec(3 * H) };
  const tensors = {
    kernel: tf.tensor2d(plain.kernel),
    recurrentKernel: tf.tensor2d(plain.recurrentKernel),
    bias: tf.tensor1d(plain.bias),
    recurrentBias: tf.tensor1d(plain.recurrentBias),
  };
  return { plain, tensors };
}

test('gruSequence matches a step-by-step scalar reference', () => {
  const rng = new Random(7);
  const [B, T, F, H] = [3, 5, 2, 4];
  const { plain, tensors } = randomWeights(rng, F, H);
  const x = Array.from({ length: B }, () => Array.from({ length: T }, () => Array.from({ length: F }, () => rng.normal())));
  const h0 = Array.from({ length: B }, () => Array.from({ length: H }, () => rng.normal() * 0.1));
  const out = gruSequence(tf.tensor3d(x), tf.tensor2d(h0), tensors).arraySync();
  for (let b = 0; b < B; b++) {
    let h = h0[b]!;
    for (let t = 0; t < T; t++) {
      h = referenceStep(x[b]![t]!, h, plain);
      h.forEach((v, j) => assert.ok(Math.abs(v - out[b]![t]![j]!) < 1e-5, `b${b} t${t} j${j}`));
    }
  }
});

test('gruFeedbackDecode feeds x0 first, then each output', () => {
  const rng = new Random(8);
  const [B, H, steps] = [2, 3, 6];
  const { plain, tensors } = randomWeights(rng, 1, H);
  const pk = Array.from({ length: H }, () => [rng.uniform(-1, 1)]);
  const pb = [rng.uniform(-0.1, 0.1)];
  const x0 = [[0.3], [-0.7]];
  const h0 = Array.from({ length: B }, () => Array.from({ length: H }, () => rng.normal() * 0.5));
  const y = gruFeedbackDecode(tf.tensor2d(x0), tf.tensor2d(h0), tensors, { kernel: tf.tensor2d(pk), bias: tf.tensor1d(pb) }, steps).arraySync();
  for (let b = 0; b < B; b++) {
    let h = h0[b]!;
    let u = x0[b]![0]!;
    for (let t = 0; t < steps; t++) {
      h = referenceStep([u], h, plain);
      u = h.reduce((s, v, j) => s + v * pk[j]![0]!, pb[0]!);
      assert.ok(Math.abs(u - y[b]![t]!) < 1e-5, `b${b} t${t}`);
    }
  }
});

test('gruSequence gradients match finite differences', () => {
  const rng = new Random(9);
  const [B, T, F, H] = [2, 4, 2, 3];
  const { tensors } = randomWeights(rng, F, H);
  const x = tf.tensor3d(Array.from({ length: B * T * F }, () => rng.normal()), [B, T, F]);
  const h0 = tf.zeros([B, H]) as tf.Tensor2D;
  const lossOf = (kernel: tf.Tensor2D): tf.Scalar => tf.sum(tf.square(gruSequence(x, h0, { ...tensors, kernel })));
  const grad = tf.grad((k) => lossOf(k as tf.Tensor2D))(tensors.kernel).dataSync();
  const base = tensors.kernel.dataSync();
  const eps = 1e-2;
  for (const i of [0, 4, 9, 17]) {
    const plus = Float32Array.from(base);
    const minus = Float32Array.from(base);
    plus[i] += eps;
    minus[i] -= eps;
    const fd = (lossOf(tf.tensor2d(plus, [F, 3 * H])).dataSync()[0]! - lossOf(tf.tensor2d(minus, [F, 3 * H])).dataSync()[0]!) / (2 * eps);
    assert.ok(Math.abs(fd - grad[i]!) < 1e-2 * Math.max(1, Math.abs(fd)), `i=${i}: fd ${fd} vs grad ${grad[i]}`);
  }
});
