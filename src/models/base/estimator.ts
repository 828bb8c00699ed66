/**
 * The one estimator shape every Tempora method follows (after scikit-learn): typed options with
 * documented defaults, fit / predict / fitPredict, transform where it applies, save(dir) and a
 * static load(dir) that gives identical outputs.
 */
import type { SeriesInput } from '../../nn/input.js';

/** What a training loop reports after each epoch. */
export interface EpochLog {
  /** 1-based epoch number. */
  readonly epoch: number;
  readonly epochs: number;
  /** Each loss component, averaged over the epoch's steps. */
  readonly losses: Readonly<Record<string, number>>;
  /** Seconds since fit started. */
  readonly seconds: number;
  /** Diagnostics the caller asked for (for example RI/NMI on an evaluation set). */
  readonly metrics?: Readonly<Record<string, number>>;
}

/** Return 'stop' to end training after this epoch. */
export type EpochCallback = (log: EpochLog) => void | 'stop' | Promise<void | 'stop'>;

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
