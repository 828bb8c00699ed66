/**
 * The frame of the semi-supervised methods that train one ResNet on all rows at once (FixMatch, the
 * mean teacher, SemiTime): labelled and unlabelled rows share every batch, and the method computes
 * the step on each batch. The network keeps its 'classes' head for prediction. They train with the
 * shared trainer, so options.checkpointDir makes a run resumable: what a method holds besides the
 * network's weights and optimiser (the mean teacher's averaged weights) goes through its
 * saveState/restoreState.
 */
import * as tf from '@tensorflow/tfjs-core';
import { deriveSeed, Random } from '../../core/random.js';
import { seriesTensor, type SeriesInput } from '../../nn/input.js';
import { OptionError } from '../../core/errors.js';
import { parseNumber } from '../../core/parse-options.js';
import { fingerprint } from '../../nn/training/fingerprint.js';
import { checkInteger, checkNumber } from '../base/check-options.js';
import type { EstimatorState } from '../base/estimator.js';
import { epochEvent, type FitOptions } from '../base/fit-options.js';
import { classCount, readLabels } from './class-labels.js';
import { ResNetClassifier, type BatchSteps } from './resnet-classifier.js';
import type { MethodOption, MethodValues } from '../base/method-spec.js';
import { architectureOf, CLASS_HEAD, networkFrom, ResNetEstimator, resolveNetwork, trainOptions, type NetworkOptions } from './resnet-estimator.js';
import { STUDENT_BATCH } from './teacher-student.js';

/** Purpose of the network's seed stream (its weights and batch order; see deriveSeed). */
const NETWORK_STREAM = 1;

export interface OneNetworkOptions extends NetworkOptions {
  /** Number of classes (default: the largest label + 1). */
  classes?: number;
  /** Seed of the weights, the batches and the augmentations (default 0). */
  seed?: number;
}

export type OneNetworkConfig = NetworkOptions & { classes?: number; seed: number };

/** What the data of one fit gives a method: all rows as a tensor, their labels (-1 unlabelled) and the class count. */
export interface TrainingData {
  readonly input: tf.Tensor3D;
  readonly labels: Int32Array;
  readonly classes: number;
}

/**
 * How a method trains the network: the step on one batch of row indices (drawing any noise from the
 * epoch's generator), what it keeps besides the network for a resumed run, and what it predicts with after.
 */
export interface BatchTraining extends BatchSteps {
  /** The network to predict with (default: the trained one). */
  result?(): ResNetClassifier;
  /** Frees what the method held for training (default: nothing to free). */
  dispose?(): void;
}

/** The shared options over their defaults (batch size 32, the students'), checked. */
export function oneNetworkConfig(options: OneNetworkOptions): OneNetworkConfig {
  return {
    ...resolveNetwork(options, STUDENT_BATCH),
    ...(options.classes !== undefined ? { classes: checkInteger('classes', options.classes, 2) } : {}),
    seed: checkInteger('seed', options.seed ?? 0, 0),
  };
}

/** The shared options from a method's parsed command-line values. */
export function oneNetworkFrom(values: MethodValues & { seed: number; classes?: number }): OneNetworkOptions {
  return { ...networkFrom(values), seed: values.seed, ...(values.classes !== undefined ? { classes: values.classes } : {}) };
}

/** A probability option, checked to lie in [0, 1]. */
export function checkProbability(name: string, value: number): number {
  if (!(checkNumber(name, value, 0) <= 1)) throw new OptionError(`${name} must be in [0, 1], got ${value}`);
  return value;
}

/** --threshold of the pseudo-labelling methods. */
export const THRESHOLD_OPTION: MethodOption = {
  key: 'threshold',
  flags: '--threshold <p>',
  description: 'fixmatch, self-training: confidence a pseudo-label needs (defaults 0.95, 0.9)',
  parse: (v) => parseNumber('--threshold', v, (p) => p >= 0 && p <= 1, 'a number in [0, 1]'),
};

/** 1 for labelled rows of the batch, 0 for the others (or the reverse). */
export function batchLabelMask(labels: Int32Array, batch: Int32Array, unlabelled = false): tf.Tensor1D {
  return tf.tensor1d(Float32Array.from(batch, (row) => ((labels[row]! >= 0) !== unlabelled ? 1 : 0)));
}

/** One-hot rows of the batch's labels (all zero for unlabelled rows). */
export function batchOneHot(labels: Int32Array, batch: Int32Array, classes: number): tf.Tensor2D {
  const out = new Float32Array(batch.length * classes);
  batch.forEach((row, i) => {
    if (labels[row]! >= 0) out[i * classes + labels[row]!] = 1;
  });
  return tf.tensor2d(out, [batch.length, classes]);
}

/**
 * What a checkpoint of a run must match: the data, the labels, the method and its settings. The
 * epoch budget is left out (a run may be continued with more epochs) unless the method's steps
 * depend on it.
 */
export function runFingerprint(kind: string, data: { input: tf.Tensor3D; labels: Int32Array }, config: OneNetworkConfig, withBudget: boolean, extra: Record<string, unknown> = {}): string {
  const { epochs, ...settings } = config;
  return fingerprint([data.input.dataSync() as Float32Array, data.labels], { kind, shape: data.input.shape, ...settings, ...(withBudget ? { epochs } : {}), ...extra });
}

export abstract class OneNetworkClassifier<Config extends OneNetworkConfig> extends ResNetEstimator<Config> {
  /** The method's training on this data, with `network` freshly initialised. */
  protected abstract training(network: ResNetClassifier, data: TrainingData, seed: number): BatchTraining;

  /** Whether the method's steps depend on the epoch budget (a ramp-up over it), so that a checkpoint is only resumed with the same budget. */
  protected readonly stepsDependOnBudget: boolean = false;

  protected async fitModel(x: SeriesInput, y: ArrayLike<number | null>, options: FitOptions): Promise<void> {
    const o = this.config;
    const input = seriesTensor(x);
    let network: ResNetClassifier | null = null;
    let training: BatchTraining | null = null;
    try {
      const labels = readLabels(y, input.shape[0]);
      const classes = classCount(labels, o.classes);
      const rng = new Random(deriveSeed(o.seed, NETWORK_STREAM));
      network = new ResNetClassifier({ channels: input.shape[2], heads: { [CLASS_HEAD]: classes }, architecture: architectureOf(o), seed: rng.uint32() }, o.learningRate);
      training = this.training(network, { input, labels, classes }, rng.uint32());
      const checkpointed = options.checkpointDir !== undefined;
      await network.trainSteps(
        input.shape[0],
        {
          ...trainOptions(o, rng.uint32()),
          onEpoch: (log) => options.onProgress?.(epochEvent('epoch', log)),
          ...(options.signal ? { signal: options.signal } : {}),
          ...(checkpointed ? { checkpointDir: options.checkpointDir } : {}),
        },
        training,
        checkpointed ? runFingerprint(this.kind, { input, labels }, o, this.stepsDependOnBudget) : null,
      );
      const kept = training.result?.() ?? network;
      if (kept !== network) network.dispose();
      network = null;
      this.dispose();
      this.network = kept;
    } finally {
      training?.dispose?.();
      network?.dispose();
      input.dispose();
    }
  }

  protected saveState(): EstimatorState {
    return this.networkState();
  }

  protected restoreState({ state, weights }: EstimatorState, source: string): void {
    this.restoreNetwork(state, weights, source);
  }
}
