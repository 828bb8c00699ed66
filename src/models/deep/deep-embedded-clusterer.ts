/**
 * The clustering stage of DEC (Xie et al. 2016), IDEC (Guo et al. 2017) and DTC (Madiraju et al.
 * 2018): after the autoencoder's pretraining, centroids start from k-means on the latent vectors of
 * the training series; then every step lowers clusteringWeight * KL(P || Q) (+ reconstructionWeight
 * * reconstruction for IDEC and DTC), Q the Student's t soft assignments of the batch, P the target
 * distribution, recomputed from all training series every updateInterval steps. Training stops
 * early when fewer than `tolerance` of the assignments change between two refreshes (the papers'
 * stopping rule). Each stage is a trainer run with its checkpoints in its own subfolder of
 * checkpointDir; P, the last assignments and the step count are saved with them.
 */
import * as tf from '@tensorflow/tfjs-core';
import { parseInteger } from '../../core/parse-options.js';
import { deriveSeed, type Random } from '../../core/random.js';
import { checkInteger, checkNumber } from '../base/check-options.js';
import type { SeriesInput } from '../../nn/input.js';
import { zeros } from '../../nn/init.js';
import type { Parameters } from '../../nn/parameters.js';
import type { ModelState } from '../../nn/training/trainer.js';
import type { FittedShape } from '../base/estimator.js';
import type { FitOptions } from '../base/fit-options.js';
import type { RowMatrix } from '../base/matrix.js';
import { numberValue, type MethodOption, type MethodValues } from '../base/method-spec.js';
import { KMeans } from '../classic/kmeans.js';
import type { SeriesAutoencoder } from './series-autoencoder.js';
import { AutoencoderClusterer, Stream, type TrainingSeries } from './autoencoder-clusterer.js';
import { defined, resolveTraining, trainingValues, type DeepTrainingConfig } from './deep-options.js';
import { klDivergence, studentT, targetDistribution } from './soft-assignment.js';

export interface EmbeddedClusteringConfig extends DeepTrainingConfig {
  /** Epochs of reconstruction-only pretraining before the clustering stage (`epochs` is the clustering stage's). */
  readonly pretrainEpochs: number;
  /** Optimisation steps between two refreshes of the target distribution (T). */
  readonly updateInterval: number;
  /** Stop when fewer than this fraction of training assignments change between refreshes (0: never). */
  readonly tolerance: number;
  /** Degrees of freedom of the Student's t kernel. */
  readonly alpha: number;
  /** Weight of KL(P || Q) (IDEC's gamma). */
  readonly clusteringWeight: number;
  /** Weight of the reconstruction loss in the clustering stage (0 for DEC). */
  readonly reconstructionWeight: number;
}

/** The training and clustering-stage options over the defaults, checked. */
export function resolveClusteringStage(given: Partial<EmbeddedClusteringConfig> & { nClusters: number }, defaults: Omit<EmbeddedClusteringConfig, 'nClusters'>): EmbeddedClusteringConfig {
  const o = { ...defaults, ...defined(given), nClusters: given.nClusters };
  return {
    ...resolveTraining(o, defaults),
    pretrainEpochs: checkInteger('pretrainEpochs', o.pretrainEpochs, 0),
    updateInterval: checkInteger('updateInterval', o.updateInterval, 1),
    tolerance: checkNumber('tolerance', o.tolerance, 0),
    alpha: checkNumber('alpha', o.alpha, 0, true),
    clusteringWeight: checkNumber('clusteringWeight', o.clusteringWeight, 0),
    reconstructionWeight: checkNumber('reconstructionWeight', o.reconstructionWeight, 0),
  };
}

/** k-means restarts that place the first centroids (DEC's code: 20). */
const CENTROID_RESTARTS = 20;

const CENTROIDS = 'clustering/centroids';
/** How every SeriesAutoencoder names its decoder's weights: left out of DEC's clustering stage, which does not use them. */
const DECODER_PREFIX = 'decoder/';

export abstract class EmbeddedClusterer<Config extends EmbeddedClusteringConfig> extends AutoencoderClusterer<Config> {
  private centroids: tf.Variable<tf.Rank.R2> | null = null;

  /** The autoencoder itself; the centroids are added beside it. */
  protected abstract buildAutoencoder(params: Parameters, rng: Random, shape: FittedShape): SeriesAutoencoder;

  /** Squared distances [B,K] from latent vectors to the centroids (DEC: Euclidean). */
  protected abstract squaredDistances(latent: tf.Tensor2D, centroids: tf.Tensor2D): tf.Tensor2D;

  protected buildNetwork(params: Parameters, rng: Random, shape: FittedShape): SeriesAutoencoder {
    const network = this.buildAutoencoder(params, rng, shape);
    const size = [this.config.nClusters, network.latentSize];
    this.centroids = params.add<tf.Rank.R2>(CENTROIDS, size, zeros(size));
    return network;
  }

  /** The centroids [K, latent] (after fit or load). */
  get clusterCentres(): Float32Array {
    this.fitted();
    return Float32Array.from(this.centroids!.dataSync());
  }

  /** Soft assignments Q [rows, K] of every series (inference mode). */
  async softAssignments(x: SeriesInput): Promise<Float32Array> {
    return this.assignmentsOf(await this.transform(x));
  }

  protected async learn(x: SeriesInput, fit: FitOptions): Promise<void> {
    const c = this.config;
    const series = this.startTraining(x);
    const pretraining = await this.trainStage(series, {
      event: 'pretraining epoch', folder: 'pretraining', budget: 'pretrainEpochs', purpose: Stream.PretrainBatches,
      variables: this.trainableNames((name) => name === CENTROIDS),
      losses: (rows) => ({ reconstruction: this.reconstruction(this.batchOf(series, rows)).loss }),
    }, fit);
    if (pretraining.stopped) return this.recordTraining(pretraining);
    // A resumed clustering stage overwrites these centroids with its checkpoint's.
    await this.initialiseCentroids(series);
    const target = new TargetDistribution(series.rows, c.nClusters);
    try {
      const clustering = await this.trainStage(series, {
        event: 'epoch', folder: 'clustering', budget: 'epochs', purpose: Stream.Batches,
        variables: this.trainableNames((name) => c.reconstructionWeight === 0 && name.startsWith(DECODER_PREFIX)),
        beforeStep: () => target.beforeStep(c.updateInterval, () => this.assignmentsOf(this.embedValues(series))),
        losses: (rows) => this.clusteringLosses(series, rows, target.tensor()),
        saveState: () => target.saveState(),
        restoreState: (state) => target.restoreState(state),
        converged: () => c.tolerance > 0 && target.changed < c.tolerance,
      }, fit);
      this.recordTraining(pretraining, clustering);
    } finally {
      target.dispose();
    }
  }

  private clusteringLosses(series: TrainingSeries, rows: Int32Array, target: tf.Tensor2D): Record<string, tf.Scalar> {
    const c = this.config;
    const { loss, latent } = this.reconstruction(this.batchOf(series, rows));
    const q = studentT(this.squaredDistances(latent, this.centroids!), c.alpha);
    const p = tf.gather(target, tf.tensor1d(rows, 'int32'));
    const clustering = tf.mul(klDivergence(p as tf.Tensor2D, q), c.clusteringWeight) as tf.Scalar;
    return c.reconstructionWeight > 0 ? { clustering, reconstruction: tf.mul(loss, c.reconstructionWeight) as tf.Scalar } : { clustering };
  }

  /** Q [rows, K] of latent vectors. */
  private assignmentsOf(latent: RowMatrix): Float32Array {
    return tf.tidy(() => studentT(this.squaredDistances(tf.tensor2d(Float32Array.from(latent.data), [latent.rows, latent.cols]), this.centroids!), this.config.alpha).dataSync() as Float32Array);
  }

  /** Centroids from k-means on the pretrained latent vectors of the training series. */
  private async initialiseCentroids(series: TrainingSeries): Promise<void> {
    const latent = this.embedValues(series);
    const kmeans = await new KMeans({ nClusters: this.config.nClusters, nInit: CENTROID_RESTARTS, seed: deriveSeed(this.config.seed, Stream.ClusterInit) }).fit(latent);
    const centres = kmeans.centres;
    tf.tidy(() => this.centroids!.assign(tf.tensor2d(Float32Array.from(centres.data), [centres.rows, centres.cols])));
  }

  override dispose(): void {
    super.dispose();
    this.centroids = null;
  }
}

/**
 * The target distribution P of the clustering stage, refreshed from Q of all training series every
 * `interval` steps, with the fraction of assignments that changed at the last refresh (1 before
 * the second); all of it saved with checkpoints, so a resumed run refreshes exactly when and as an
 * uninterrupted one does.
 */
class TargetDistribution {
  changed = 1;
  private steps = 0;
  private values: Float32Array | null = null;
  private assigned: Int32Array | null = null;
  private target: tf.Tensor2D | null = null;

  constructor(private readonly rows: number, private readonly clusters: number) {}

  /** Refreshes P from the soft assignments Q [rows, K] when this step starts an interval. */
  beforeStep(interval: number, softAssignments: () => Float32Array): void {
    if (this.steps % interval === 0) {
      const q = softAssignments();
      const now = argmaxRows(q, this.rows, this.clusters);
      const before = this.assigned;
      if (before) this.changed = now.reduce((n, k, i) => n + (k === before[i] ? 0 : 1), 0) / this.rows;
      this.assigned = now;
      this.set(targetDistribution(q, this.rows, this.clusters));
    }
    this.steps++;
  }

  tensor(): tf.Tensor2D {
    if (!this.target) throw new Error('the target distribution is used before its first refresh');
    return this.target;
  }

  saveState(): ModelState {
    const arrays = this.values && this.assigned
      ? [{ name: 'target', shape: [this.rows, this.clusters], trainable: false, values: this.values }, { name: 'assigned', shape: [this.rows], trainable: false, values: Float32Array.from(this.assigned) }]
      : [];
    return { json: { steps: this.steps, changed: this.changed }, arrays };
  }

  restoreState({ json, arrays }: ModelState): void {
    const saved = json as { steps: number; changed: number };
    this.steps = saved.steps;
    this.changed = saved.changed;
    const target = arrays.find((a) => a.name === 'target');
    const assigned = arrays.find((a) => a.name === 'assigned');
    if (target && assigned) {
      this.set(Float32Array.from(target.values));
      this.assigned = Int32Array.from(assigned.values);
    }
  }

  dispose(): void {
    this.target?.dispose();
    this.target = null;
  }

  private set(values: Float32Array): void {
    this.values = values;
    this.target?.dispose();
    this.target = tf.tensor2d(values, [this.rows, this.clusters]);
  }
}

function argmaxRows(values: Float32Array, rows: number, cols: number): Int32Array {
  return Int32Array.from({ length: rows }, (_, i) => {
    let best = 0;
    for (let j = 1; j < cols; j++) if (values[i * cols + j]! > values[i * cols + best]!) best = j;
    return best;
  });
}

/** Options of the clustering stage that DEC, IDEC and DTC share on the command line. */
export const CLUSTERING_STAGE_OPTIONS: readonly MethodOption[] = [
  { key: 'pretrainEpochs', flags: '--pretrain-epochs <n>', description: 'dec, idec, dtc: epochs of reconstruction-only pretraining (--epochs: the clustering stage\'s)', parse: (v) => parseInteger('--pretrain-epochs', v, 0) },
  { key: 'updateInterval', flags: '--update-interval <steps>', description: 'dec, idec, dtc: steps between refreshes of the target distribution (default 10)', parse: (v) => parseInteger('--update-interval', v, 1) },
];

export function clusteringStageValues(v: MethodValues & { nClusters: number; seed: number }): Partial<EmbeddedClusteringConfig> & { nClusters: number; seed: number } {
  return { ...trainingValues(v), pretrainEpochs: numberValue(v, 'pretrainEpochs'), updateInterval: numberValue(v, 'updateInterval') };
}
