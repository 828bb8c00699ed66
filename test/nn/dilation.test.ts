import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/index.js';
import { Random } from '../../src/core/random.js';
import { dilatedGru, foldTime, unfoldTime } from '../../src/nn/dilation.js';
import { gruSequence, type GruWeights } from '../../src/nn/gru.js';
import { addGruWeights } from '../../src/nn/gru-weights.js';
import { Parameters } from '../../src/nn/parameters.js';

await initBackend('cpu');

function weights(seed: number, features: number, units: number): GruWeights {
  return addGruWeights(new Parameters(), new Random(seed), 'gru', features, units);
}

test('foldTime puts steps j, j+d, ... of each row in one chain, zero-padding the end; unfoldTime inverts it', () => {
  const [B, T, d] = [2, 7, 3];
  const x = tf.tensor3d(Array.from({ length: B * T }, (_, i) => i + 1), [B, T, 1]);
  const folded = foldTime(x, d).arraySync();
  assert.equal(folded.length, B * d);
  assert.equal(folded[0]!.length, Math.ceil(T / d));
  // Row 0, chain 1: steps 1, 4, then padding; row 1 chain 2: steps 2, 5, then padding.
  assert.deepEqual(folded[1]!.map((v) => v[0]), [2, 5, 0]);
  assert.deepEqual(folded[d + 2]!.map((v) => v[0]), [T + 3, T + 6, 0]);
  assert.deepEqual(unfoldTime(foldTime(x, d), B, d, T).arraySync(), x.arraySync());
});

/** States [B][T][H] of a GRU run one step at a time, the state at t computed from the state at source(t) (zeros outside). */
function stepByStep(x: tf.Tensor3D, w: GruWeights, order: number[], source: (t: number) => number): number[][][] {
  const [B, T, F] = x.shape;
  const H = w.recurrentKernel.shape[0];
  const states: tf.Tensor2D[] = [];
  for (const t of order) {
    const s = source(t);
    const previous = s >= 0 && s < T ? states[s]! : (tf.zeros([B, H]) as tf.Tensor2D);
    states[t] = tf.reshape(gruSequence(tf.slice(x, [0, t, 0], [B, 1, F]), previous, w), [B, H]);
  }
  return tf.stack(states, 1).arraySync() as number[][][];
}

function assertStatesClose(got: number[][][], expected: number[][][], what: string): void {
  got.forEach((row, b) => row.forEach((state, t) => state.forEach((v, j) =>
    assert.ok(Math.abs(v - expected[b]![t]![j]!) < 1e-5, `${what} b=${b} t=${t} j=${j}: ${v} vs ${expected[b]![t]![j]}`))));
}

test('dilatedGru equals a step-by-step GRU whose state at t comes from t-d, or from t+d when reversed', () => {
  const rng = new Random(3);
  const [B, T, F, H] = [2, 9, 2, 3];
  const w = weights(5, F, H);
  const x = tf.tensor3d(rng.normalArray(B * T * F), [B, T, F]);
  const forwards = Array.from({ length: T }, (_, t) => t);
  for (const d of [1, 2, 4, 9, 12]) {
    assertStatesClose(dilatedGru(x, d, w).arraySync(), stepByStep(x, w, forwards, (t) => t - d), `d=${d}`);
    assertStatesClose(dilatedGru(x, d, w, { reverse: true }).arraySync(), stepByStep(x, w, [...forwards].reverse(), (t) => t + d),
      `d=${d} reversed`);
  }
});

test('gruSequence with a dilation and direction from zeros equals dilatedGru (steps in place vs folded time)', () => {
  const rng = new Random(5);
  const [B, T, F, H] = [2, 11, 3, 4];
  const w = weights(7, F, H);
  const x = tf.tensor3d(rng.normalArray(B * T * F), [B, T, F]);
  for (const dilation of [1, 2, 4, 16]) {
    for (const reverse of [false, true]) {
      assertStatesClose(gruSequence(x, tf.zeros([B, H]), w, { dilation, reverse }).arraySync(),
        dilatedGru(x, dilation, w, { reverse }).arraySync(), `d=${dilation} reverse=${reverse}`);
    }
  }
});

test('gruSequence refuses a dilation that is not a positive integer, naming it', () => {
  const w = weights(8, 1, 2);
  const x = tf.zeros([1, 3, 1]) as tf.Tensor3D;
  for (const dilation of [0, -1, 1.5]) {
    assert.throws(() => gruSequence(x, tf.zeros([1, 2]), w, { dilation }), new RegExp(`GRU dilation ${dilation}: must be an integer >= 1`));
  }
});
