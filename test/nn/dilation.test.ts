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

test('dilatedGru equals a step-by-step GRU whose state at t comes from t-d', () => {
  const rng = new Random(3);
  const [B, T, F, H] = [2, 9, 2, 3];
  const w = weights(5, F, H);
  const x = tf.tensor3d(rng.normalArray(B * T * F), [B, T, F]);
  for (const d of [1, 2, 4, 9, 12]) {
    const got = dilatedGru(x, d, w).arraySync();
    const states: tf.Tensor2D[] = [];
    for (let t = 0; t < T; t++) {
      const previous = t >= d ? states[t - d]! : (tf.zeros([B, H]) as tf.Tensor2D);
      const step = gruSequence(tf.slice(x, [0, t, 0], [B, 1, F]), previous, w);
      states.push(tf.reshape(step, [B, H]));
    }
    for (let t = 0; t < T; t++) {
      const expected = states[t]!.arraySync();
      for (let b = 0; b < B; b++) {
        for (let j = 0; j < H; j++) assert.ok(Math.abs(expected[b]![j]! - got[b]![t]![j]!) < 1e-5, `d=${d} b=${b} t=${t} j=${j}`);
      }
    }
  }
});
