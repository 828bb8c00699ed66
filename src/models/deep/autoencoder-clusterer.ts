/**
 * What the deep clusterers of this folder share: a network that encodes series to a latent vector
 * and decodes them back, trained on TRAIN by the subclass, whose latent vectors are the
 * representation k-means clusters (RepresentationClusterer); its weights saved and restored by
 * name, rebuilt from the config and the fitted shape. Each training stage is a run of the shared
 * trainer (nn/training): seeded epochs, progress, stop signal and resumable checkpoints.
 */
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { OptionError } from '../../core/errors.js';
import { deriveSeed, Random } from '../../core/random.js';
import { Adam } from '../../nn/adam.js';
import { seriesValues, type SeriesInput } from '../../nn/input.js';
import { miniBatches } from '../../nn/mini-batches.js';
import { Parameters } from '../../nn/parameters.js';
import { fingerprint } from '../../nn/training/fingerprint.js';
import { train, type Trainable, type TrainingOutcome } from '../../nn/training/trainer.js';
import type { EstimatorState, FittedShape } from '../base/estimator.js';
import { epochEvent, epochMetrics, type FitOptions } from '../base/fit-options.js';
import type { RowMatrix } from '../base/matrix.js';
import { RepresentationClusterer, representationSettings } from '../base/representation-clusterer.js';
import type { SeriesAutoencoder } from './series-autoencoder.js';
import type { DeepTrainingConfig } from './deep-options.js';

/** Purposes of the seed streams (deriveSeed) of every deep clusterer. */
export const enum Stream {
  Weights = 1,
  PretrainBatches = 2,
  Batches = 3,
  ClusterInit = 6,
}

/** Epochs between checkpoints when the fit options do not say. */
const CHECKPOINT_EVERY = 10;

/** One training stage: what the trainer runs, and what its checkpoints must match. */
export interface TrainingStage<Config> {
  /** What its epochs are called in progress events ('pretraining epoch', 'epoch'). */
  readonly event: string;
  /** Subfolder of checkpointDir for its checkpoints (default: checkpointDir itself). */
  readonly folder?: string;
  /** Its epoch budget: the config key, left out of the fingerprint so that the budget may grow. */
  readonly budget: keyof Config & string;
  /** Its batch order (and any other draw of an epoch) come from deriveSeed(seed, purpose, epoch). */
  readonly purpose: Stream;
  /** The parameters it trains, each with a gradient in every step. */
  readonly variables: readonly string[];
  /** The losses of one step on these rows; `random` is the epoch's generator, after the batch order. */
  losses(rows: Int32Array, random: Random): Record<string, tf.Scalar>;
  /** Runs before each step, outside the gradient tape (DEC's refresh of the target distribution). */
  beforeStep?(): void;
  saveState?: Trainable['saveState'];
  restoreState?: Trainable['restoreState'];
  converged?: Trainable['converged'];
}

/** Rows per inference pass: bounds memory on long series. */
const EMBED_ROWS = 128;

/** A training set held as one float32 buffer [rows, length, channels]. */
export interface TrainingSeries {
  readonly values: Float32Array;
  readonly rows: number;
  readonly length: number;
  readonly channels: number;
}

export abstract class AutoencoderClusterer<Config extends DeepTrainingConfig> extends RepresentationClusterer<Config> {
  protected params: Parameters | null = null;
  protected network: SeriesAutoencoder | null = null;
  private epochsTrained = 0;
  private stoppedEarly = false;

  /** The network (and any extra weights, such as DEC's centroids) for series of this shape. */
  protected abstract buildNetwork(params: Parameters, rng: Random, shape: FittedShape): SeriesAutoencoder;

  override fitSummary(): Record<string, number | boolean> {
    return { epochsTrained: this.epochsTrained, stoppedEarly: this.stoppedEarly };
  }

  /** Fresh seeded weights for training on x; returns x as one buffer. */
  protected startTraining(x: SeriesInput): TrainingSeries {
    const { values, shape } = seriesValues(x, `${this.kind} training series`);
    const [rows, length, channels] = shape;
    this.createNetwork({ length, channels });
    this.epochsTrained = 0;
    this.stoppedEarly = false;
    return { values, rows, length, channels };
  }

  /** Records what the training stages did (fitSummary, saved state). */
  protected recordTraining(...outcomes: TrainingOutcome[]): void {
    this.epochsTrained = outcomes.reduce((sum, o) => sum + o.epochs, 0);
    this.stoppedEarly = outcomes.some((o) => o.stopped);
  }

  protected fitted(): { params: Parameters; network: SeriesAutoencoder } {
    if (!this.params || !this.network) throw new OptionError(`${this.kind} is not fitted yet: call fit() or loadModel() first`);
    return { params: this.params, network: this.network };
  }

  /** The names of the trainable parameters but the excluded ones, in the order the network added them. */
  protected trainableNames(exclude: (name: string) => boolean = () => false): string[] {
    const { params } = this.fitted();
    return params.names().filter((name) => params.get(name).trainable && !exclude(name));
  }

  /** The rows of a training set as a [B,T,C] tensor. */
  protected batchOf(series: TrainingSeries, rows: Int32Array): tf.Tensor3D {
    const size = series.length * series.channels;
    const out = new Float32Array(rows.length * size);
    rows.forEach((row, i) => out.set(series.values.subarray(row * size, (row + 1) * size), i * size));
    return tf.tensor3d(out, [rows.length, series.length, series.channels]);
  }

  /** One Adam step on the sum of the named losses (their weights applied by `losses`); returns each. */
  protected minimize(optimizer: Adam, variables: tf.Variable[], losses: () => Record<string, tf.Scalar>): Record<string, number> {
    let kept: Record<string, tf.Scalar> = {};
    optimizer.minimize(
      () => {
        const parts = losses();
        // Clones: the tape frees the tensors its backward pass saved, which may include these.
        kept = Object.fromEntries(Object.entries(parts).map(([name, value]) => [name, tf.keep(tf.clone(value))]));
        return tf.addN(Object.values(parts)) as tf.Scalar;
      },
      false,
      variables,
    );
    const out = Object.fromEntries(Object.entries(kept).map(([name, value]) => [name, value.dataSync()[0]!]));
    tf.dispose(Object.values(kept));
    return out;
  }

  /** Trains a stage with its own Adam, in mini-batches of the training rows, resuming from and writing checkpoints when the fit asks. */
  protected async trainStage(series: TrainingSeries, stage: TrainingStage<Config>, fit: FitOptions): Promise<TrainingOutcome> {
    const c = this.config;
    const { params } = this.fitted();
    const epochs = c[stage.budget] as number;
    const optimizer = new Adam({ learningRate: c.learningRate });
    const variables = stage.variables.map((name) => params.get(name));
    let random: Random | null = null;
    const trainable: Trainable = {
      params,
      optimizer,
      optimized: stage.variables,
      beginEpoch: (_epoch, epochRandom) => {
        random = epochRandom;
        return miniBatches(series.rows, Math.min(c.batchSize, series.rows), epochRandom);
      },
      step: (rows) => {
        stage.beforeStep?.();
        return tf.tidy(() => this.minimize(optimizer, variables, () => stage.losses(rows, random!)));
      },
      ...(stage.saveState ? { saveState: stage.saveState } : {}),
      ...(stage.restoreState ? { restoreState: stage.restoreState } : {}),
      ...(stage.converged ? { converged: stage.converged } : {}),
    };
    const { onProgress, checkpointDir } = fit;
    try {
      return await train(trainable, {
        epochs,
        seed: c.seed,
        purpose: stage.purpose,
        signal: fit.signal,
        onEpoch: onProgress && ((log) => onProgress(epochEvent(stage.event, log))),
        metrics: epochMetrics(fit, epochs),
        checkpoint: checkpointDir === undefined ? undefined : {
          dir: stage.folder === undefined ? checkpointDir : join(checkpointDir, stage.folder),
          every: fit.checkpointEvery ?? CHECKPOINT_EVERY,
          fingerprint: this.stageFingerprint(series, stage),
        },
      });
    } finally {
      optimizer.dispose();
    }
  }

  /**
   * The training series and the settings, so that a checkpoint is resumed only by the same stage of
   * the same run; without the stage's epoch budget, nor `epochs` (the last stage's, which earlier
   * stages do not depend on), so that these may grow, nor the final step's settings.
   */
  private stageFingerprint(series: TrainingSeries, stage: TrainingStage<Config>): string {
    const { [stage.budget]: _budget, epochs: _last, ...settings } = representationSettings(this.config) as Record<string, unknown>;
    return fingerprint([series.values], { kind: this.kind, stage: stage.folder ?? stage.event, shape: [series.rows, series.length, series.channels], settings });
  }

  /** Mean squared reconstruction error of a batch, and its latent vectors (training mode). */
  protected reconstruction(x: tf.Tensor3D): { loss: tf.Scalar; latent: tf.Tensor2D } {
    const { network } = this.fitted();
    const latent = network.encode(x, true);
    const loss = tf.mean(tf.squaredDifference(network.decode(latent, true), x)) as tf.Scalar;
    return { loss, latent };
  }

  /** The latent vector of every series (inference mode). */
  protected async embed(x: SeriesInput): Promise<RowMatrix> {
    const { values, shape } = seriesValues(x, `${this.kind} input series`);
    return this.embedValues({ values, rows: shape[0], length: shape[1], channels: shape[2] });
  }

  protected embedValues(series: TrainingSeries): RowMatrix {
    const { network } = this.fitted();
    const size = network.latentSize;
    const out = new Float64Array(series.rows * size);
    for (let start = 0; start < series.rows; start += EMBED_ROWS) {
      const rows = Int32Array.from({ length: Math.min(EMBED_ROWS, series.rows - start) }, (_, i) => start + i);
      const z = tf.tidy(() => network.encode(this.batchOf(series, rows), false));
      out.set(z.dataSync(), start * size);
      z.dispose();
    }
    return { data: out, rows: series.rows, cols: size };
  }

  protected saveRepresentation(): EstimatorState {
    const { params } = this.fitted();
    return { state: { epochsTrained: this.epochsTrained, stoppedEarly: this.stoppedEarly }, weights: params.snapshot() };
  }

  protected restoreRepresentation({ state, weights }: EstimatorState): void {
    this.createNetwork(state['fittedShape'] as FittedShape);
    this.params!.restore(weights);
    this.epochsTrained = Number(state['epochsTrained']);
    this.stoppedEarly = Boolean(state['stoppedEarly']);
  }

  override dispose(): void {
    this.params?.dispose();
    this.params = null;
    this.network = null;
  }

  private createNetwork(shape: FittedShape): void {
    this.dispose();
    this.params = new Parameters();
    this.network = this.buildNetwork(this.params, new Random(deriveSeed(this.config.seed, Stream.Weights)), shape);
  }
}
