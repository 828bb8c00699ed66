/**
 * The network every Cluster Distillation method trains: a ResNet encoder with one or more softmax
 * heads, its Adam optimiser and the plateau schedule, trained on masked targets by the shared
 * trainer (src/nn/training). The estimators (Sup-ResNet, the teacher, the students) differ only
 * in the heads and targets they give it.
 */
import * as tf from '@tensorflow/tfjs-core';
import { OptionError } from '../../core/errors.js';
import { Random } from '../../core/random.js';
import { Adam } from '../../nn/adam.js';
import { maskedCrossEntropy } from '../../nn/cross-entropy.js';
import { Dense } from '../../nn/dense.js';
import { miniBatches } from '../../nn/mini-batches.js';
import { Parameters, type ParameterSnapshot } from '../../nn/parameters.js';
import { ResNetEncoder, type ResNetArchitecture } from '../../nn/resnet.js';
import { fingerprint } from '../../nn/training/fingerprint.js';
import { train, type Trainable, type TrainingOutcome } from '../../nn/training/trainer.js';
import type { EpochLog } from '../base/fit-options.js';
import { PlateauSchedule, type PlateauOptions } from './plateau-schedule.js';

/** What fixes a network's weights' shapes and initial values. */
export interface ResNetClassifierConfig {
  /** Input channels (1 for univariate series). */
  channels: number;
  /** Head name -> number of outputs, in order. */
  heads: Record<string, number>;
  architecture: ResNetArchitecture;
  /** Seed of the initial weights. */
  seed: number;
}

/** One loss term: a head fitted to target distributions on the rows whose mask is 1. */
export interface HeadTarget {
  /** Name of the term in the epoch logs. */
  name: string;
  head: string;
  /** Row-major [N, units] target distributions (one-hot or soft). */
  targets: Float32Array;
  /** [N] 1 where the row counts for this term, 0 where it does not. */
  mask: Float32Array;
  /** Weight of the term in the total loss. */
  weight: number;
  /** Softmax temperature applied to the head's logits for this term (default 1). */
  temperature?: number;
}

/** One named scalar of a loss and its weight in the total. */
export interface LossTerm {
  name: string;
  value: tf.Scalar;
  weight: number;
}

/** A method's own training step, for trainSteps. */
export interface BatchSteps {
  /** One step on the rows of a batch of epoch `epoch` (1-based), drawing any noise from `random` (the epoch's generator, after the batch order). */
  step(batch: Int32Array, random: Random, epoch: number): Record<string, number>;
  saveState?: Trainable['saveState'];
  restoreState?: Trainable['restoreState'];
}

/** A HeadTarget cut to one batch. */
export interface BatchTarget {
  name: string;
  head: string;
  targets: tf.Tensor2D;
  mask: tf.Tensor1D;
  weight: number;
  temperature?: number;
}

export interface TrainOptions {
  epochs: number;
  batchSize: number;
  /** Seed of the batch order (each epoch draws from a generator derived from it and the epoch alone). */
  seed: number;
  /** Plateau schedule options, or false for a constant rate. */
  plateau: PlateauOptions | false;
  onEpoch?: (log: EpochLog) => void;
  /** Stops training after the current step. */
  signal?: AbortSignal;
  /** Folder for crash-safe checkpoints, written every `checkpointEvery` epochs, at the end and when stopped. */
  checkpointDir?: string;
  /** Default 50. */
  checkpointEvery?: number;
}

/** Rows per inference batch: bounds memory on long series. */
const INFERENCE_ROWS = 64;
/** The purpose of the batch-order stream (see epochRandom). */
const BATCH_ORDER = 1;

export class ResNetClassifier {
  readonly params = new Parameters();
  readonly optimizer: Adam;
  readonly featureSize: number;
  private readonly encoder: ResNetEncoder;
  private readonly heads = new Map<string, Dense>();
  private readonly initialRate: number;

  constructor(readonly config: ResNetClassifierConfig, learningRate = 1e-3) {
    if (!Number.isInteger(config.channels) || config.channels < 1) throw new OptionError(`channels must be a positive integer, got ${config.channels}`);
    const rng = new Random(config.seed);
    this.encoder = new ResNetEncoder(this.params, rng, 'encoder', config.channels, config.architecture);
    this.featureSize = this.encoder.featureSize;
    for (const [name, units] of Object.entries(config.heads)) {
      if (!Number.isInteger(units) || units < 1) throw new OptionError(`head "${name}" needs a positive number of outputs, got ${units}`);
      this.heads.set(name, new Dense(this.params, rng, { name: `head/${name}`, inputUnits: this.featureSize, units }));
    }
    if (this.heads.size === 0) throw new OptionError('a ResNet classifier needs at least one head');
    this.optimizer = new Adam({ learningRate });
    this.initialRate = learningRate;
  }

  /** Pooled features [B, F] and each head's logits [B, units]. */
  forward(x: tf.Tensor3D, training: boolean): { features: tf.Tensor2D; logits: Map<string, tf.Tensor2D> } {
    const features = this.encoder.apply(x, training);
    const logits = new Map<string, tf.Tensor2D>();
    for (const [name, dense] of this.heads) logits.set(name, dense.apply(features));
    return { features, logits };
  }

  /**
   * One Adam step on one batch: x [B,T,C], y [B,K] one-hot (or soft) targets for the first head,
   * every row counting. Returns the batch loss. The unit that benchmarks time.
   */
  trainStep(x: tf.Tensor3D, y: tf.Tensor2D): number {
    const head = this.heads.keys().next().value as string;
    const mask = tf.ones([x.shape[0]]) as tf.Tensor1D;
    try {
      return this.step(x, [{ name: 'loss', head, targets: y, mask, weight: 1 }]).loss!;
    } finally {
      mask.dispose();
    }
  }

  /** One Adam step on one batch for a weighted sum of masked terms; returns each term and the total ('loss'). */
  step(x: tf.Tensor3D, terms: readonly BatchTarget[]): Record<string, number> {
    return this.minimizeTerms(() => {
      const { logits } = this.forward(x, true);
      return terms.map((term) => {
        const headLogits = logits.get(term.head);
        if (!headLogits) throw new OptionError(`no head "${term.head}"`);
        return { name: term.name, value: maskedCrossEntropy(headLogits, term.targets, term.mask, term.temperature ?? 1), weight: term.weight };
      });
    });
  }

  /**
   * One Adam step on the weighted sum of the terms `loss` computes (called inside the gradient
   * tape), over the network's trainable weights (a method's own heads among them); returns each
   * term and the total ('loss').
   */
  minimizeTerms(loss: () => readonly LossTerm[]): Record<string, number> {
    const kept: tf.Scalar[] = [];
    let names: string[] = [];
    const total = this.optimizer.minimize(
      () => {
        const terms = loss();
        names = terms.map((term) => term.name);
        kept.push(...terms.map((term) => tf.keep(term.value)));
        return tf.addN(terms.map((term) => tf.mul(term.value, term.weight))) as tf.Scalar;
      },
      true,
      this.params.trainable(),
    );
    const out: Record<string, number> = { loss: total!.dataSync()[0]! };
    names.forEach((name, i) => (out[name] = kept[i]!.dataSync()[0]!));
    tf.dispose([total!, ...kept]);
    return out;
  }

  /**
   * Trains on x [N,T,C] for the given terms with the shared trainer; resumes from
   * options.checkpointDir when it holds a checkpoint of this very setup.
   */
  async train(x: tf.Tensor3D, terms: readonly HeadTarget[], options: TrainOptions): Promise<TrainingOutcome> {
    const rows = x.shape[0];
    for (const term of terms) {
      const units = this.config.heads[term.head];
      if (units === undefined) throw new OptionError(`no head "${term.head}"`);
      if (term.targets.length !== rows * units || term.mask.length !== rows) {
        throw new OptionError(`term "${term.name}": targets or mask do not match ${rows} rows of ${units} outputs`);
      }
    }
    const targets = terms.map((t) => tf.tensor2d(t.targets, [rows, this.config.heads[t.head]!]));
    const masks = terms.map((t) => tf.tensor1d(t.mask));
    const step = (batch: Int32Array): Record<string, number> =>
      tf.tidy(() => {
        const index = tf.tensor1d(batch, 'int32');
        const batchTerms = terms.map((t, i) => ({ ...t, targets: tf.gather(targets[i]!, index), mask: tf.gather(masks[i]!, index) }));
        return this.step(tf.gather(x, index), batchTerms);
      });
    try {
      return await this.trainSteps(rows, options, { step }, options.checkpointDir === undefined ? null : this.fingerprint(x, terms, options));
    } finally {
      tf.dispose([...targets, ...masks]);
    }
  }

  /**
   * Trains on `rows` rows with a method's own step on each batch, through the shared trainer:
   * seeded batch order, the plateau schedule, logs, the stop signal, and checkpoints in
   * options.checkpointDir when a fingerprint of the data and settings is given (the method's
   * saveState/restoreState keep what it holds besides the network).
   */
  async trainSteps(rows: number, options: TrainOptions, method: BatchSteps, checkpointFingerprint: string | null): Promise<TrainingOutcome> {
    const schedule = options.plateau === false ? undefined : new PlateauSchedule(this.optimizer, options.plateau);
    let epochRandom: Random | null = null;
    let current = 0;
    const trainable: Trainable = {
      params: this.params,
      optimizer: this.optimizer,
      beginEpoch: (epoch, random) => {
        epochRandom = random;
        current = epoch;
        return miniBatches(rows, options.batchSize, random);
      },
      step: (batch) => method.step(batch, epochRandom!, current),
      ...(method.saveState ? { saveState: method.saveState } : {}),
      ...(method.restoreState ? { restoreState: method.restoreState } : {}),
    };
    return train(trainable, {
      epochs: options.epochs,
      seed: options.seed,
      purpose: BATCH_ORDER,
      signal: options.signal,
      onEpoch: options.onEpoch,
      metrics: () => ({ learningRate: this.optimizer.rate }),
      schedule,
      checkpoint:
        options.checkpointDir === undefined || checkpointFingerprint === null ? undefined : { dir: options.checkpointDir, every: options.checkpointEvery ?? 50, fingerprint: checkpointFingerprint },
    });
  }

  /** Softmax of one head's logits divided by the temperature, one row per series (inference mode). */
  probabilities(x: tf.Tensor3D, head: string, temperature = 1): Float32Array[] {
    return this.inferRows(x, (b) => {
      const logits = this.forward(b, false).logits.get(head);
      if (!logits) throw new OptionError(`no head "${head}"`);
      return tf.softmax(temperature === 1 ? logits : tf.div<tf.Tensor2D>(logits, temperature));
    });
  }

  /** Pooled features, one row per series (inference mode). */
  features(x: tf.Tensor3D): Float32Array[] {
    return this.inferRows(x, (b) => this.encoder.apply(b, false));
  }

  snapshot(): ParameterSnapshot[] {
    return this.params.snapshot();
  }

  restore(weights: readonly ParameterSnapshot[]): void {
    this.params.restore(weights.filter((w) => !Adam.isStateEntry(w.name)));
  }

  dispose(): void {
    this.params.dispose();
    this.optimizer.dispose();
  }

  private inferRows(x: tf.Tensor3D, compute: (batch: tf.Tensor3D) => tf.Tensor2D): Float32Array[] {
    const rows: Float32Array[] = [];
    for (let start = 0; start < x.shape[0]; start += INFERENCE_ROWS) {
      const out = tf.tidy(() => compute(tf.slice(x, [start, 0, 0], [Math.min(INFERENCE_ROWS, x.shape[0] - start), -1, -1])));
      const [n, width] = out.shape;
      const values = out.dataSync() as Float32Array;
      out.dispose();
      for (let i = 0; i < n; i++) rows.push(values.slice(i * width, (i + 1) * width));
    }
    return rows;
  }

  /** The data, targets and settings a checkpoint of this training must match. */
  private fingerprint(x: tf.Tensor3D, terms: readonly HeadTarget[], options: TrainOptions): string {
    const { epochs: _budget, onEpoch: _onEpoch, signal: _signal, checkpointDir: _dir, checkpointEvery: _every, ...settings } = options;
    const arrays = [x.dataSync() as Float32Array, ...terms.flatMap((t) => [t.targets, t.mask])];
    const described = terms.map(({ targets: _targets, mask: _mask, ...rest }) => rest);
    return fingerprint(arrays, { config: this.config, shape: x.shape, learningRate: this.initialRate, terms: described, ...settings });
  }
}
