/**
 * A method as the registries list it (models/registry.ts): its name, its options with their
 * command-line flags and defaults, and how to build its estimator from parsed values. `tempora
 * cluster`, `classify`, `demo`, `predict` and `reproduce` all read the registries, so a new method
 * is its file plus one registry line.
 */
import { parseInteger } from '../../core/parse-options.js';
import type { Classifier, Clusterer } from './estimator.js';

export interface MethodOption {
  /** Name of the parsed value handed to `create` (commander's camelCase of the flag). */
  readonly key: string;
  /** Commander flags: '--n-init <n>', or '--no-kmeans-loss' for a switch. */
  readonly flags: string;
  /** One line for --help (the method's default included). */
  readonly description: string;
  /** From the command line's text (or a switch's boolean) to the value; throws an OptionError naming the flag. */
  readonly parse: (value: unknown) => unknown;
}

/** Parsed option values by key; absent keys take the estimator's defaults. */
export type MethodValues = Readonly<Record<string, unknown>>;

interface MethodSpec {
  readonly name: string;
  /** One line for --help. */
  readonly description: string;
  /** The kind its saved models carry. */
  readonly kind: string;
  readonly options: readonly MethodOption[];
  /** Whether it computes with tensors (the backend must be started first). */
  readonly usesTensors: boolean;
}

export interface ClusteringMethod extends MethodSpec {
  /**
   * 'clustered': fitted on the very series it clusters (k-means); 'train': learns a representation
   * on TRAIN and clusters TEST in it, the DTCR paper's protocol for deep methods.
   */
  readonly learnsFrom: 'clustered' | 'train';
  /** Whether `tempora reproduce dtcr` runs it beside DTCR. */
  readonly inDtcrTable: boolean;
  /** Its column in the DTCR paper's Table 1 (dtcr_paper_ri.tsv), when the paper reports it. */
  readonly dtcrPaperColumn?: string;
  /** Its column in Lafabregue et al.'s (2022) NMI table (lafabregue_nmi.tsv), when that study ran the same method. */
  readonly lafabregueColumn?: string;
  create(values: MethodValues & { nClusters: number; seed: number }): Clusterer;
  /** The estimator from its resolved config, as getConfig() gave it (loadModel). */
  fromConfig(config: object): Clusterer;
}

export interface ClassificationMethod extends MethodSpec {
  /** Whether it trains a Sup-ResNet teacher first (which the protocol can share between methods). */
  readonly hasTeacher: boolean;
  /** Networks it trains one after the other (for progress totals). */
  readonly networks: number;
  /** Its name in the Cluster Distillation paper's tables (cd_paper_accuracy.tsv), when the paper reports it. */
  readonly cdPaperName?: string;
  create(values: MethodValues & { seed: number; classes?: number }): Classifier;
  /** The estimator from its resolved config, as getConfig() gave it (loadModel). */
  fromConfig(config: object): Classifier;
}

/** The parsed value of `key` as a number, or undefined when absent. */
export function numberValue(values: MethodValues, key: string): number | undefined {
  const v = values[key];
  return v === undefined ? undefined : Number(v);
}

/** --epochs, shared by every method that trains a network. */
export const EPOCHS_OPTION: MethodOption = {
  key: 'epochs',
  flags: '--epochs <n>',
  description: 'training epochs (dtcr: 300; each network of the classifiers: 1500)',
  parse: (v) => parseInteger('--epochs', v, 1),
};
