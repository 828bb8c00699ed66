/**
 * Runs one computation on the backend under test and on the TF.js CPU reference and compares the
 * results. The backend under test is native, or TEMPORA_BACKEND when set (how CI runs these tests
 * on the fallback); tests skip, saying why, when it cannot start here.
 */
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, parseBackendChoice } from '../../src/backend/index.js';
import { registerNativeBackend } from '../../src/backend/native/index.js';

const wanted = parseBackendChoice(process.env['TEMPORA_BACKEND']);
const chosen = wanted === 'auto' ? 'native' : wanted;

/** The backend under test, or the reason it cannot run (then tests skip with that reason). */
export const backendUnderTest: { name: string; skip: string | false } = await initBackend(chosen).then(
  (name) => ({ name, skip: false as const }),
  (err: Error) => ({
    name: chosen,
    skip: `backend ${chosen} cannot start here: ${chosen === 'native' ? registerNativeBackend() : err.message}`,
  }),
);

/** The skip reason for a test that needs these kernels on the backend under test. */
export function skipUnlessKernels(...names: string[]): string | false {
  if (backendUnderTest.skip !== false) return backendUnderTest.skip;
  const missing = names.filter((n) => tf.getKernel(n, backendUnderTest.name) === undefined);
  return missing.length === 0 ? false : `backend ${backendUnderTest.name} has no kernel ${missing.join(', ')}`;
}

/** Evaluates `compute` on `backend`; returns its results as flat arrays. */
export function runOn(backend: string, compute: () => tf.Tensor[]): Float32Array[] {
  tf.setBackend(backend);
  return tf.tidy(compute).map((t) => {
    const values = t.dataSync() as Float32Array;
    t.dispose();
    return Float32Array.from(values);
  });
}

/** Evaluates `compute` on the backend under test and on cpu; returns both results as flat arrays. */
export function onBoth(compute: () => tf.Tensor[]): { tested: Float32Array[]; reference: Float32Array[] } {
  const reference = runOn('cpu', compute);
  const tested = runOn(backendUnderTest.name, compute);
  return { tested, reference };
}

/** Asserts |a - b| <= tol * (1 + |b|) elementwise, naming the output that differs. */
export function assertClose(what: string, tested: Float32Array[], reference: Float32Array[], tol = 2e-4): void {
  assert.equal(tested.length, reference.length, `${what}: number of outputs`);
  reference.forEach((ref, i) => {
    const got = tested[i]!;
    assert.equal(got.length, ref.length, `${what}: size of output ${i}`);
    for (let j = 0; j < ref.length; j++) {
      const err = Math.abs(got[j]! - ref[j]!);
      if (!(err <= tol * (1 + Math.abs(ref[j]!)))) {
        assert.fail(`${what}: output ${i}[${j}] = ${got[j]} but the reference gives ${ref[j]}`);
      }
    }
  });
}

/** Runs 20 warm-up training steps, then asserts that 300 more leave the tensor count and, within 64 MB, the RSS. */
export function assertStepsDoNotLeak(step: () => void): void {
  for (let i = 0; i < 20; i++) step();
  const tensors = tf.memory().numTensors;
  const rss = process.memoryUsage().rss;
  for (let i = 0; i < 300; i++) step();
  assert.equal(tf.memory().numTensors, tensors, 'tensor count after 300 more steps');
  const growth = (process.memoryUsage().rss - rss) / 2 ** 20;
  assert.ok(growth < 64, `RSS grew by ${growth.toFixed(1)} MB over 300 steps`);
}

/** Compares values and the gradients of a weighted sum of `f`'s output with respect to every input. */
export function assertMatchesWithGradients(what: string, f: (...xs: tf.Tensor[]) => tf.Tensor,
  inputs: () => tf.Tensor[], tol?: number): void {
  const { tested, reference } = onBoth(() => {
    const xs = inputs();
    const y = f(...xs);
    const weights = tf.randomNormal(y.shape, 0, 1, 'float32', 7);
    const grads = tf.grads((...a: tf.Tensor[]) => tf.sum(tf.mul(f(...a), weights)))(xs);
    return [y, ...grads];
  });
  assertClose(what, tested, reference, tol);
}
