import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatasetNotFoundError, DataFormatError, OptionError } from '../../src/core/errors.js';
import { dataRoot } from '../../src/data/data-root.js';
import { listDatasets, loadDataset } from '../../src/data/dataset.js';
import { normalizeSplit, zNormalize } from '../../src/data/normalize.js';
import { toSeriesMatrix } from '../../src/data/series-matrix.js';
import { summarizeDataset } from '../../src/data/summary.js';
import { SAMPLE_DATASETS, writeDatasets } from './fixtures.js';

const root = writeDatasets(SAMPLE_DATASETS);

test('listDatasets finds the folders holding NAME_TRAIN.* and NAME_TEST.*', () => {
  mkdirSync(join(root, 'Half'));
  writeFileSync(join(root, 'Half', 'Half_TRAIN.tsv'), '1\t1\n');
  assert.deepEqual(listDatasets(root), ['Flat', 'Tabby', 'Wavy']);
});

test('TRAIN and TEST share one label mapping over the union of their labels', () => {
  const d = loadDataset('Tabby', { dir: root });
  assert.equal(d.name, 'Tabby');
  assert.deepEqual(d.classNames, ['3', '4', '5', '6']);
  assert.deepEqual([...d.train.labels], [1, 3]);
  assert.deepEqual([...d.test.labels], [0, 2, 1]);
  assert.equal(d.train.classNames, d.classNames);
  assert.equal(d.test.classNames, d.classNames);
  assert.equal(d.test.equalLength, false);
});

test('datasets load by folder path in every format', () => {
  const wavy = loadDataset(join(root, 'Wavy'));
  assert.equal(wavy.train.channels, 2);
  assert.deepEqual(wavy.classNames, ['a', 'b']);
  assert.deepEqual([...wavy.test.labels], [1]);
  const flat = loadDataset(join(root, 'Flat'));
  assert.deepEqual([...flat.train.labels], [0, 1]);
  assert.deepEqual(summarizeDataset(wavy), {
    name: 'Wavy', trainSize: 2, testSize: 1, minLength: 1, maxLength: 3, channels: 2, classes: 2, classNames: ['a', 'b'],
  });
});

test('UCR 2015 files without extension load too', () => {
  const dir = writeDatasets({ Old: { ext: '', train: '1,0.5,0.25\n-1,1,2\n', test: '1,3,4\n' } });
  const old = loadDataset('Old', { dir });
  assert.deepEqual(old.classNames, ['-1', '1']);
  assert.deepEqual([...old.train.labels], [1, 0]);
  assert.deepEqual(listDatasets(dir), ['Old']);
});

test('an unknown dataset names the ones that exist', () => {
  assert.throws(() => loadDataset('Nope', { dir: root }), (err: unknown) => {
    assert.ok(err instanceof DatasetNotFoundError);
    assert.match(err.message, /unknown dataset 'Nope' .*3 datasets exist: Flat, Tabby, Wavy/);
    return true;
  });
  assert.throws(() => loadDataset('./no/such/folder'), DatasetNotFoundError);
  assert.equal(loadDataset('tabby', { dir: root }).name, 'Tabby');
  assert.throws(() => listDatasets(join(root, 'missing')), /does not exist/);
});

test('a broken split file reports its own path and line', () => {
  const bad = writeDatasets({ Bad: { ext: '.tsv', train: '1\t1\t2\n', test: '1\t1\t2\n1\t1\toops\n' } });
  assert.throws(() => loadDataset('Bad', { dir: bad }), (err: unknown) => {
    assert.ok(err instanceof DataFormatError);
    assert.equal(err.file, join(bad, 'Bad', 'Bad_TEST.tsv'));
    assert.equal(err.line, 2);
    return true;
  });
});

test('TRAIN and TEST must have the same number of channels', () => {
  const ts = (row: string): string => `@problemName C\n@classLabel false\n@data\n${row}\n`;
  const dir = writeDatasets({ Mixed: { ext: '.ts', train: ts('1,2:3,4'), test: ts('1,2') } });
  assert.throws(() => loadDataset('Mixed', { dir }), (err: unknown) => {
    assert.ok(err instanceof DataFormatError);
    assert.match(err.message, /Mixed_TEST\.ts: TEST has 1 channels, TRAIN .* has 2/);
    return true;
  });
});

test('dataRoot follows TEMPORA_DATA', () => {
  const saved = process.env['TEMPORA_DATA'];
  try {
    process.env['TEMPORA_DATA'] = root;
    assert.equal(dataRoot(), root);
    assert.deepEqual(listDatasets(), ['Flat', 'Tabby', 'Wavy']);
  } finally {
    if (saved === undefined) delete process.env['TEMPORA_DATA'];
    else process.env['TEMPORA_DATA'] = saved;
  }
});

test('z-normalisation: mean 0, sd 1; constant series become zeros; NaN ignored and kept', () => {
  const z = zNormalize(Float64Array.from([1, 2, 3, NaN, 4]));
  const finite = [...z].filter((v) => !Number.isNaN(v));
  const mean = finite.reduce((a, b) => a + b) / finite.length;
  const sd = Math.sqrt(finite.reduce((a, b) => a + (b - mean) ** 2, 0) / finite.length);
  assert.ok(Math.abs(mean) < 1e-12 && Math.abs(sd - 1) < 1e-12);
  assert.ok(Number.isNaN(z[3]!));
  assert.deepEqual([...zNormalize(Float64Array.from([5, 5, 5]))], [0, 0, 0]);
  assert.deepEqual([...zNormalize(Float64Array.from([0.1, 0.1 + 1e-17, 0.1]))], [0, 0, 0]);
  const d = loadDataset('Tabby', { dir: root, normalize: true });
  assert.deepEqual([...d.train.series[1]![0]!], [0, 0, 0]);
  const raw = loadDataset('Tabby', { dir: root });
  assert.deepEqual(normalizeSplit(raw.train).series, d.train.series);
});

test('toSeriesMatrix: row-major copy; OptionError for multivariate, unequal length or missing values', () => {
  const tabby = loadDataset('Tabby', { dir: root });
  const m = toSeriesMatrix(tabby.train);
  assert.deepEqual({ rows: m.rows, length: m.length, data: [...m.data] }, { rows: 2, length: 3, data: [1, 2, 3, 2, 2, 2] });
  assert.throws(() => toSeriesMatrix(tabby.test), (err: unknown) => err instanceof OptionError && /equal-length .* 2 to 3/.test(err.message));
  assert.throws(() => toSeriesMatrix(loadDataset(join(root, 'Wavy')).train), /univariate .* 2 channels/);
  const gap = writeDatasets({ Gap: { ext: '.tsv', train: '1\t1\tNaN\t2\n', test: '1\t1\t1\t1\n' } });
  const train = loadDataset('Gap', { dir: gap }).train;
  assert.throws(() => toSeriesMatrix(train), /row 1 has missing values/);
  assert.ok(Number.isNaN(toSeriesMatrix(train, { allowMissing: true }).data[1]!));
});
