import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/index.js';
import { Random } from '../../src/core/random.js';
import { DataFormatError, OptionError } from '../../src/core/errors.js';
import { glorotUniform, orthogonal } from '../../src/nn/init.js';
import { Parameters } from '../../src/nn/parameters.js';
import { readModelFiles, writeModelFiles } from '../../src/core/model-files.js';
import { seriesValues } from '../../src/nn/input.js';

await initBackend('cpu');

test('orthogonal gives orthonormal columns (tall) and rows (wide)', () => {
  for (const [rows, cols] of [[6, 3], [3, 6], [4, 4]] as const) {
    const q = tf.tensor2d(orthogonal(new Random(1), rows, cols), [rows, cols]);
    const gram = rows >= cols ? tf.matMul(q, q, true, false) : tf.matMul(q, q, false, true);
    const n = Math.min(rows, cols);
    const diff = tf.max(tf.abs(tf.sub(gram, tf.eye(n)))).dataSync()[0]!;
    assert.ok(diff < 1e-5, `${rows}x${cols}: max |QtQ - I| = ${diff}`);
  }
});

test('the same seed gives the same weights', () => {
  assert.deepEqual(glorotUniform(new Random(3), [4, 5]), glorotUniform(new Random(3), [4, 5]));
});

test('parameters round-trip through model files', () => {
  const params = new Parameters();
  params.add('a/kernel', [2, 3], glorotUniform(new Random(2), [2, 3]));
  params.add('a/stat', [3], new Float32Array([1, 2, 3]), false);
  const dir = mkdtempSync(join(tmpdir(), 'tempora-model-'));
  writeModelFiles(dir, { kind: 'test', config: { x: 1 }, state: { y: [1, 2] }, weights: params.snapshot() });
  const loaded = readModelFiles<{ x: number }, { y: number[] }>(dir, 'test');
  assert.deepEqual(loaded.config, { x: 1 });
  assert.deepEqual(loaded.state, { y: [1, 2] });
  const copy = new Parameters();
  copy.add('a/kernel', [2, 3], new Float32Array(6));
  copy.add('a/stat', [3], new Float32Array(3), false);
  copy.restore(loaded.weights);
  assert.deepEqual(copy.get('a/kernel').dataSync(), params.get('a/kernel').dataSync());
  assert.equal(copy.trainable().length, 1);
  assert.throws(() => readModelFiles(dir, 'other'), DataFormatError);
  params.dispose();
  copy.dispose();
});

test('restore refuses a snapshot of another shape', () => {
  const params = new Parameters();
  params.add('w', [2], new Float32Array(2));
  assert.throws(() => params.restore([{ name: 'w', shape: [3], trainable: true, values: new Float32Array(3) }]), /saved shape/);
  assert.throws(() => params.add('w', [2], new Float32Array(2)), OptionError);
  params.dispose();
});

test('series input: NaN, ragged rows and empty input are named', () => {
  assert.throws(() => seriesValues([[1, 2], [3, NaN]]), /row 2, step 2 is NaN/);
  assert.throws(() => seriesValues([[1, 2], [3]]), /row 2 has length 1, expected 2/);
  assert.throws(() => seriesValues([]), /no series/);
  const { shape, values } = seriesValues({ data: Float64Array.from([1, 2, 3, 4, 5, 6]), rows: 2, length: 3 });
  assert.deepEqual(shape, [2, 3, 1]);
  assert.deepEqual([...values], [1, 2, 3, 4, 5, 6]);
});
