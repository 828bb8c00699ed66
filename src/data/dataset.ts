/**
 * Datasets on disk: a folder NAME/ holding NAME_TRAIN.* and NAME_TEST.* (any supported format),
 * found by name in a data folder or given by its path. Loading maps the union of the TRAIN and
 * TEST labels to 0..K-1 once, shared by both splits.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { DataFormatError, DatasetNotFoundError } from '../core/errors.js';
import { dataRoot } from './data-root.js';
import { unifyLabels } from './labels.js';
import { normalizeSplit } from './normalize.js';
import { readSplit, SPLIT_EXTENSION_LIST, SPLIT_EXTENSIONS } from './read-split.js';
import type { Dataset } from './types.js';

export interface LoadDatasetOptions {
  /** Data folder to look names up in. Default: `dataRoot()`. */
  dir?: string;
  /** Z-normalise every series (per channel) after loading. Default: false (values as stored). */
  normalize?: boolean;
}

/** The TRAIN and TEST files of a dataset folder. */
export interface DatasetFiles {
  name: string;
  train: string;
  test: string;
}

/** Names of the datasets in a data folder (default `dataRoot()`), sorted. */
export function listDatasets(dir?: string): string[] {
  const root = requireFolder(dir);
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && findSplitFiles(join(root, entry.name), entry.name) !== null)
    .map((entry) => entry.name)
    .sort();
}

/**
 * Loads a dataset by name (from `options.dir` or `dataRoot()`) or by the path of its folder.
 * Throws DatasetNotFoundError naming the datasets that do exist when the name is unknown.
 */
export function loadDataset(nameOrPath: string, options: LoadDatasetOptions = {}): Dataset {
  const files = locateDataset(nameOrPath, options.dir);
  const trainSplit = readSplit(files.train);
  const testSplit = readSplit(files.test);
  if (trainSplit.channels !== testSplit.channels) {
    throw new DataFormatError(`TEST has ${testSplit.channels} channels, TRAIN (${files.train}) has ${trainSplit.channels}`, files.test);
  }
  const { splits, classNames } = unifyLabels([trainSplit, testSplit]);
  let [train, test] = splits as [Dataset['train'], Dataset['test']];
  if (options.normalize === true) {
    train = normalizeSplit(train);
    test = normalizeSplit(test);
  }
  return { name: files.name, train, test, classNames };
}

/** The files of a dataset given by name or folder path, without reading them. */
export function locateDataset(nameOrPath: string, dir?: string): DatasetFiles {
  const looksLikePath = nameOrPath.includes('/') || nameOrPath.includes('\\') || nameOrPath.startsWith('.');
  if (looksLikePath || (dir === undefined && dataRoot() === null && isFolder(nameOrPath))) {
    const folder = resolve(nameOrPath);
    if (!isFolder(folder)) throw new DatasetNotFoundError(`no dataset folder at ${folder}`);
    const files = findSplitFiles(folder, basename(folder)) ?? findOnlyPair(folder);
    if (files === null) {
      throw new DatasetNotFoundError(`${folder} holds no NAME_TRAIN.* and NAME_TEST.* files (${SPLIT_EXTENSION_LIST})`);
    }
    return files;
  }
  const root = requireFolder(dir);
  const files = isFolder(join(root, nameOrPath)) ? findSplitFiles(join(root, nameOrPath), nameOrPath) : null;
  if (files !== null) return files;
  const known = listDatasets(root);
  // Names are typed by hand: "ecg200" means ECG200 when no other dataset differs from it only by case.
  const sameLetters = known.filter((name) => name.toLowerCase() === nameOrPath.toLowerCase());
  if (sameLetters.length === 1) return findSplitFiles(join(root, sameLetters[0]!), sameLetters[0]!)!;
  const shown = known.length > 40 ? `${known.slice(0, 40).join(', ')}, ...` : known.join(', ');
  const existing =
    known.length === 0 ? 'it holds no datasets' : known.length === 1 ? `1 dataset exists: ${shown}` : `${known.length} datasets exist: ${shown}`;
  throw new DatasetNotFoundError(`unknown dataset '${nameOrPath}' in ${root}: ${existing}`);
}

function requireFolder(dir: string | undefined): string {
  const root = dir ?? dataRoot();
  if (root === null) {
    throw new DatasetNotFoundError('no data folder: set TEMPORA_DATA or give a folder (../shared/data/ucr does not exist)');
  }
  if (!isFolder(root)) throw new DatasetNotFoundError(`data folder ${resolve(root)} does not exist`);
  return resolve(root);
}

function isFolder(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

/** NAME_TRAIN.ext and NAME_TEST.ext in a folder (preferred extension first), or null. */
function findSplitFiles(folder: string, name: string): DatasetFiles | null {
  const find = (part: string): string | undefined =>
    SPLIT_EXTENSIONS.map((ext) => join(folder, `${name}_${part}${ext}`)).find(isFile);
  const train = find('TRAIN');
  const test = find('TEST');
  return train !== undefined && test !== undefined ? { name, train, test } : null;
}

/** A folder named otherwise than its files: accept it when it holds exactly one dataset. */
function findOnlyPair(folder: string): DatasetFiles | null {
  const names = new Set<string>();
  for (const file of readdirSync(folder)) {
    const match = /^(.+)_TRAIN(\.[A-Za-z]+)?$/.exec(file);
    if (match !== null) names.add(match[1]!);
  }
  const found = [...names].map((name) => findSplitFiles(folder, name)).filter((f) => f !== null);
  return found.length === 1 ? found[0]! : null;
}
