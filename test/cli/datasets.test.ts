import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SAMPLE_DATASETS, writeDatasets } from '../data/fixtures.js';

const main = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [main, ...args], { encoding: 'utf8' });

test('tempora datasets DIR prints a table with sizes, length range, channels and classes', () => {
  const root = writeDatasets(SAMPLE_DATASETS);
  const result = run('datasets', root);
  assert.equal(result.status, 0, result.stderr);
  const rows = result.stdout.trim().split('\n').map((line) => line.trim().split(/\s+/));
  assert.deepEqual(rows, [
    ['name', 'train', 'test', 'length', 'channels', 'classes'],
    ['Flat', '2', '1', '2', '1', '2'],
    ['Tabby', '2', '3', '2-3', '1', '4'],
    ['Wavy', '2', '1', '1-3', '2', '2'],
  ]);
});

test('tempora datasets --json prints one object per dataset', () => {
  const root = writeDatasets(SAMPLE_DATASETS);
  const result = run('datasets', root, '--json');
  assert.equal(result.status, 0, result.stderr);
  const objects = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
  assert.equal(objects.length, 3);
  assert.deepEqual(objects[1], {
    name: 'Tabby', trainSize: 2, testSize: 3, minLength: 2, maxLength: 3, channels: 1, classes: 4, classNames: ['3', '4', '5', '6'],
  });
});

test('tempora datasets on a missing folder fails with a clear message', () => {
  const result = run('datasets', '/no/such/tempora/folder');
  assert.equal(result.status, 2);
  assert.match(result.stderr, /data folder \/no\/such\/tempora\/folder does not exist/);
});
