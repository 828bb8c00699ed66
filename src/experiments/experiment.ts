/**
 * What `tempora reproduce PAPER` needs to know about a paper: its methods, metrics, datasets,
 * budgets, how to run one (dataset, method, seed) and where the paper's own numbers are.
 */
import type { EpochLog } from '../models/base/fit-options.js';
import type { RunSpec } from './results-store.js';

export const BUDGETS = ['quick', 'standard', 'paper'] as const;
export type Budget = (typeof BUDGETS)[number];

/** What a run leaves for the report besides its metrics. */
export interface RunArtifact {
  /** 2-D t-SNE layout of the TEST representation (a subsample), with the true class of each point. */
  readonly layout?: { readonly points: readonly (readonly [number, number])[]; readonly classes: readonly number[]; readonly classNames: readonly string[] };
  /** Per-epoch losses, for the training curves. */
  readonly history?: readonly EpochLog[];
}

export interface RunOutcome {
  readonly metrics: Readonly<Record<string, number>>;
  readonly artifact?: RunArtifact;
}

/** Where a run happens: the reproduction folder, for what runs of one reproduction share (cached networks). */
export interface RunContext {
  readonly outDir: string;
}

export interface Experiment {
  /** The paper's short name, as typed after `tempora reproduce`. */
  readonly name: string;
  readonly title: string;
  readonly methods: readonly string[];
  /** The method the others are compared with in wins/ties/losses and Wilcoxon tests. */
  readonly reference: string;
  /** The method the field has to beat (k-means, a supervised network): every method is also tested against it. */
  readonly baseline?: string;
  /** Metric keys, the headline first. */
  readonly metrics: readonly string[];
  /** A setting whose values get separate tables (Cluster Distillation: the labelled fraction). */
  readonly groupBy?: string;
  /** Epochs (or other effort) per budget, as text for --help and the report. */
  describeBudget(budget: Budget): string;
  /** Datasets of the paper that the data folder has. */
  availableDatasets(): string[];
  /** Every run for the datasets, seeds 0..seeds-1 and budget. */
  plan(datasets: readonly string[], seeds: number, budget: Budget): RunSpec[];
  /** An independent study's values beside ours and the paper's (DTCR: Lafabregue et al.'s NMI). */
  readonly study?: { readonly name: string; value(dataset: string, method: string, metric: string): number | undefined };
  /** The paper's value for a dataset, method and metric within a group, when published. */
  paperValue(dataset: string, method: string, metric: string, group?: string | number | boolean): number | undefined;
  /** Runs one spec (in a worker process). */
  run(spec: RunSpec, context: RunContext): Promise<RunOutcome>;
}
