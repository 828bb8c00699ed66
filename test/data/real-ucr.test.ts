import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataRoot } from '../../src/data/data-root.js';
import { listDatasets, loadDataset } from '../../src/data/dataset.js';
import type { LabelledSplit } from '../../src/data/types.js';
import { writeDatasets } from './fixtures.js';
import { writeSplit, type Format, type PlainSplit } from './sample-files.js';

const root = dataRoot();
const manifestFile = root === null ? null : join(root, 'MANIFEST.tsv');
const skip = manifestFile !== null && existsSync(manifestFile) ? false : 'needs the UCR data folder';

interface ManifestRow {
  name: string;
  train: number;
  test: number;
  length: number;
  classes: number;
  labels: string[];
}

function readManifest(): ManifestRow[] {
  const [head, ...rows] = readFileSync(manifestFile!, 'utf8').trim().split('\n');
  const columns = head!.split('\t');
  const col = (name: string): number => columns.indexOf(name);
  return rows.map((line) => {
    const f = line.split('\t');
    return {
      name: f[col('name')]!,
      train: Number(f[col('train_size')]),
      test: Number(f[col('test_size')]),
      length: Number(f[col('length')]),
      classes: Number(f[col('n_classes')]),
      labels: f[col('labels')]!.split(','),
    };
  });
}

test('real UCR data (needs the UCR data folder): every dataset loads and matches MANIFEST.tsv', { skip }, () => {
  const manifest = readManifest();
  assert.deepEqual(listDatasets(), manifest.map((m) => m.name).sort());
  for (const m of manifest) {
    const d = loadDataset(m.name);
    assert.equal(d.train.series.length, m.train, `${m.name} train size`);
    assert.equal(d.test.series.length, m.test, `${m.name} test size`);
    for (const split of [d.train, d.test]) {
      assert.equal(split.length, m.length, `${m.name} length`);
      assert.equal(split.equalLength, true, `${m.name} equal length`);
      assert.equal(split.channels, 1);
      assert.ok(split.labels.every((l) => l >= 0 && l < m.classes), `${m.name} labels in 0..K-1`);
      assert.equal(split.classNames, d.classNames);
    }
    assert.deepEqual(d.classNames, m.labels, `${m.name} label values`);
  }
});

test('real UCR data (needs the UCR data folder): ECG200 maps -1/1 to 0/1, the phalanx TW sets 3..8 to 0..5', { skip }, () => {
  const ecg = loadDataset('ECG200');
  assert.deepEqual(ecg.classNames, ['-1', '1']);
  const firstTrainLine = readFileSync(join(root!, 'ECG200', 'ECG200_TRAIN.tsv'), 'utf8').split('\t', 1)[0];
  assert.equal(ecg.train.labels[0], firstTrainLine === '-1' ? 0 : 1);
  const tw = loadDataset('MiddlePhalanxTW');
  assert.deepEqual(tw.classNames, ['3', '4', '5', '6', '7', '8']);
  assert.deepEqual(new Set(tw.train.labels), new Set([0, 1, 2, 3, 4, 5]));
});

function toPlain(split: LabelledSplit): PlainSplit {
  return {
    classes: [...split.classNames],
    rows: split.series.map((row, r) => ({ label: split.classNames[split.labels[r]!]!, channels: row.map((c) => [...c]) })),
  };
}

test('real UCR data (needs the UCR data folder): the same datasets written as .csv, .ts and .arff load identically', { skip }, () => {
  for (const name of ['ECG200', 'MiddlePhalanxTW', 'Coffee']) {
    const original = loadDataset(name);
    for (const format of ['csv', 'ts', 'arff'] as Format[]) {
      const dir = writeDatasets({
        [name]: { ext: `.${format}`, train: writeSplit(toPlain(original.train), format), test: writeSplit(toPlain(original.test), format) },
      });
      const copy = loadDataset(name, { dir });
      assert.deepEqual(copy.classNames, original.classNames, `${name} .${format} classes`);
      assert.deepEqual(copy.train.labels, original.train.labels, `${name} .${format} train labels`);
      assert.deepEqual(copy.test.series, original.test.series, `${name} .${format} test values`);
    }
  }
});
