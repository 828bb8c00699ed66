/**
 * A clustering method as `tempora cluster --method NAME` and `tempora demo` run it. Each method
 * lives in its own file and is listed in ./methods.ts; the command adds every method's options and
 * checks that the ones given belong to the chosen method.
 */
import type { Dataset } from '../../data/types.js';
import type { EpochLog } from '../../models/estimator.js';

export interface MethodOption {
  /** Commander flags, e.g. '--n-init <n>'. */
  flags: string;
  description: string;
  /** Default as commander would show it; methods apply their own defaults when absent. */
  defaultValue?: string;
}

export interface ClusterRun {
  /** Cluster of every TEST row. */
  labels: Int32Array;
  /** The settings that were used (method-specific), for --json and the report. */
  settings: Record<string, unknown>;
  /** The TEST rows in the space they were clustered in, for the report's t-SNE. */
  representation: readonly ArrayLike<number>[];
  /** What `representation` is, in a few words (for the report's captions). */
  representationName: string;
  /** Per-epoch losses of methods that train. */
  history?: readonly EpochLog[];
}

export interface ClusterContext {
  dataset: Dataset;
  /** Number of clusters. */
  k: number;
  seed: number;
  /** Raw option values parsed by commander (camelCase keys), method-specific ones included. */
  options: Record<string, unknown>;
  /** Whether to print progress on stderr. */
  quiet: boolean;
}

export interface ClusterMethod {
  name: string;
  /** One line for --help. */
  description: string;
  /** Options only this method reads. */
  options: readonly MethodOption[];
  /** Clusters the TEST split following the method's protocol. */
  run(context: ClusterContext): Promise<ClusterRun>;
}
