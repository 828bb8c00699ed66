/**
 * What Sup-ResNet and the two teacher-student methods share: the training options of one ResNet,
 * and the estimator surface over a trained network's 'classes' head (predict, predictProba,
 * transform, save and load of the network).
 */
import * as tf from '@tensorflow/tfjs-core';
import { OptionError } from '../../core/errors.js';
import { readModelFiles, writeModelFiles } from '../../core/model-files.js';
import { seriesTensor, type SeriesInput } from '../../nn/input.js';
import type { ResNetArchitecture } from '../../nn/resnet.js';
import { argmaxRows } from './class-labels.js';
import type { ClassificationEstimator } from '../base/estimator.js';
import type { PlateauOptions } from './plateau-schedule.js';
import { ResNetClassifier, type ResNetClassifierConfig, type TrainOptions } from './resnet-classifier.js';

/** How one ResNet is built and trained. */
export interface NetworkOptions extends ResNetArchitecture {
  /** Training epochs (default 1500, the authors'). */
  epochs?: number;
  /** Rows per batch (default 16 for Sup-ResNet and teachers, 32 for students, the authors'). */
  batchSize?: number;
  /** Adam's initial learning rate (default 1e-3). */
  learningRate?: number;
  /** Plateau schedule on the training loss, or false for a constant rate (default factor 0.5, patience 50, minimum 1e-4). */
  plateau?: PlateauOptions | false;
}

/** The head every method predicts classes with. */
export const CLASS_HEAD = 'classes';

interface NetworkFile<Settings, State> {
  settings: Settings;
  network: ResNetClassifierConfig;
  state: State;
}

/** The train options of one network from its NetworkOptions. */
export function trainOptions(options: NetworkOptions, defaultBatch: number, seed: number): Omit<TrainOptions, 'onEpoch' | 'checkpointDir'> {
  return { epochs: options.epochs ?? 1500, batchSize: options.batchSize ?? defaultBatch, seed, plateau: options.plateau ?? {} };
}

/** Only the data of NetworkOptions (what shapes the network), for its config. */
export function architectureOf(options: NetworkOptions): ResNetArchitecture {
  const out: ResNetArchitecture = {};
  if (options.filters) out.filters = [...options.filters];
  if (options.kernelSizes) out.kernelSizes = [...options.kernelSizes];
  if (options.batchNorm) out.batchNorm = { ...options.batchNorm };
  return out;
}

export abstract class ResNetEstimator implements ClassificationEstimator {
  protected network: ResNetClassifier | null = null;

  abstract fit(x: SeriesInput, y: ArrayLike<number | null>): Promise<this>;
  abstract save(dir: string): Promise<void>;

  /** Class probabilities, one row of K per series. */
  async predictProba(x: SeriesInput): Promise<Float32Array[]> {
    return this.withInput(x, (input) => this.fitted().probabilities(input, CLASS_HEAD));
  }

  /** Class index per series. */
  async predict(x: SeriesInput): Promise<Int32Array> {
    return argmaxRows(await this.predictProba(x));
  }

  async fitPredict(x: SeriesInput, y: ArrayLike<number | null>): Promise<Int32Array> {
    await this.fit(x, y);
    return this.predict(x);
  }

  /** The pooled ResNet features (the classifier's input), one row per series. */
  async transform(x: SeriesInput): Promise<Float32Array[]> {
    return this.withInput(x, (input) => this.fitted().features(input));
  }

  /** Frees the network's tensors; the estimator cannot predict afterwards. */
  dispose(): void {
    this.network?.dispose();
    this.network = null;
  }

  /** The trained network (throws before fit or load). */
  get classifier(): ResNetClassifier {
    return this.fitted();
  }

  protected fitted(): ResNetClassifier {
    if (!this.network) throw new OptionError(`${this.constructor.name} is not fitted: call fit or load first`);
    return this.network;
  }

  protected withInput<T>(x: SeriesInput, use: (input: tf.Tensor3D) => T): T {
    const input = seriesTensor(x);
    try {
      const channels = this.fitted().config.channels;
      if (input.shape[2] !== channels) throw new OptionError(`the model was fitted on ${channels}-channel series, got ${input.shape[2]} channels`);
      return use(input);
    } finally {
      input.dispose();
    }
  }

  protected writeNetwork<Settings, State>(dir: string, kind: string, settings: Settings, state: State): void {
    const network = this.fitted();
    const config: NetworkFile<Settings, State> = { settings, network: network.config, state };
    writeModelFiles(dir, { kind, config, state: null, weights: network.snapshot() });
  }

  /** Reads a saved network; returns the settings and state saved with it. */
  protected readNetwork<Settings, State>(dir: string, kind: string): { settings: Settings; state: State } {
    const file = readModelFiles<NetworkFile<Settings, State>, null>(dir, kind);
    const network = new ResNetClassifier(file.config.network);
    network.restore(file.weights);
    this.network = network;
    return { settings: file.config.settings, state: file.config.state };
  }
}
