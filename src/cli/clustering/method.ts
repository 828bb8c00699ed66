/**
 * A clustering method as `tempora cluster --method NAME` and `tempora demo` run it. Each method
 * lives in its own file and is listed in ./methods.ts; the command adds every method's options and
 * checks that the ones given belong to the chosen method.
 */
import type { Dataset } from '../../data/types.js';
import type { ClusteringOutcome } from '../../experiments/clustering-protocol.js';

export interface MethodOption {
  /** Commander flags, e.g. '--n-init <n>'. */
  flags: string;
  description: string;
  /** Default as commander would show it; methods apply their own defaults when absent. */
  defaultValue?: string;
}

/** What a method's run gives back: the protocol's outcome. */
export type ClusterRun = ClusteringOutcome;

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
