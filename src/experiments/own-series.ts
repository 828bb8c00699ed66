/**
 * The user's own series, outside the benchmark protocol: every row of one file is clustered (the
 * method fits on the very rows it clusters; a method that learns a representation learns it on
 * them too), with K given or chosen by a label-free criterion over a range; labels, when the file
 * has them, only score the result. Classifiers train on all rows of a file, some of them labelled.
 */
import { OptionError } from '../core/errors.js';
import type { LabelledSplit } from '../data/types.js';
import type { ClusteringScores } from '../evaluation/metrics/clustering-scores.js';
import { clusterValidity, higherIsBetter, type ValidityCriterion } from '../evaluation/validity/cluster-validity.js';
import type { Assignments, Classifier, Clusterer } from '../models/base/estimator.js';
import { epochLog, type EpochLog, type FitOptions } from '../models/base/fit-options.js';
import { toRowMatrix, type RowMatrix } from '../models/base/matrix.js';
import type { ClassificationMethod, ClusteringMethod, MethodValues } from '../models/base/method-spec.js';
import { RepresentationClusterer } from '../models/base/representation-clusterer.js';
import type { SeriesInput } from '../nn/input.js';
import { scoreLabelledRows } from './clustering-protocol.js';

/** The K tried by --k auto unless told: 2 to 10, as is usual for a first look. */
export const DEFAULT_K_RANGE: readonly [number, number] = [2, 10];

export interface ClusterSeriesOptions {
  readonly method: ClusteringMethod;
  /** The method's parsed options (its defaults where absent). */
  readonly values?: MethodValues;
  /** K, or 'auto' to choose it over kRange by `criterion`. */
  readonly k: number | 'auto';
  /** Smallest and largest K tried by 'auto' (default 2..10). */
  readonly kRange?: readonly [number, number];
  /** Default 'silhouette'. */
  readonly criterion?: ValidityCriterion;
  readonly seed: number;
  readonly fit?: FitOptions;
  /** Called after each K that 'auto' tries. */
  readonly onK?: (point: KCurvePoint) => void;
}

/** The criterion's value at one K. */
export interface KCurvePoint {
  readonly k: number;
  readonly value: number;
}

export interface SeriesClustering {
  /** The fitted model (the caller disposes it). */
  readonly model: Clusterer;
  readonly assignments: Assignments;
  readonly k: number;
  /** 'auto': the criterion at every K tried. */
  readonly curve?: readonly KCurvePoint[];
  readonly criterion?: ValidityCriterion;
  /** The rows in the space they were clustered in (raw series, or the learned representation). */
  readonly representation: RowMatrix;
  readonly representationName: string;
  /** Per-epoch losses of methods that train (of the kept K). */
  readonly history: readonly EpochLog[];
  /** Scores against the file's labels, when it has some (never used to choose anything). */
  readonly scores?: ClusteringScores & { readonly scored: number };
}

/** Where the data came from, for messages. */
function named(split: LabelledSplit): string {
  return split.source ?? 'the data';
}

/** Checks K or the K range against the rows: K <= rows; a range from 2, not empty, below the rows. */
export function checkClusterCounts(split: LabelledSplit, k: number | 'auto', kRange: readonly [number, number] = DEFAULT_K_RANGE): number[] {
  const rows = split.series.length;
  if (k !== 'auto') {
    if (!Number.isInteger(k) || k < 1) throw new OptionError(`--k must be a positive integer or 'auto', got ${k}`);
    if (k > rows) throw new OptionError(`--k ${k} is larger than the ${rows} rows of ${named(split)}`);
    return [k];
  }
  const [from, to] = kRange;
  if (!Number.isInteger(from) || !Number.isInteger(to)) throw new OptionError(`--k-range needs integers, got ${from}..${to}`);
  if (from < 2) throw new OptionError(`--k-range ${from}..${to} starts below 2 (a criterion compares at least two clusters)`);
  if (to < from) throw new OptionError(`--k-range ${from}..${to} is empty`);
  if (to > rows - 1) throw new OptionError(`--k-range ${from}..${to} goes beyond ${rows - 1}, the ${rows} rows of ${named(split)} less one`);
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** Parses "2..10" (or "5" for one K). */
export function parseKRange(text: string): [number, number] {
  const match = /^\s*(-?\d+)\s*(?:\.\.\s*(-?\d+))?\s*$/.exec(text);
  if (!match) throw new OptionError(`--k-range must read FROM..TO (for example 2..10), got '${text}'`);
  const from = Number(match[1]);
  return [from, match[2] === undefined ? from : Number(match[2])];
}

async function fitOnce(x: SeriesInput, k: number, options: ClusterSeriesOptions): Promise<{ model: Clusterer; history: EpochLog[] }> {
  const model = options.method.create({ ...options.values, nClusters: k, seed: options.seed });
  const history: EpochLog[] = [];
  try {
    await model.fit(x, {
      ...options.fit,
      onProgress: (event) => {
        if (event.losses) history.push(epochLog(event));
        options.fit?.onProgress?.(event);
      },
    });
  } catch (err) {
    model.dispose();
    throw err;
  }
  return { model, history };
}

/** The rows in the space the model clusters them in. */
async function clusteredSpace(model: Clusterer, x: SeriesInput): Promise<RowMatrix> {
  return model instanceof RepresentationClusterer ? model.transform(x) : toRowMatrix(x);
}

/**
 * Clusters every row of `x` (`split` names them and may carry labels to score; x is `split` or
 * the same rows in a cheaper form, see seriesInput).
 */
export async function clusterSeries(split: LabelledSplit, x: SeriesInput, options: ClusterSeriesOptions): Promise<SeriesClustering> {
  const ks = checkClusterCounts(split, options.k, options.kRange);
  const criterion = options.criterion ?? 'silhouette';
  const better = higherIsBetter(criterion);
  const curve: KCurvePoint[] = [];
  let best: { model: Clusterer; history: EpochLog[]; space: RowMatrix; k: number; value: number } | null = null;
  try {
    for (const k of ks) {
      const { model, history } = await fitOnce(x, k, options);
      const space = await clusteredSpace(model, x);
      if (options.k !== 'auto') {
        best = { model, history, space, k, value: NaN };
        break;
      }
      const labels = await model.predict(x);
      const value = distinctCount(labels) < 2 ? NaN : clusterValidity(criterion, space, labels, { seed: options.seed });
      curve.push({ k, value });
      options.onK?.({ k, value });
      if (best === null || (!Number.isNaN(value) && (Number.isNaN(best.value) || (better ? value > best.value : value < best.value)))) {
        best?.model.dispose();
        best = { model, history, space, k, value };
      } else model.dispose();
    }
  } catch (err) {
    best?.model.dispose();
    throw err;
  }
  const { model, history, space, k } = best!;
  const assignments = await model.assignments(x);
  return {
    model,
    assignments,
    k,
    ...(options.k === 'auto' ? { curve, criterion } : {}),
    representation: space,
    representationName: model instanceof RepresentationClusterer ? `the ${model.kind} representation of the series` : 'the series',
    history,
    ...labelScores(split, assignments.clusters),
  };
}

function distinctCount(labels: Int32Array): number {
  return new Set(labels).size;
}

/** Scores of the clusters of the labelled rows, when there are any. */
function labelScores(split: LabelledSplit, clusters: Int32Array): { scores?: ClusteringScores & { scored: number } } {
  return split.labels.some((l) => l >= 0) ? { scores: scoreLabelledRows(split, clusters) } : {};
}

export interface ClassifySeriesOptions {
  readonly method: ClassificationMethod;
  readonly values?: MethodValues;
  readonly seed: number;
  readonly fit?: FitOptions;
}

/** Trains a classifier on every row of the file, with the labels it has (-1: unlabelled). */
export async function classifySeries(split: LabelledSplit, x: SeriesInput, options: ClassifySeriesOptions): Promise<{ model: Classifier; history: EpochLog[] }> {
  const classes = split.classNames.length;
  const labelled = split.labels.reduce((n, l) => n + (l >= 0 ? 1 : 0), 0);
  if (labelled === 0) throw new OptionError(`${named(split)} has no labelled row to learn from (unlabelled: an empty label, '?' or -1)`);
  if (classes < 2) throw new OptionError(`${named(split)}: the labelled rows hold ${classes} class; a classifier needs two at least`);
  const model = options.method.create({ ...options.values, seed: options.seed, classes });
  const history: EpochLog[] = [];
  try {
    await model.fit(x, split.labels, {
      ...options.fit,
      onProgress: (event) => {
        if (event.losses && event.stage !== 'teacher epoch') history.push(epochLog(event));
        options.fit?.onProgress?.(event);
      },
    });
  } catch (err) {
    model.dispose();
    throw err;
  }
  return { model, history };
}
