/** Checks Conv1D against direct loops, forward and gradients, on whichever backend the caller started. */
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { Random } from '../../src/core/random.js';
import { Conv1D, type Conv1DPadding } from '../../src/nn/conv1d.js';
import { Parameters } from '../../src/nn/parameters.js';

export function close(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < actual.length; i++) {
    assert.ok(Math.abs(actual[i]! - expected[i]!) <= tolerance, `${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}

/** 'same' at every kernel size, and causal and dilated ones, up to dilations whose outer taps (or all taps) read only padding. */
const CASES: readonly { k: number; dilation: number; padding: Conv1DPadding }[] = [
  ...[8, 5, 3, 1].map((k) => ({ k, dilation: 1, padding: 'same' as const })),
  { k: 3, dilation: 2, padding: 'same' },
  { k: 2, dilation: 16, padding: 'same' },
  { k: 2, dilation: 32, padding: 'same' },
  ...[1, 2, 4, 8, 16].map((dilation) => ({ k: 3, dilation, padding: 'causal' as const })),
];

export function checkConv1D(): void {
  for (const { k, dilation, padding } of CASES) {
    const what = `kernel ${k}, dilation ${dilation}, ${padding}`;
    const params = new Parameters();
    const rng = new Random(k * 100 + dilation);
    const [B, T, I, O] = [2, 11, 3, 4];
    const conv = new Conv1D(params, rng, { name: 'c', inputChannels: I, filters: O, kernelSize: k, dilation, padding });
    conv.bias!.assign(tf.tensor1d(rng.uniformArray(O, -1, 1)));
    const x = rng.uniformArray(B * T * I, -1, 1);
    const g = rng.uniformArray(B * T * O, -1, 1);
    const w = conv.kernel.dataSync();
    const b = conv.bias!.dataSync();
    const span = (k - 1) * dilation;
    const before = padding === 'causal' ? span : Math.floor(span / 2);
    const expected = new Float32Array(B * T * O);
    const dx = new Float32Array(B * T * I);
    const dw = new Float32Array(k * I * O);
    const db = new Float32Array(O);
    for (let n = 0; n < B; n++)
      for (let t = 0; t < T; t++)
        for (let o = 0; o < O; o++) {
          let sum = b[o]!;
          const dy = g[(n * T + t) * O + o]!;
          db[o] += dy;
          for (let j = 0; j < k; j++) {
            const s = t + j * dilation - before;
            if (s < 0 || s >= T) continue;
            for (let i = 0; i < I; i++) {
              sum += x[(n * T + s) * I + i]! * w[(j * I + i) * O + o]!;
              dx[(n * T + s) * I + i] += dy * w[(j * I + i) * O + o]!;
              dw[(j * I + i) * O + o] += dy * x[(n * T + s) * I + i]!;
            }
          }
          expected[(n * T + t) * O + o] = sum;
        }
    const input = tf.tensor3d(x, [B, T, I]);
    const weights = tf.tensor3d(g, [B, T, O]);
    const y = tf.tidy(() => conv.apply(input));
    assert.deepEqual(y.shape, [B, T, O]);
    close(y.dataSync(), expected, 1e-5, `${what} output`);
    const [gx, gw] = tf.grads((a: tf.Tensor, kernel: tf.Tensor) => {
      void kernel;
      return tf.sum(tf.mul(conv.apply(a as tf.Tensor3D), weights));
    })([input, conv.kernel]);
    close(gx!.dataSync(), dx, 1e-4, `${what} dL/dx`);
    const { grads } = tf.variableGrads(() => tf.sum(tf.mul(conv.apply(input), weights)), [conv.kernel, conv.bias!]);
    close(grads[conv.kernel.name]!.dataSync(), dw, 1e-4, `${what} dL/dW`);
    close(grads[conv.bias!.name]!.dataSync(), db, 1e-4, `${what} dL/db`);
    tf.dispose([input, weights, y, gx!, gw!, ...Object.values(grads)]);
    params.dispose();
  }
}
