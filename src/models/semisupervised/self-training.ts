/**
 * Self-training with noise, the Noisy Student recipe (Xie et al. 2020) on the ResNet: a first
 * network fits the labelled rows; each round, the last network labels the unlabelled rows (clean
 * inputs, inference mode), the rows whose most likely class reaches the threshold join the
 * labelled ones with that class, and a new network is trained from scratch on them with noisy
 * inputs (every time-series augmentation, drawn afresh for each batch). Every network trains with
 * noise; the last one predicts. With a checkpoint folder, each round checkpoints in its own
 * subfolder (round-0, round-1, ...), as the teacher and student of Cluster Distillation do: a
 * resumed run takes the finished rounds' networks from their last checkpoints, labels with them
 * again (inference is deterministic, and each round's fingerprint holds its labels, so a mismatch
 * cannot pass unnoticed) and continues the round it was stopped in.
 */
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { parseInteger } from '../../core/parse-options.js';
import { deriveSeed, Random } from '../../core/random.js';
import { STRONG_AUGMENTATIONS } from '../../data/augmentation/augmentations.js';
import { seriesTensor, type SeriesInput } from '../../nn/input.js';
import { checkInteger } from '../base/check-options.js';
import type { EstimatorState } from '../base/estimator.js';
import { epochEvent, type FitOptions } from '../base/fit-options.js';
import type { ClassificationMethod } from '../base/method-spec.js';
import { augmentedView, batchValues } from './augmented-views.js';
import { classCount, oneHot, readLabels } from './class-labels.js';
import { checkProbability, oneNetworkConfig, oneNetworkFrom, runFingerprint, THRESHOLD_OPTION, type OneNetworkConfig, type OneNetworkOptions } from './one-network.js';
import { ResNetClassifier } from './resnet-classifier.js';
import { architectureOf, CLASS_HEAD, NETWORK_OPTIONS, ResNetEstimator, trainOptions } from './resnet-estimator.js';

export interface SelfTrainingOptions extends OneNetworkOptions {
  /** Rounds of pseudo-labelling after the first network (default 2: three networks in all). */
  rounds?: number;
  /** Probability the most likely class needs for a row to be pseudo-labelled (default 0.9). */
  threshold?: number;
}

export type SelfTrainingConfig = OneNetworkConfig & { rounds: number; threshold: number };

/** What the last fit did, round by round. */
export interface SelfTrainingSummary {
  /** Unlabelled rows pseudo-labelled in each round. */
  pseudoLabelled: number[];
}

const NOISE = 0x9015e;

/**
 * The labels of the next round: the given labels, and for each unlabelled row whose most likely
 * class has probability >= threshold, that class (-1 for the others).
 */
export function confidentLabels(labels: Int32Array, probabilities: readonly ArrayLike<number>[], threshold: number): Int32Array {
  return Int32Array.from(labels, (label, row) => {
    if (label >= 0) return label;
    const p = probabilities[row]!;
    let best = 0;
    for (let k = 1; k < p.length; k++) if (p[k]! > p[best]!) best = k;
    return p[best]! >= threshold ? best : -1;
  });
}

export class SelfTraining extends ResNetEstimator<SelfTrainingConfig> {
  readonly kind = 'SelfTraining';
  private summary: SelfTrainingSummary | null = null;

  constructor(options: SelfTrainingOptions = {}) {
    super({ ...oneNetworkConfig(options), rounds: checkInteger('rounds', options.rounds ?? 2, 0), threshold: checkProbability('threshold', options.threshold ?? 0.9) });
  }

  override fitSummary(): Record<string, number | boolean> {
    return Object.fromEntries((this.summary?.pseudoLabelled ?? []).map((n, round) => [`pseudoLabelledRound${round + 1}`, n]));
  }

  protected async fitModel(x: SeriesInput, y: ArrayLike<number | null>, options: FitOptions): Promise<void> {
    const o = this.config;
    const input = seriesTensor(x);
    let network: ResNetClassifier | null = null;
    try {
      const given = readLabels(y, input.shape[0]);
      const classes = classCount(given, o.classes);
      const pseudoLabelled: number[] = [];
      let labels = given;
      for (let round = 0; round <= o.rounds; round++) {
        if (network) {
          const probabilities = network.probabilities(input, CLASS_HEAD);
          network.dispose();
          network = null;
          labels = confidentLabels(given, probabilities, o.threshold);
          pseudoLabelled.push(labels.filter((c) => c >= 0).length - given.filter((c) => c >= 0).length);
        }
        network = await this.trainRound(input, labels, classes, round, options);
        if (options.signal?.aborted) break;
      }
      this.dispose();
      this.network = network;
      network = null;
      this.summary = { pseudoLabelled };
    } finally {
      network?.dispose();
      input.dispose();
    }
  }

  /** A new network trained with noisy inputs on the rows that have a label. */
  private async trainRound(input: tf.Tensor3D, labels: Int32Array, classes: number, round: number, options: FitOptions): Promise<ResNetClassifier> {
    const o = this.config;
    const rng = new Random(deriveSeed(o.seed, NOISE, round));
    const rows = Int32Array.from(labels.keys()).filter((row) => labels[row]! >= 0);
    const kept = labels.filter((c) => c >= 0);
    const network = new ResNetClassifier({ channels: input.shape[2], heads: { [CLASS_HEAD]: classes }, architecture: architectureOf(o), seed: rng.uint32() }, o.learningRate);
    const labelled = tf.gather(input, rows);
    const targets = tf.tensor2d(oneHot(kept, classes), [kept.length, classes]);
    const checkpointDir = options.checkpointDir === undefined ? undefined : join(options.checkpointDir, `round-${round}`);
    try {
      await network.trainSteps(
        rows.length,
        {
          ...trainOptions(o, rng.uint32()),
          onEpoch: (log) => options.onProgress?.(epochEvent(`round ${round} epoch`, log)),
          ...(options.signal ? { signal: options.signal } : {}),
          ...(checkpointDir !== undefined ? { checkpointDir } : {}),
        },
        {
          step: (batch, random) => {
            const view = augmentedView(batchValues(labelled, batch), STRONG_AUGMENTATIONS, random);
            try {
              return tf.tidy(() => network.step(view, [{ name: 'loss', head: CLASS_HEAD, targets: tf.gather(targets, tf.tensor1d(batch, 'int32')), mask: tf.ones([batch.length]) as tf.Tensor1D, weight: 1 }]));
            } finally {
              view.dispose();
            }
          },
        },
        checkpointDir === undefined ? null : runFingerprint(this.kind, { input, labels }, o, false, { round }),
      );
      return network;
    } catch (err) {
      network.dispose();
      throw err;
    } finally {
      tf.dispose([labelled, targets]);
    }
  }

  protected saveState(): EstimatorState {
    const own = this.networkState();
    return { state: { ...own.state, pseudoLabelled: this.summary?.pseudoLabelled ?? [] }, weights: own.weights };
  }

  protected restoreState({ state, weights }: EstimatorState, source: string): void {
    this.restoreNetwork(state, weights, source);
    this.summary = { pseudoLabelled: Array.isArray(state['pseudoLabelled']) ? (state['pseudoLabelled'] as number[]) : [] };
  }
}

export const SELF_TRAINING_METHOD: ClassificationMethod = {
  name: 'self-training',
  description: 'Self-training with noise (Noisy Student): confident predictions on unlabelled rows become labels, new networks train on them with augmented inputs',
  kind: 'SelfTraining',
  options: [
    ...NETWORK_OPTIONS,
    THRESHOLD_OPTION,
    { key: 'rounds', flags: '--rounds <n>', description: 'self-training: pseudo-labelling rounds after the first network (default 2)', parse: (v) => parseInteger('--rounds', v, 0) },
  ],
  usesTensors: true,
  hasTeacher: false,
  networks: 3,
  fromConfig: (c) => new SelfTraining(c as ConstructorParameters<typeof SelfTraining>[0]),
  create: (v) =>
    new SelfTraining({
      ...oneNetworkFrom(v),
      ...(v['threshold'] !== undefined ? { threshold: Number(v['threshold']) } : {}),
      ...(v['rounds'] !== undefined ? { rounds: Number(v['rounds']) } : {}),
    }),
};
