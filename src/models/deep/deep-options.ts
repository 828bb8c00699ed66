/**
 * Options every deep clusterer of this folder shares (training budget, optimiser, the final
 * k-means), their checks, and their command-line flags.
 */
import { OptionError } from '../../core/errors.js';
import { parseInteger, parseIntegerList, parseNumber } from '../../core/parse-options.js';
import { checkChoice, checkInteger, checkNumber } from '../base/check-options.js';
import { EPOCHS_OPTION, numberValue, type MethodOption, type MethodValues } from '../base/method-spec.js';
import { UMAP_OPTION, type RepresentationClustererConfig } from '../base/representation-clusterer.js';

export interface DeepTrainingConfig extends RepresentationClustererConfig {
  /** Training epochs (passes over the training series). */
  readonly epochs: number;
  /** Series per optimisation step. */
  readonly batchSize: number;
  /** Adam's learning rate. */
  readonly learningRate: number;
}

/** The shared options over their defaults, checked (OptionError naming the option). */
export function resolveTraining(given: Partial<DeepTrainingConfig> & { nClusters: number }, defaults: Omit<DeepTrainingConfig, 'nClusters'>): DeepTrainingConfig {
  const o = { ...defaults, ...defined(given), nClusters: given.nClusters };
  return {
    nClusters: checkInteger('nClusters', o.nClusters, 2),
    seed: checkInteger('seed', o.seed, 0),
    kmeansRestarts: checkInteger('kmeansRestarts', o.kmeansRestarts, 1),
    umap: Boolean(o.umap),
    epochs: checkInteger('epochs', o.epochs, 1),
    batchSize: checkInteger('batchSize', o.batchSize, 1),
    learningRate: checkNumber('learningRate', o.learningRate, 0, true),
  };
}

/** The given entries that are not undefined (so they do not hide defaults). */
export function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export const TRAINING_OPTIONS: readonly MethodOption[] = [
  EPOCHS_OPTION,
  { key: 'batchSize', flags: '--batch-size <n>', description: 'resnet-ae, dec, idec, dtc: series per step', parse: (v) => parseInteger('--batch-size', v, 1) },
  { key: 'lr', flags: '--lr <rate>', description: 'Adam learning rate', parse: (v) => parseNumber('--lr', v, (n) => n > 0, 'a number > 0') },
  UMAP_OPTION,
];

/** The shared options from parsed command-line values (absent ones left to the defaults). */
export function trainingValues(v: MethodValues & { nClusters: number; seed: number }): Partial<DeepTrainingConfig> & { nClusters: number; seed: number } {
  return { nClusters: v.nClusters, seed: v.seed, epochs: numberValue(v, 'epochs'), batchSize: numberValue(v, 'batchSize'), learningRate: numberValue(v, 'lr'), umap: v['umap'] === true };
}

/** A non-empty list of positive integers (layer sizes, filters, kernel sizes). */
export function checkSizes(name: string, values: readonly number[]): number[] {
  if (!Array.isArray(values) || values.length === 0) throw new OptionError(`${name} must list at least one value, got ${String(values)}`);
  return values.map((v, i) => checkInteger(`${name}[${i}]`, v, 1));
}

export const LATENT_SIZE_OPTION: MethodOption = { key: 'latentSize', flags: '--latent-size <n>', description: 'resnet-ae, dec, idec: size of the latent vector (default 10)', parse: (v) => parseInteger('--latent-size', v, 1) };
export const FILTERS_OPTION: MethodOption = { key: 'filters', flags: '--filters <a,b,c>', description: 'resnet-ae, and dec/idec with --encoder resnet: filters of the residual blocks (default 64,128,128)', parse: (v) => parseIntegerList('--filters', v) };
export const BATCH_NORM_MOMENTUM_OPTION: MethodOption = {
  key: 'batchNormMomentum',
  flags: '--batch-norm-momentum <m>',
  description: 'resnet-ae, and dec/idec with --encoder resnet: BatchNorm moving-average momentum (default 0.99, Keras\'s; short runs need less)',
  parse: (v) => parseNumber('--batch-norm-momentum', v, (m) => m >= 0 && m < 1, 'a number in [0, 1)'),
};

/**
 * --encoder, shared by the methods that offer several autoencoders: one flag on the command line (so
 * one help line lists every method's choices), each method parsing it against its own.
 */
export function encoderOption(allowed: readonly string[]): MethodOption {
  return {
    key: 'encoder',
    flags: '--encoder <name>',
    description: "dec, idec: 'dense' (the papers' d-500-500-2000-10, default) or 'resnet'; resnet-ae: 'resnet' (default) or 'dilated' (Franceschi et al.'s dilated causal CNN)",
    parse: (v) => checkChoice('--encoder', String(v), allowed),
  };
}

/** BatchNorm's momentum, checked. */
export function checkMomentum(value: number): number {
  if (!(value >= 0 && value < 1)) throw new OptionError(`batchNormMomentum must be in [0, 1), got ${value}`);
  return value;
}
