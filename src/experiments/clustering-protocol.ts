/**
 * The DTCR paper's clustering protocol (../shared/papers/NOTES.md), the one function behind
 * `tempora cluster`, `tempora demo` and `tempora reproduce dtcr`: K = number of classes unless
 * given; methods fitted on what they cluster (k-means) cluster the TEST series; methods that learn
 * a representation (DTCR) learn it on TRAIN and cluster the TEST series in it; the clusters are
 * scored against the TEST labels, which nothing uses to choose anything.
 */
import { OptionError } from '../core/errors.js';
import { toSeriesMatrix } from '../data/series-matrix.js';
import type { Dataset, LabelledSplit } from '../data/types.js';
import { clusteringScores, type ClusteringScores } from '../evaluation/metrics/clustering-scores.js';
import { epochLog, type EpochLog, type FitOptions } from '../models/base/fit-options.js';
import { rowViews, toRowMatrix } from '../models/base/matrix.js';
import type { ClusteringMethod, MethodValues } from '../models/base/method-spec.js';
import { RepresentationClusterer } from '../models/base/representation-clusterer.js';
import { KMeans } from '../models/classic/kmeans.js';

/** k-means restarts on a clustered representation, as the paper's protocol. */
export const PROTOCOL_N_INIT = 10;

export interface ClusteringRunOptions {
  readonly method: ClusteringMethod;
  /** The method's parsed options (its defaults where absent). */
  readonly values?: MethodValues;
  /** K (default: the number of classes). */
  readonly nClusters?: number;
  readonly seed: number;
  /** Progress, stop signal and checkpoints of the fit. */
  readonly fit?: Omit<FitOptions, 'evaluate'>;
  /** Diagnostics of methods that train: RI/NMI of the protocol on TEST every this many epochs (shown, never used). */
  readonly evaluateEvery?: number;
  /** Save the fitted model here (it then predicts the TEST clusters: `tempora predict`). */
  readonly saveDir?: string;
}

export interface ClusteringOutcome extends ClusteringScores {
  /** Cluster of every TEST row. */
  readonly labels: Int32Array;
  /** Labelled TEST rows that were scored. */
  readonly scored: number;
  /** The TEST rows in the space they were clustered in (for t-SNE figures). */
  readonly representation: readonly ArrayLike<number>[];
  readonly representationName: string;
  /** Per-epoch losses of methods that train. */
  readonly history: readonly EpochLog[];
  /** K, the seed, the method's resolved options and what the fit reports. */
  readonly settings: Readonly<Record<string, unknown>>;
  readonly seconds: number;
}

/** K: the given number, else the number of classes; between 1 and the TEST rows. */
export function clusterCount(dataset: Dataset, k?: number): number {
  const clusters = k ?? dataset.classNames.length;
  const rows = dataset.test.labels.length;
  if (!Number.isInteger(clusters) || clusters < 1 || clusters > rows) {
    throw new OptionError(`--k must be an integer between 1 and the ${rows} TEST series, got ${clusters}`);
  }
  return clusters;
}

/** Scores the clusters of the labelled TEST rows (unlabelled rows are clustered but not scored). */
export function scoreTest(dataset: Dataset, labels: Int32Array): ClusteringScores & { scored: number } {
  return scoreLabelledRows(dataset.test, labels);
}

/** Scores the clusters of a split's labelled rows against their labels (unlabelled rows are left out). */
export function scoreLabelledRows(split: LabelledSplit, clusters: Int32Array): ClusteringScores & { scored: number } {
  const labelled = [...split.labels.keys()].filter((i) => split.labels[i]! >= 0);
  const scores = clusteringScores(
    labelled.map((i) => split.labels[i]!),
    labelled.map((i) => clusters[i]!),
  );
  return { ...scores, scored: labelled.length };
}

export async function clusterDataset(dataset: Dataset, options: ClusteringRunOptions): Promise<ClusteringOutcome> {
  const { method, seed } = options;
  const k = clusterCount(dataset, options.nClusters);
  const started = Date.now();
  const model = method.create({ ...options.values, nClusters: k, seed });
  const history: EpochLog[] = [];
  const fit: FitOptions = {
    ...options.fit,
    onProgress: (event) => {
      if (event.losses) history.push(epochLog(event));
      options.fit?.onProgress?.(event);
    },
    ...(options.evaluateEvery !== undefined
      ? {
          evaluateEvery: options.evaluateEvery,
          evaluate: async () => {
            const representation = await (model as RepresentationClusterer<never>).transform(dataset.test);
            const labels = await new KMeans({ nClusters: k, nInit: PROTOCOL_N_INIT, seed }).fitPredict(representation);
            const { ri, nmi } = scoreTest(dataset, labels);
            return { ri, nmi };
          },
        }
      : {}),
  };
  try {
    const learnsRepresentation = method.learnsFrom === 'train' && model instanceof RepresentationClusterer;
    let labels: Int32Array;
    if (learnsRepresentation) {
      await model.fitRepresentation(dataset.train, fit);
      await model.fitClusters(dataset.test);
      labels = await model.predict(dataset.test);
    } else {
      // The clusters found on the TEST series themselves (UMAP + k-means would place them anew in predict).
      labels = await model.fitPredict(dataset.test, fit);
    }
    if (options.saveDir !== undefined) await model.save(options.saveDir);
    const representation = learnsRepresentation ? await model.transform(dataset.test) : toRowMatrix(toSeriesMatrix(dataset.test));
    const { scored, ...scores } = scoreTest(dataset, labels);
    const { nClusters: _k, seed: _seed, ...config } = model.getConfig() as unknown as Record<string, unknown>;
    return {
      ...scores,
      scored,
      labels,
      representation: rowViews(representation.data, representation.rows, representation.cols),
      representationName: learnsRepresentation ? `the ${model.kind} representation of the TEST series` : 'the raw TEST series',
      history,
      settings: { k, seed, split: 'test', rows: dataset.test.labels.length, scored, ...config, ...model.fitSummary() },
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    model.dispose();
  }
}
