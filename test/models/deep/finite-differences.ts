/** Checks a scalar tensor function's gradient against central finite differences. */
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';

/** Compares tf.grads of f at the given inputs with (f(x+h) - f(x-h)) / 2h, entry by entry. */
export function checkGradients(f: (...inputs: tf.Tensor[]) => tf.Scalar, inputs: tf.Tensor[], step = 1e-2, tolerance = 2e-3): void {
  const analytic = tf.grads((...xs: tf.Tensor[]) => f(...xs))(inputs).map((g) => g.dataSync());
  inputs.forEach((input, which) => {
    const base = Float32Array.from(input.dataSync());
    for (let i = 0; i < base.length; i++) {
      const at = (delta: number): number => {
        const moved = Float32Array.from(base);
        moved[i]! += delta;
        const shifted = inputs.map((x, j) => (j === which ? tf.tensor(moved, x.shape) : x));
        const value = tf.tidy(() => f(...shifted).dataSync()[0]!);
        tf.dispose(shifted[which]!);
        return value;
      };
      const numeric = (at(step) - at(-step)) / (2 * step);
      const got = analytic[which]![i]!;
      assert.ok(Math.abs(numeric - got) <= tolerance * Math.max(1, Math.abs(numeric)), `input ${which}, entry ${i}: analytic ${got}, numeric ${numeric}`);
    }
  });
}
