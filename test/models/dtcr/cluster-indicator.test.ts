import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/backend/index.js';
import { Random } from '../../../src/core/random.js';
import { initialIndicator, kmeansTrace, topSingularIndicator } from '../../../src/models/dtcr/cluster-indicator.js';

await initBackend('cpu');

function gram(f: Float32Array, rows: number, k: number): number[][] {
  return Array.from({ length: k }, (_, a) =>
    Array.from({ length: k }, (_, b) => {
      let s = 0;
      for (let i = 0; i < rows; i++) s += f[i * k + a]! * f[i * k + b]!;
      return s;
    }),
  );
}

function assertOrthonormal(f: Float32Array, rows: number, k: number): void {
  gram(f, rows, k).forEach((row, a) => row.forEach((v, b) => assert.ok(Math.abs(v - (a === b ? 1 : 0)) < 1e-4, `FᵀF[${a}][${b}] = ${v}`)));
}

test('the initial F and the refreshed F are orthonormal, on both sides of the Gram matrix', () => {
  const rng = new Random(1);
  assertOrthonormal(initialIndicator(rng, 12, 3), 12, 3);
  for (const [rows, dims] of [
    [10, 6],
    [6, 10],
  ] as const) {
    assertOrthonormal(topSingularIndicator(rng.normalArray(rows * dims), rows, dims, 3), rows, 3);
  }
});

test('the refreshed F maximises Tr(FᵀHᵀHF): the same projector FFᵀ from the d x d and the N x N routes', () => {
  const rng = new Random(2);
  const [rows, dims, k] = [9, 5, 2];
  const h = rng.normalArray(rows * dims);
  const small = topSingularIndicator(h, rows, dims, k); // d < N: the d x d route
  // The N x N route, forced by padding the representation with zero columns up to N dims.
  const padded = new Float32Array(rows * rows);
  for (let i = 0; i < rows; i++) padded.set(h.subarray(i * dims, (i + 1) * dims), i * rows);
  const large = topSingularIndicator(padded, rows, rows, k);
  const projector = (f: Float32Array, i: number, j: number): number => {
    let s = 0;
    for (let c = 0; c < k; c++) s += f[i * k + c]! * f[j * k + c]!;
    return s;
  };
  for (let i = 0; i < rows; i++) for (let j = 0; j < rows; j++) assert.ok(Math.abs(projector(small, i, j) - projector(large, i, j)) < 1e-4);
  const r = tf.tensor2d(h, [rows, dims]);
  const best = kmeansTrace(r, tf.tensor2d(small, [rows, k])).dataSync()[0]!;
  for (let trial = 0; trial < 20; trial++) {
    const other = kmeansTrace(r, tf.tensor2d(initialIndicator(rng, rows, k), [rows, k])).dataSync()[0]!;
    assert.ok(best <= other + 1e-4, `${best} > ${other}`);
  }
});

test('with the normalised indicator F of a partition, the trace term equals the k-means objective', () => {
  const rng = new Random(3);
  const [rows, dims, k] = [7, 4, 3];
  const labels = [0, 1, 2, 0, 1, 0, 2];
  const h = rng.normalArray(rows * dims);
  const sizes = [0, 0, 0];
  labels.forEach((c) => sizes[c]!++);
  const f = new Float32Array(rows * k);
  labels.forEach((c, i) => (f[i * k + c] = 1 / Math.sqrt(sizes[c]!)));
  let objective = 0;
  for (let c = 0; c < k; c++) {
    const members = labels.flatMap((l, i) => (l === c ? [i] : []));
    for (let j = 0; j < dims; j++) {
      const mean = members.reduce((s, i) => s + h[i * dims + j]!, 0) / members.length;
      for (const i of members) objective += (h[i * dims + j]! - mean) ** 2;
    }
  }
  const term = kmeansTrace(tf.tensor2d(h, [rows, dims]), tf.tensor2d(f, [rows, k])).dataSync()[0]!;
  assert.ok(Math.abs(term - objective) < 1e-4, `${term} vs ${objective}`);
});

test('the gradient of the trace term is 2H(I - FFᵀ) (rows form) and matches finite differences', () => {
  const rng = new Random(4);
  const [rows, dims, k] = [6, 3, 2];
  const h = tf.tensor2d(rng.normalArray(rows * dims), [rows, dims]);
  const f = tf.tensor2d(initialIndicator(rng, rows, k), [rows, k]);
  const grad = tf.grad((x) => kmeansTrace(x as tf.Tensor2D, f))(h);
  const closed = tf.mul(2, tf.sub(h, tf.matMul(f, tf.matMul(f, h, true, false))));
  assert.ok(tf.max(tf.abs(tf.sub(grad, closed))).dataSync()[0]! < 1e-4);
  const base = h.dataSync();
  const at = (values: Float32Array): number => kmeansTrace(tf.tensor2d(values, [rows, dims]), f).dataSync()[0]!;
  const eps = 1e-2;
  for (const i of [0, 5, 11, 17]) {
    const plus = Float32Array.from(base);
    const minus = Float32Array.from(base);
    plus[i]! += eps;
    minus[i]! -= eps;
    const fd = (at(plus) - at(minus)) / (2 * eps);
    assert.ok(Math.abs(fd - grad.dataSync()[i]!) < 1e-2, `i=${i}: fd ${fd} vs ${grad.dataSync()[i]}`);
  }
});
