/**
 * Sup-ResNet, the supervised baseline of the Cluster Distillation paper (Fawaz et al.'s ResNet):
 * trained on the labelled rows only; rows labelled -1 or null are left out. Also the teacher of
 * every teacher-student method.
 */
import * as tf from '@tensorflow/tfjs-core';
import { deriveSeed, Random } from '../../core/random.js';
import { seriesTensor, type SeriesInput } from '../../nn/input.js';
import { checkInteger } from '../base/check-options.js';
import type { EstimatorState } from '../base/estimator.js';
import { epochEvent, type FitOptions } from '../base/fit-options.js';
import { classCount, labelMask, oneHot, readLabels } from './class-labels.js';
import { ResNetClassifier } from './resnet-classifier.js';
import type { ClassificationMethod } from '../base/method-spec.js';
import { architectureOf, CLASS_HEAD, networkFrom, NETWORK_OPTIONS, ResNetEstimator, resolveNetwork, trainOptions, type NetworkOptions } from './resnet-estimator.js';

export interface SupResNetOptions extends NetworkOptions {
  /** Number of classes (default: the largest label + 1). */
  classes?: number;
  /** Seed of the initial weights and the batch order (default 0). */
  seed?: number;
}

export type SupResNetConfig = NetworkOptions & { classes?: number; seed: number };

/** Purpose of the network's seed stream (its weights and batch order; see deriveSeed). */
const NETWORK_STREAM = 1;

/** The authors' teacher batch size. */
export const TEACHER_BATCH = 16;

/** Sup-ResNet's options over their defaults, checked. */
export function supResNetConfig(options: SupResNetOptions = {}): SupResNetConfig {
  return {
    ...resolveNetwork(options, TEACHER_BATCH),
    ...(options.classes !== undefined ? { classes: checkInteger('classes', options.classes, 2) } : {}),
    seed: checkInteger('seed', options.seed ?? 0, 0),
  };
}

export class SupResNet extends ResNetEstimator<SupResNetConfig> {
  readonly kind = 'SupResNet';

  constructor(options: SupResNetOptions = {}) {
    super(supResNetConfig(options));
  }

  protected async fitModel(x: SeriesInput, y: ArrayLike<number | null>, options: FitOptions): Promise<void> {
    const input = seriesTensor(x);
    try {
      const labels = readLabels(y, input.shape[0]);
      await this.fitTensor(input, labels, classCount(labels, this.config.classes), options);
    } finally {
      input.dispose();
    }
  }

  /**
   * Trains on a [N,T,C] tensor and checked labels (the teacher-student methods call this for their
   * teacher, with the stage name of its progress events).
   */
  async fitTensor(input: tf.Tensor3D, labels: Int32Array, classes: number, options: FitOptions, stage = 'epoch'): Promise<void> {
    const o = this.config;
    const rows = Int32Array.from(labels.keys()).filter((row) => labels[row]! >= 0);
    const kept = labels.filter((c) => c >= 0);
    const rng = new Random(deriveSeed(o.seed, NETWORK_STREAM));
    const network = new ResNetClassifier({ channels: input.shape[2], heads: { [CLASS_HEAD]: classes }, architecture: architectureOf(o), seed: rng.uint32() }, o.learningRate);
    const labelled = tf.gather(input, rows);
    try {
      const term = { name: 'classes', head: CLASS_HEAD, targets: oneHot(kept, classes), mask: labelMask(kept), weight: 1 };
      await network.train(labelled, [term], {
        ...trainOptions(o, rng.uint32()),
        onEpoch: (log) => options.onProgress?.(epochEvent(stage, log)),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.checkpointDir !== undefined ? { checkpointDir: options.checkpointDir } : {}),
      });
    } catch (err) {
      network.dispose();
      throw err;
    } finally {
      labelled.dispose();
    }
    this.dispose();
    this.network = network;
    this.markFitted({ length: input.shape[1], channels: input.shape[2] });
  }

  /** An independent copy of the trained model (its own tensors; the optimiser's state is not copied). */
  async copy(): Promise<SupResNet> {
    const model = new SupResNet(this.getConfig());
    await model.restore(await this.toSaved(), 'a copy');
    return model;
  }

  protected saveState(): EstimatorState {
    return this.networkState();
  }

  protected restoreState({ state, weights }: EstimatorState, source: string): void {
    this.restoreNetwork(state, weights, source);
  }
}

export const SUP_RESNET_METHOD: ClassificationMethod = {
  name: 'sup-resnet',
  description: "Sup-ResNet: Fawaz et al.'s ResNet trained on the labelled rows only (the papers' supervised baseline)",
  kind: 'SupResNet',
  options: NETWORK_OPTIONS,
  usesTensors: true,
  cdPaperName: 'SupResNet',
  hasTeacher: false,
  networks: 1,
  fromConfig: (c) => new SupResNet(c as ConstructorParameters<typeof SupResNet>[0]),
  create: (v) => new SupResNet({ ...networkFrom(v), seed: v.seed, ...(v.classes !== undefined ? { classes: v.classes } : {}) }),
};
