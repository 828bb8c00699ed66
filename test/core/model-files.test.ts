import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataFormatError } from '../../src/core/errors.js';
import { readMatrixField, readModelFiles, writeModelFiles } from '../../src/core/model-files.js';

const freshDir = (): string => mkdtempSync(join(tmpdir(), 'tempora-model-'));

test('a model without weights writes model.json only and reads back its float64 state exactly', () => {
  const dir = freshDir();
  const centres = [[0.1 + 0.2, -1e-300], [Math.PI, 1 / 3]];
  writeModelFiles(dir, { kind: 'KMeans', config: { k: 2 }, state: { centres }, weights: [] });
  assert.ok(!existsSync(join(dir, 'weights.bin')));
  const { config, state, weights } = readModelFiles<{ k: number }, Record<string, unknown>>(dir, 'KMeans');
  assert.deepEqual(config, { k: 2 });
  assert.deepEqual(weights, []);
  assert.deepEqual(Array.from(readMatrixField(state, 'centres', dir).data), centres.flat());
});

test('float32 weights round-trip through weights.bin, in manifest order', () => {
  const dir = freshDir();
  const weights = [
    { name: 'a', shape: [2], trainable: true, values: Float32Array.from([1.5, -2]) },
    { name: 'b', shape: [1, 3], trainable: false, values: Float32Array.from([3, 4, 5]) },
  ];
  writeModelFiles(dir, { kind: 'Net', config: {}, state: {}, weights });
  assert.deepEqual(readModelFiles(dir, 'Net').weights, weights);
});

test('wrong kind, corrupt JSON, missing or short weights and bad matrices are named', () => {
  const dir = freshDir();
  writeModelFiles(dir, { kind: 'Net', config: {}, state: { m: [[1, 2], [3]] }, weights: [{ name: 'w', shape: [4], trainable: true, values: new Float32Array(4) }] });
  assert.throws(() => readModelFiles(dir, 'KMeans'), /holds a "Net" model, not "KMeans"/);
  assert.throws(() => readMatrixField({ m: [[1, 2], [3]] }, 'm', dir), /field "m" row 1 must hold 2 numbers/);
  writeFileSync(join(dir, 'weights.bin'), new Uint8Array(8));
  assert.throws(() => readModelFiles(dir, 'Net'), /weights\.bin is too short for parameter "w"/);
  rmSync(join(dir, 'weights.bin'));
  assert.throws(() => readModelFiles(dir, 'Net'), /weights\.bin is missing/);
  writeFileSync(join(dir, 'model.json'), '{not json');
  assert.throws(() => readModelFiles(dir, 'Net'), (err: unknown) => err instanceof DataFormatError && /model\.json: not valid JSON/.test(err.message));
  assert.throws(() => readModelFiles(freshDir(), 'Net'), /no model\.json here/);
});
