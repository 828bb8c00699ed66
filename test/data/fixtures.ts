/** Small dataset folders written to a temporary directory for the loading and CLI tests. */
import { after } from 'node:test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CYLINDER_BELL_FUNNEL } from '../../src/data/synthetic/cylinder-bell-funnel.js';
import { generateDataset } from '../../src/data/synthetic/generator.js';
import type { LabelledSplit } from '../../src/data/types.js';

/**
 * Writes NAME/NAME_TRAIN.ext and NAME/NAME_TEST.ext under a new temporary folder, removed when the
 * calling test (or test file) ends; returns the folder.
 */
export function writeDatasets(datasets: Record<string, { ext: string; train: string; test: string }>): string {
  const root = mkdtempSync(join(tmpdir(), 'tempora-data-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  for (const [name, { ext, train, test }] of Object.entries(datasets)) {
    mkdirSync(join(root, name));
    writeFileSync(join(root, name, `${name}_TRAIN${ext}`), train);
    writeFileSync(join(root, name, `${name}_TEST${ext}`), test);
  }
  return root;
}

/** A univariate split as UCR TSV lines: label, then the values. */
export function splitToTsv(split: LabelledSplit): string {
  return split.series.map((row, i) => [split.labels[i], ...row[0]!].join('\t')).join('\n') + '\n';
}

/** Generated series under the names of two DTCR datasets (Coffee, GunPoint), so reproduce tests need no UCR folder; returns the folder. */
export function writeDtcrStandIns(): string {
  const gen = (seed: number) => generateDataset(CYLINDER_BELL_FUNNEL, { trainPerClass: 4, testPerClass: 10, seed });
  const tsv = (seed: number) => ({ ext: '.tsv', train: splitToTsv(gen(seed).train), test: splitToTsv(gen(seed).test) });
  return writeDatasets({ Coffee: tsv(1), GunPoint: tsv(2) });
}

/** Three small datasets in three formats: a TSV (labels 3 and 5 only in TEST), unequal .ts, ARFF. */
export const SAMPLE_DATASETS = {
  Tabby: { ext: '.tsv', train: '4\t1\t2\t3\n6\t2\t2\t2\n', test: '3\t0\t1\t2\n5\t1\t1\tNaN\n4\t3\t2\t1\n' },
  Wavy: {
    ext: '.ts',
    train: '@problemName Wavy\n@univariate false\n@dimensions 2\n@equalLength false\n@classLabel true a b\n@data\n1,2:3,4:a\n1,2,3:4,5,6:b\n',
    test: '@problemName Wavy\n@univariate false\n@dimensions 2\n@equalLength false\n@classLabel true a b\n@data\n1:2:b\n',
  },
  Flat: {
    ext: '.arff',
    train: '@relation Flat\n@attribute t0 numeric\n@attribute t1 numeric\n@attribute c {x,y}\n@data\n1,2,x\n3,4,y\n',
    test: '@relation Flat\n@attribute t0 numeric\n@attribute t1 numeric\n@attribute c {x,y}\n@data\n5,6,y\n',
  },
};
