/**
 * The network every Cluster Distillation method trains: a ResNet encoder with one or more softmax
 * heads, its Adam optimiser, the plateau schedule, and a training loop over masked targets with
 * per-epoch callbacks and resumable checkpoints. The estimators (Sup-ResNet, the teacher, the
 * students) differ only in the heads and targets they give it.
 */
import { existsSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { OptionError } from '../../core/errors.js';
import { Random } from '../../core/random.js';
import { Adam } from '../../nn/adam.js';
import { maskedCrossEntropy } from '../../nn/cross-entropy.js';
import { Dense } from '../../nn/dense.js';
import { miniBatches } from '../../nn/mini-batches.js';
import { readModelFiles, writeModelFiles } from '../../core/model-files.js';
import { Parameters, type ParameterSnapshot } from '../../nn/parameters.js';
import { ResNetEncoder, type ResNetArchitecture } from '../../nn/resnet.js';
import type { EpochLog } from '../base/fit-options.js';
import { PlateauSchedule, type PlateauOptions, type PlateauState } from './plateau-schedule.js';

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
  /** Seed of the batch order (each epoch draws from a generator derived from it and the epoch). */
  seed: number;
  /** Plateau schedule options, or false for a constant rate. */
  plateau: PlateauOptions | false;
  onEpoch?: (log: EpochLog) => void;
  /** Stops training after the current epoch (a checkpoint is written first). */
  signal?: AbortSignal;
  /** Folder for a resumable checkpoint, written atomically every `checkpointEvery` epochs and at the end. */
  checkpointDir?: string;
  /** Default 50. */
  checkpointEvery?: number;
}

const CHECKPOINT_KIND = 'ResNetClassifierCheckpoint';
/** Rows per inference batch: bounds memory on long series. */
const INFERENCE_ROWS = 64;

interface CheckpointState {
  epoch: number;
  learningRate: number;
  plateau: PlateauState | null;
  train: { epochs: number; batchSize: number; seed: number; rows: number };
}

export class ResNetClassifier {
  readonly params = new Parameters();
  readonly optimizer: Adam;
  readonly featureSize: number;
  private readonly encoder: ResNetEncoder;
  private readonly heads = new Map<string, Dense>();

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
   * tape), over the network's weights and `extra` ones (a method's own heads); returns each term
   * and the total ('loss').
   */
  minimizeTerms(loss: () => readonly LossTerm[], extra: readonly tf.Variable[] = []): Record<string, number> {
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
      [...this.params.trainable(), ...extra],
    );
    const out: Record<string, number> = { loss: total!.dataSync()[0]! };
    names.forEach((name, i) => (out[name] = kept[i]!.dataSync()[0]!));
    tf.dispose([total!, ...kept]);
    return out;
  }

  /** Trains on x [N,T,C] for the given terms; resumes from options.checkpointDir when it holds a checkpoint. */
  async train(x: tf.Tensor3D, terms: readonly HeadTarget[], options: TrainOptions): Promise<void> {
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
    try {
      await this.trainBatches(rows, options, (batch) =>
        tf.tidy(() => {
          const index = tf.tensor1d(batch, 'int32');
          const batchTerms = terms.map((t, i) => ({ ...t, targets: tf.gather(targets[i]!, index), mask: tf.gather(masks[i]!, index) }));
          return this.step(tf.gather(x, index), batchTerms);
        }),
      );
    } finally {
      tf.dispose([...targets, ...masks]);
    }
  }

  /**
   * The epoch loop: seeded batches of row indices of `rows` rows, `stepBatch` taking one step on
   * each (it returns the batch's losses), the plateau schedule, epoch logs, the stop signal and
   * resumable checkpoints of the network and its optimiser.
   */
  async trainBatches(rows: number, options: TrainOptions, stepBatch: (batch: Int32Array, epoch: number, index: number) => Record<string, number>): Promise<void> {
    if (!Number.isInteger(options.epochs) || options.epochs < 0) throw new OptionError(`epochs must be an integer >= 0, got ${options.epochs}`);
    const schedule = options.plateau === false ? null : new PlateauSchedule(this.optimizer, options.plateau);
    const every = options.checkpointEvery ?? 50;
    if (!Number.isInteger(every) || every < 1) throw new OptionError(`checkpointEvery must be a positive integer, got ${every}`);
    const trainState = { epochs: options.epochs, batchSize: options.batchSize, seed: options.seed, rows };
    let epoch = options.checkpointDir ? await this.resume(options.checkpointDir, trainState, schedule) : 0;
    const started = Date.now();
    while (epoch < options.epochs) {
      epoch += 1;
      const sums: Record<string, number> = {};
      miniBatches(rows, options.batchSize, new Random(options.seed * 100003 + epoch)).forEach((batch, index) => {
        for (const [name, value] of Object.entries(stepBatch(batch, epoch, index))) sums[name] = (sums[name] ?? 0) + value * batch.length;
      });
      const losses = Object.fromEntries(Object.entries(sums).map(([name, sum]) => [name, sum / rows]));
      const log: EpochLog = { epoch, epochs: options.epochs, losses, seconds: (Date.now() - started) / 1000, metrics: { learningRate: this.optimizer.rate } };
      schedule?.step(losses.loss!);
      options.onEpoch?.(log);
      // Let timers and signal handlers (Ctrl-C) run between epochs.
      await new Promise((resolve) => setImmediate(resolve));
      const stop = options.signal?.aborted === true;
      if (options.checkpointDir && (epoch % every === 0 || epoch === options.epochs || stop)) {
        await this.writeCheckpoint(options.checkpointDir, { epoch, learningRate: this.optimizer.rate, plateau: schedule?.snapshot() ?? null, train: trainState });
      }
      if (stop) break;
    }
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

  private async writeCheckpoint(dir: string, state: CheckpointState): Promise<void> {
    const weights = [...this.params.snapshot(), ...(await this.optimizer.stateSnapshot(this.trainableNames()))];
    writeModelFiles(dir, { kind: CHECKPOINT_KIND, config: this.config, state, weights });
  }

  /** Restores a checkpoint of this very setup; returns the epoch it reached (0 when there is none). */
  private async resume(dir: string, train: CheckpointState['train'], schedule: PlateauSchedule | null): Promise<number> {
    if (!existsSync(dir) || !existsSync(`${dir}/model.json`)) return 0;
    const file = readModelFiles<ResNetClassifierConfig, CheckpointState>(dir, CHECKPOINT_KIND);
    const same = JSON.stringify(file.config) === JSON.stringify(this.config) && JSON.stringify(file.state.train) === JSON.stringify(train);
    if (!same) throw new OptionError(`the checkpoint in ${dir} is for another model or training setup; remove it or choose another folder`);
    this.restore(file.weights);
    await this.optimizer.restoreState(file.weights.filter((w) => Adam.isStateEntry(w.name)), this.trainableNames());
    this.optimizer.setRate(file.state.learningRate);
    if (schedule && file.state.plateau) schedule.restore(file.state.plateau);
    return file.state.epoch;
  }

  private trainableNames(): string[] {
    const trainable = new Set(this.params.trainable());
    return this.params.names().filter((name) => trainable.has(this.params.get(name)));
  }
}
