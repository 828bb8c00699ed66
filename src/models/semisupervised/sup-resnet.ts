/**
 * Sup-ResNet, the supervised baseline of the Cluster Distillation paper (Fawaz et al.'s ResNet):
 * trained on the labelled rows only; rows labelled -1 or null are left out. Also the teacher of
 * both teacher-student methods.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Random } from '../../core/random.js';
import { seriesTensor, type SeriesInput } from '../../nn/input.js';
import { classCount, labelMask, oneHot, readLabels } from './class-labels.js';
import type { EpochCallback } from '../base/estimator.js';
import { ResNetClassifier } from './resnet-classifier.js';
import { architectureOf, CLASS_HEAD, ResNetEstimator, trainOptions, type NetworkOptions } from './resnet-estimator.js';

export interface SupResNetOptions extends NetworkOptions {
  /** Number of classes (default: the largest label + 1). */
  classes?: number;
  /** Seed of the initial weights and the batch order (default 0). */
  seed?: number;
  /** Called after every epoch; return 'stop' to end training. */
  onEpoch?: EpochCallback;
  /** Folder for a resumable checkpoint (default: none). A rerun with the same setup resumes there. */
  checkpointDir?: string;
  /** Epochs between checkpoints (default 50). */
  checkpointEvery?: number;
}

const KIND = 'SupResNet';
/** The authors' teacher batch size. */
export const TEACHER_BATCH = 16;

interface SupResNetState {
  classes: number;
  /** Series length of the training data (absent in models saved before it was recorded). */
  length?: number;
}

export class SupResNet extends ResNetEstimator {
  /** Length of the series it was trained on (after fit or load; null for models saved without it). */
  seriesLength: number | null = null;

  constructor(readonly options: SupResNetOptions = {}) {
    super();
  }

  async fit(x: SeriesInput, y: ArrayLike<number | null>): Promise<this> {
    const input = seriesTensor(x);
    try {
      const labels = readLabels(y, input.shape[0]);
      await this.fitTensor(input, labels, classCount(labels, this.options.classes));
    } finally {
      input.dispose();
    }
    return this;
  }

  /** fit on a [N,T,C] tensor and checked labels (the teacher-student methods call this). */
  async fitTensor(input: tf.Tensor3D, labels: Int32Array, classes: number): Promise<void> {
    const o = this.options;
    const rows = Int32Array.from(labels.keys()).filter((row) => labels[row]! >= 0);
    const kept = labels.filter((c) => c >= 0);
    const rng = new Random(o.seed ?? 0);
    const network = new ResNetClassifier({ channels: input.shape[2], heads: { [CLASS_HEAD]: classes }, architecture: architectureOf(o), seed: rng.uint32() }, o.learningRate);
    const labelled = tf.gather(input, rows);
    try {
      const term = { name: 'classes', head: CLASS_HEAD, targets: oneHot(kept, classes), mask: labelMask(kept), weight: 1 };
      await network.train(labelled, [term], {
        ...trainOptions(o, TEACHER_BATCH, rng.uint32()),
        onEpoch: o.onEpoch,
        checkpointDir: o.checkpointDir,
        checkpointEvery: o.checkpointEvery,
      });
    } catch (err) {
      network.dispose();
      throw err;
    } finally {
      labelled.dispose();
    }
    this.dispose();
    this.network = network;
    this.seriesLength = input.shape[1];
  }

  async save(dir: string): Promise<void> {
    const state: SupResNetState = { classes: this.classifier.config.heads[CLASS_HEAD]!, ...(this.seriesLength !== null ? { length: this.seriesLength } : {}) };
    this.writeNetwork<SupResNetOptions, SupResNetState>(dir, KIND, settingsOf(this.options), state);
  }

  static async load(dir: string): Promise<SupResNet> {
    const model = new SupResNet();
    const { settings, state } = model.readNetwork<SupResNetOptions, SupResNetState>(dir, KIND);
    Object.assign(model.options, settings);
    model.seriesLength = state.length ?? null;
    return model;
  }

  /** An independent copy of the trained model (its own tensors; the optimiser's state is not copied). */
  copy(): SupResNet {
    const source = this.fitted();
    const network = new ResNetClassifier(source.config, this.options.learningRate);
    network.restore(source.snapshot());
    const model = new SupResNet(settingsOf(this.options));
    model.network = network;
    model.seriesLength = this.seriesLength;
    return model;
  }
}

/** The options as plain data (no callbacks or folders), as saved with a model. */
export function settingsOf<T extends object>(options: T): T {
  const { onEpoch: _onEpoch, checkpointDir: _dir, ...rest } = options as T & { onEpoch?: unknown; checkpointDir?: unknown };
  return JSON.parse(JSON.stringify(rest)) as T;
}
