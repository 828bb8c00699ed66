/**
 * The DTCR paper's clustering protocol (../shared/papers/NOTES.md), shared by `tempora cluster`,
 * `tempora demo` and `tempora reproduce dtcr`: K = number of classes unless given; k-means runs on
 * the TEST series (raw for the k-means baseline, their learnt representation for DTCR, which
 * trains on TRAIN); the found clusters are scored against the TEST labels.
 */
import { OptionError } from '../core/errors.js';
import { toSeriesMatrix } from '../data/series-matrix.js';
import type { Dataset } from '../data/types.js';
import { clusteringScores, type ClusteringScores } from '../evaluation/metrics/clustering-scores.js';
import { DTCR, type DtcrFitOptions } from '../models/dtcr/dtcr.js';
import type { DtcrOptions, DtcrPresetName } from '../models/dtcr/options.js';
import type { EpochLog } from '../models/base/estimator.js';
import { KMeans, type KMeansProgress } from '../models/classic/kmeans.js';
import { rowViews } from '../models/base/matrix.js';

/** k-means restarts on the clustered representation, as the paper's protocol. */
export const PROTOCOL_N_INIT = 10;

export interface ClusteringOutcome {
  /** Cluster of every TEST row. */
  readonly labels: Int32Array;
  /** The TEST rows in the space they were clustered in (for t-SNE figures). */
  readonly representation: readonly ArrayLike<number>[];
  readonly representationName: string;
  /** Per-epoch losses of methods that train. */
  readonly history?: readonly EpochLog[];
  /** The settings actually used. */
  readonly settings: Readonly<Record<string, unknown>>;
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
  const labelled = [...dataset.test.labels.keys()].filter((i) => dataset.test.labels[i]! >= 0);
  const scores = clusteringScores(
    labelled.map((i) => dataset.test.labels[i]!),
    labelled.map((i) => labels[i]!),
  );
  return { ...scores, scored: labelled.length };
}

export interface KMeansOnTestOptions {
  k: number;
  seed: number;
  nInit?: number;
  onProgress?: (progress: KMeansProgress) => void;
}

/** The k-means baseline: k-means on the raw TEST series. */
export function kmeansOnTest(dataset: Dataset, options: KMeansOnTestOptions): ClusteringOutcome {
  const x = toSeriesMatrix(dataset.test);
  const model = new KMeans({ k: options.k, nInit: options.nInit ?? PROTOCOL_N_INIT, seed: options.seed, onProgress: options.onProgress });
  const labels = model.fitPredict(x);
  return {
    labels,
    representation: rowViews(x.data, x.rows, x.length),
    representationName: 'the raw TEST series',
    settings: { nInit: model.nInit, maxIter: model.maxIter, tol: model.tol, init: model.init, inertia: model.inertia },
  };
}

export interface DtcrOnTestOptions {
  k: number;
  seed: number;
  /** DTCR settings beyond K and the seed (the model's defaults elsewhere). */
  model?: Partial<DtcrOptions>;
  preset?: DtcrPresetName;
  /** Training callbacks, checkpoints, stop signal; `evaluate` gets the TEST scores when asked. */
  fit?: Omit<DtcrFitOptions, 'evaluate'>;
  /** Diagnostics: RI/NMI of the protocol on TEST every this many epochs (shown, never used). */
  evaluateEvery?: number;
  /** Save the trained model here. */
  saveDir?: string;
}

/** DTCR: train on TRAIN, then k-means on the TEST representations. */
export async function dtcrOnTest(dataset: Dataset, options: DtcrOnTestOptions): Promise<ClusteringOutcome> {
  const model = new DTCR({ ...options.model, clusters: options.k, seed: options.seed }, options.preset);
  const history: EpochLog[] = [];
  const clusterTest = async (m: DTCR) => {
    const representation = await m.transform(dataset.test);
    return { representation, labels: new KMeans({ k: options.k, nInit: PROTOCOL_N_INIT, seed: options.seed }).fitPredict(representation) };
  };
  try {
    await model.fit(dataset.train, {
      ...options.fit,
      onEpoch: (log) => {
        history.push(log);
        return options.fit?.onEpoch?.(log);
      },
      ...(options.evaluateEvery !== undefined
        ? {
            evaluateEvery: options.evaluateEvery,
            evaluate: async (m: DTCR) => {
              const { ri, nmi } = scoreTest(dataset, (await clusterTest(m)).labels);
              return { ri, nmi };
            },
          }
        : {}),
    });
    if (options.saveDir !== undefined) await model.save(options.saveDir);
    const { representation, labels } = await clusterTest(model);
    return {
      labels,
      representation: rowViews(representation.data, representation.rows, representation.cols),
      representationName: 'the DTCR representation of the TEST series',
      history,
      settings: { ...model.options, preset: options.preset ?? null, epochsTrained: model.epochs, stoppedEarly: model.stopped, finalLosses: history.at(-1)?.losses ?? {} },
    };
  } finally {
    model.dispose();
  }
}
