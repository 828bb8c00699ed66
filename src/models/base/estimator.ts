/**
 * The one estimator shape every Tempora method follows (after scikit-learn): typed options with
 * documented defaults, fit / predict / fitPredict, transform where it applies, save(dir) and a
 * static load(dir) that gives identical outputs.
 */
import type { SeriesInput } from '../../nn/input.js';

export type { EpochCallback, EpochLog } from '../../nn/training/epoch-log.js';

export interface ClusteringEstimator {
  fit(x: SeriesInput): Promise<this>;
  /** Cluster index 0..K-1 per series. */
  predict(x: SeriesInput): Promise<Int32Array>;
  fitPredict(x: SeriesInput): Promise<Int32Array>;
  save(dir: string): Promise<void>;
}

export interface ClassificationEstimator {
  /** Labels 0..K-1, with -1 (or null) for unlabelled rows. */
  fit(x: SeriesInput, y: ArrayLike<number | null>): Promise<this>;
  predict(x: SeriesInput): Promise<Int32Array>;
  /** Class probabilities, one row of K per series. */
  predictProba(x: SeriesInput): Promise<Float32Array[]>;
  save(dir: string): Promise<void>;
}
