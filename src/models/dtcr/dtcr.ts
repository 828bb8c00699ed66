/**
 * DTCR (Ma et al., NeurIPS 2019) as a clustering estimator: fit trains the network (Algorithm 1,
 * with the authors' code filling the paper's gaps: see options.ts), then runs k-means (nInit 10)
 * on the training series' representations; predict assigns new series to those centres.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { OptionError } from '../../core/errors.js';
import type { Random } from '../../core/random.js';
import { seriesValues, type SeriesInput } from '../../nn/input.js';
import { readModelFiles, writeModelFiles } from '../../core/model-files.js';
import type { ClusteringEstimator, EpochCallback } from '../base/estimator.js';
import { KMeans } from '../classic/kmeans.js';
import type { RowMatrix } from '../base/matrix.js';
import { readCheckpoint, writeCheckpoint } from './checkpoint.js';
import { initialIndicator, topSingularIndicator } from './cluster-indicator.js';
import { makeFakes } from './fake-samples.js';
import { DtcrNetwork, LOSS_NAMES, type LossName, type LossWeights } from './network.js';
import { checkData, resolveOptions, type DtcrOptions, type DtcrPresetName } from './options.js';
import { Stream, streamFor } from './streams.js';

export interface DtcrFitOptions {
  /** Called after every epoch with each loss component (averaged over its steps) and the time. */
  onEpoch?: EpochCallback;
  /**
   * Diagnostics on an evaluation set (for example RI/NMI of k-means on `model.transform(test)`);
   * the result goes into the epoch log's `metrics`. Never used by DTCR to choose anything.
   */
  evaluate?: (model: DTCR, epoch: number) => Record<string, number> | Promise<Record<string, number>>;
  /** Evaluate every this many epochs (and after the last). Default 1. */
  evaluateEvery?: number;
  /** Resumable training: checkpoints in `dir` every `every` epochs (default 10); fit resumes from the newest. */
  checkpoint?: { dir: string; every?: number };
  /** Stops training after the current step (then k-means runs on what was learned). */
  signal?: AbortSignal;
}

/** The result of one optimisation step: each weighted loss component. */
export type StepLosses = Record<LossName, number>;

interface Training {
  clean: Float32Array;
  rows: number;
  fakes: Float32Array | null;
  optimizer: tf.Optimizer;
  /** Noise (and batch order) of the current epoch. */
  random: Random;
  step: number;
  epoch: number;
  fingerprint: string;
}

interface SavedConfig {
  options: DtcrOptions;
  length: number;
  epochsTrained: number;
  stoppedEarly: boolean;
}

const KIND = 'DTCR';
/** Rows per forward pass in transform: bounds memory on long series. */
const TRANSFORM_CHUNK = 256;

export class DTCR implements ClusteringEstimator {
  readonly options: DtcrOptions;
  private network: DtcrNetwork | null = null;
  private length = 0;
  /** F [N,K] row-major. */
  private indicator: Float32Array | null = null;
  private kmeans: KMeans | null = null;
  private training: Training | null = null;
  private epochsTrained = 0;
  private stoppedEarly = false;

  /** Options over the defaults, after the named preset when given. */
  constructor(options: Partial<DtcrOptions> & { clusters: number }, preset?: DtcrPresetName) {
    this.options = resolveOptions(options, preset);
  }

  /** Size of the representation, 2 * sum(units). */
  get representationSize(): number {
    return 2 * this.options.units.reduce((a, b) => a + b, 0);
  }

  /** The current F [N,K] (row-major copy), or null before training starts. */
  get clusterIndicator(): Float32Array | null {
    return this.indicator ? Float32Array.from(this.indicator) : null;
  }

  /** Epochs completed by the last fit (fewer than options.epochs when stopped early). */
  get epochs(): number {
    return this.epochsTrained;
  }

  /** Whether the last fit was stopped before its last epoch (callback or signal). */
  get stopped(): boolean {
    return this.stoppedEarly;
  }

  /** The k-means fitted on the training representations (after fit or load). */
  get clustering(): KMeans {
    if (!this.kmeans) throw new OptionError('DTCR is not fitted yet: call fit() or DTCR.load() first');
    return this.kmeans;
  }

  async fit(x: SeriesInput, fitOptions: DtcrFitOptions = {}): Promise<this> {
    const o = this.options;
    this.initialize(x);
    const training = this.training!;
    const started = Date.now();
    const checkpointEvery = fitOptions.checkpoint?.every ?? 10;
    if (fitOptions.checkpoint) await this.resume(fitOptions.checkpoint.dir);
    const evaluateEvery = fitOptions.evaluateEvery ?? 1;
    this.stoppedEarly = false;
    for (let epoch = training.epoch + 1; epoch <= o.epochs; epoch++) {
      training.random = streamFor(o.seed, Stream.Epoch, epoch);
      this.beginEpoch(epoch);
      const sums = Object.fromEntries(LOSS_NAMES.map((n) => [n, 0])) as StepLosses;
      const batches = this.batches();
      let done = 0;
      for (const rows of batches) {
        const losses = this.trainStep(rows);
        for (const n of LOSS_NAMES) sums[n] += losses[n];
        done++;
        // Let timers and signal handlers (Ctrl-C) run between steps.
        await new Promise((resolve) => setImmediate(resolve));
        if (fitOptions.signal?.aborted) break;
      }
      if (done < batches.length) {
        // Interrupted within the epoch: its steps stay applied, but it does not count as trained.
        this.stoppedEarly = true;
        break;
      }
      training.epoch = epoch;
      const losses = Object.fromEntries(LOSS_NAMES.map((n) => [n, sums[n] / done]));
      let metrics: Record<string, number> | undefined;
      if (fitOptions.evaluate && (epoch % evaluateEvery === 0 || epoch === o.epochs)) metrics = await fitOptions.evaluate(this, epoch);
      if (fitOptions.checkpoint && (epoch % checkpointEvery === 0 || epoch === o.epochs)) await this.writeCheckpoint(fitOptions.checkpoint.dir);
      const log = { epoch, epochs: o.epochs, losses, seconds: (Date.now() - started) / 1000, ...(metrics ? { metrics } : {}) };
      const verdict = await fitOptions.onEpoch?.(log);
      if ((verdict === 'stop' || fitOptions.signal?.aborted) && epoch < o.epochs) {
        this.stoppedEarly = true;
        break;
      }
    }
    this.epochsTrained = training.epoch;
    this.finishTraining();
    this.kmeans = new KMeans({ k: o.clusters, nInit: o.kmeansRestarts, seed: streamFor(o.seed, Stream.KMeans) }).fit(await this.transform(x));
    return this;
  }

  /**
   * Builds the network, F, the fakes and the optimiser for training on x, without training.
   * fit calls it; a benchmark may call it and then time trainStep().
   */
  initialize(x: SeriesInput): void {
    const o = this.options;
    const { values, shape } = seriesValues(x, 'DTCR training series');
    const [rows, length, channels] = shape;
    checkData(o, rows, length, channels);
    this.dispose();
    this.length = length;
    this.network = new DtcrNetwork(streamFor(o.seed, Stream.Weights), o);
    this.indicator = initialIndicator(streamFor(o.seed, Stream.Indicator), rows, o.clusters);
    this.training = {
      clean: values,
      rows,
      fakes: o.classifier ? makeFakes(values, rows, length, o.alpha, streamFor(o.seed, Stream.Fakes)) : null,
      optimizer: tf.train.adam(o.learningRate),
      random: streamFor(o.seed, Stream.Epoch, 0),
      step: 0,
      epoch: 0,
      fingerprint: fingerprint(values, shape, o),
    };
    this.epochsTrained = 0;
    this.kmeans = null;
  }

  /**
   * One optimisation step (Adam) on the given training rows (default: all of them, the paper's
   * batch of 2N with the fakes), then F's refresh when due. Needs initialize() or fit() first.
   */
  trainStep(rows?: Int32Array): StepLosses {
    const training = this.training;
    const network = this.network;
    if (!training || !network || !this.indicator) throw new OptionError('trainStep needs initialize(x) first');
    const o = this.options;
    const all = rows === undefined || rows.length === training.rows;
    const index = rows ?? Int32Array.from({ length: training.rows }, (_, i) => i);
    const weights = this.lossWeights();
    const refresh = weights.lambda > 0 && (training.step + 1) % o.indicatorUpdateEvery === 0 && !this.inRobustnessRun();
    const batch = this.batchTensors(index);
    let kept: tf.Tensor[] = [];
    let representation: tf.Tensor2D | null = null;
    training.optimizer.minimize(
      () => {
        const { losses, representation: r } = network.loss(batch, weights);
        // Clones: the tape frees the tensors its backward pass saved, which may include these.
        kept = LOSS_NAMES.map((n) => tf.keep(tf.clone(losses[n])));
        if (refresh && all) representation = tf.keep(tf.clone(r));
        return losses.total;
      },
      false,
      network.params.trainable(),
    );
    const values = kept.map((t) => t.dataSync()[0]!);
    tf.dispose([...kept, batch.clean, batch.real, batch.indicator, ...(batch.fake ? [batch.fake] : [])]);
    training.step++;
    if (refresh) this.refreshIndicator(representation as tf.Tensor2D | null);
    return Object.fromEntries(LOSS_NAMES.map((n, i) => [n, values[i]!])) as StepLosses;
  }

  /**
   * F from the top-K singular vectors of the given representations of all N rows (the code
   * refreshes from the step's own noisy ones), or, when null, of all N embedded without noise.
   */
  private refreshIndicator(representation: tf.Tensor2D | null): void {
    const training = this.training!;
    const h = representation ? (representation.dataSync() as Float32Array) : Float32Array.from(this.embed(training.clean, training.rows).data);
    representation?.dispose();
    this.indicator = topSingularIndicator(h, training.rows, this.representationSize, this.options.clusters);
  }

  /** The representation (2 * sum(units) values) of every series, without noise. */
  async transform(x: SeriesInput): Promise<RowMatrix> {
    const { values, shape } = seriesValues(x, 'DTCR input series');
    const [rows, length, channels] = shape;
    if (!this.network) throw new OptionError('DTCR is not fitted yet: call fit() or DTCR.load() first');
    if (channels !== 1) throw new OptionError(`DTCR takes univariate series; got ${channels} channels`);
    if (length !== this.length) throw new OptionError(`DTCR was trained on series of length ${this.length}; got length ${length}`);
    return this.embed(values, rows);
  }

  async predict(x: SeriesInput): Promise<Int32Array> {
    const kmeans = this.clustering;
    return kmeans.predict(await this.transform(x));
  }

  async fitPredict(x: SeriesInput): Promise<Int32Array> {
    await this.fit(x);
    return this.clustering.labels;
  }

  /** DIR/model.json + DIR/weights.bin (options, weights, F) and DIR/kmeans/ (the k-means centres). */
  async save(dir: string): Promise<void> {
    if (!this.network || !this.indicator) throw new OptionError('DTCR is not fitted yet: nothing to save');
    this.clustering.save(join(dir, 'kmeans'));
    const config: SavedConfig = { options: this.options, length: this.length, epochsTrained: this.epochsTrained, stoppedEarly: this.stoppedEarly };
    const weights = [
      ...this.network.params.snapshot(),
      { name: 'state/indicator', shape: [this.indicator.length / this.options.clusters, this.options.clusters], trainable: false, values: this.indicator },
    ];
    writeModelFiles(dir, { kind: KIND, config, state: {}, weights });
  }

  static async load(dir: string): Promise<DTCR> {
    const file = readModelFiles<SavedConfig, Record<string, never>>(dir, KIND);
    // Models saved before these two options existed were built this way.
    const saved: Partial<DtcrOptions> & { clusters: number } = file.config.options;
    const model = new DTCR({ encoderStacks: 'joined', gateBias: 0, ...saved });
    model.length = file.config.length;
    model.epochsTrained = file.config.epochsTrained;
    model.stoppedEarly = file.config.stoppedEarly;
    model.network = new DtcrNetwork(streamFor(model.options.seed, Stream.Weights), model.options);
    model.network.params.restore(file.weights.filter((w) => w.name !== 'state/indicator'));
    model.indicator = file.weights.find((w) => w.name === 'state/indicator')?.values ?? null;
    model.kmeans = existsSync(join(dir, 'kmeans')) ? KMeans.load(join(dir, 'kmeans')) : null;
    return model;
  }

  /** Frees the network's tensors and the optimiser; the model must be fitted or loaded again. */
  dispose(): void {
    this.finishTraining();
    this.network?.dispose();
    this.network = null;
  }

  private finishTraining(): void {
    this.training?.optimizer.dispose();
    this.training = null;
  }

  private embed(values: Float32Array, rows: number): RowMatrix {
    const network = this.network!;
    const size = this.representationSize;
    const out = new Float64Array(rows * size);
    for (let start = 0; start < rows; start += TRANSFORM_CHUNK) {
      const count = Math.min(TRANSFORM_CHUNK, rows - start);
      const chunk = values.subarray(start * this.length, (start + count) * this.length);
      const h = tf.tidy(() => network.represent(tf.tensor3d(chunk, [count, this.length, 1])));
      out.set(h.dataSync(), start * size);
      h.dispose();
    }
    return { data: out, rows, cols: size };
  }

  /** The epoch being trained (1-based): the one after the last finished. */
  private currentEpoch(): number {
    return (this.training?.epoch ?? 0) + 1;
  }

  private inRobustnessRun(): boolean {
    const r = this.options.robustness;
    const epoch = this.currentEpoch();
    return r !== null && epoch >= r.fromEpoch && epoch < r.fromEpoch + r.epochs;
  }

  private inKmeansWarmup(): boolean {
    return this.currentEpoch() <= this.options.kmeansWarmup;
  }

  private lossWeights(): LossWeights {
    const o = this.options;
    const robust = this.inRobustnessRun() ? o.robustness : null;
    return {
      reconstruction: robust && robust.keep !== 'reconstruction' ? 0 : 1,
      classification: !o.classifier || (robust && robust.keep !== 'classification') ? 0 : 1,
      lambda: o.kmeansLoss && !this.inKmeansWarmup() ? o.lambda : 0,
    };
  }

  /**
   * Fresh fakes when asked for every epoch; F from the representations when the k-means term starts
   * after a warm-up; the robustness run's shuffled F at its first epoch.
   */
  private beginEpoch(epoch: number): void {
    const o = this.options;
    const training = this.training!;
    if (o.classifier && o.fakes === 'every-epoch') training.fakes = makeFakes(training.clean, training.rows, this.length, o.alpha, training.random);
    if (o.kmeansLoss && o.kmeansWarmup > 0 && epoch === o.kmeansWarmup + 1) this.refreshIndicator(null);
    if (o.robustness && epoch === o.robustness.fromEpoch) {
      const k = o.clusters;
      const order = training.random.permutation(training.rows);
      const shuffled = new Float32Array(this.indicator!.length);
      order.forEach((from, to) => shuffled.set(this.indicator!.subarray(from * k, (from + 1) * k), to * k));
      this.indicator = shuffled;
    }
  }

  private batches(): Int32Array[] {
    const training = this.training!;
    const size = this.options.batchSize;
    if (size === null || size >= training.rows) return [Int32Array.from({ length: training.rows }, (_, i) => i)];
    const order = training.random.permutation(training.rows);
    const out: Int32Array[] = [];
    for (let start = 0; start < order.length; start += size) out.push(order.slice(start, start + size));
    return out;
  }

  private batchTensors(index: Int32Array): { clean: tf.Tensor2D; real: tf.Tensor3D; fake: tf.Tensor3D | null; indicator: tf.Tensor2D } {
    const training = this.training!;
    const { noise, clusters, classifier } = this.options;
    const t = this.length;
    const b = index.length;
    const clean = new Float32Array(b * t);
    const indicator = new Float32Array(b * clusters);
    index.forEach((row, i) => {
      clean.set(training.clean.subarray(row * t, (row + 1) * t), i * t);
      indicator.set(this.indicator!.subarray(row * clusters, (row + 1) * clusters), i * clusters);
    });
    const noisy = (source: Float32Array): Float32Array => {
      const out = new Float32Array(b * t);
      index.forEach((row, i) => {
        for (let s = 0; s < t; s++) out[i * t + s] = source[row * t + s]! + (noise > 0 ? training.random.normal(0, noise) : 0);
      });
      return out;
    };
    const real = noisy(training.clean);
    const fake = classifier && training.fakes ? noisy(training.fakes) : null;
    return {
      clean: tf.tensor2d(clean, [b, t]),
      real: tf.tensor3d(real, [b, t, 1]),
      fake: fake ? tf.tensor3d(fake, [b, t, 1]) : null,
      indicator: tf.tensor2d(indicator, [b, clusters]),
    };
  }

  private async writeCheckpoint(dir: string): Promise<void> {
    const training = this.training!;
    const optimizerWeights = await training.optimizer.getWeights();
    const optimizer = optimizerWeights.map((w) => ({ name: w.name, shape: [...w.tensor.shape], trainable: false, values: Float32Array.from(w.tensor.dataSync()) }));
    writeCheckpoint(dir, {
      state: { epoch: training.epoch, step: training.step, fingerprint: training.fingerprint, optimizer: optimizer.map((w) => w.name) },
      weights: this.network!.params.snapshot(),
      optimizer,
      indicator: this.indicator!,
    });
  }

  private async resume(dir: string): Promise<void> {
    const checkpoint = readCheckpoint(dir);
    if (!checkpoint) return;
    const training = this.training!;
    if (checkpoint.state.fingerprint !== training.fingerprint) {
      throw new OptionError(`the checkpoint in ${dir} was written for other data or options; remove it or choose another checkpoint folder`);
    }
    this.network!.params.restore(checkpoint.weights);
    this.indicator = checkpoint.indicator;
    await training.optimizer.setWeights(checkpoint.optimizer.map((w) => ({ name: w.name, tensor: tf.tensor(w.values, w.shape) })));
    training.epoch = checkpoint.state.epoch;
    training.step = checkpoint.state.step;
  }
}

/** Identifies data and options, so that a checkpoint is never resumed on something else. */
function fingerprint(values: Float32Array, shape: readonly number[], options: DtcrOptions): string {
  let h = 0x811c9dc5;
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  // The epoch budget may grow between runs: resuming then trains on.
  const { epochs: _budget, ...rest } = options;
  return `${shape.join('x')}:${(h >>> 0).toString(16)}:${JSON.stringify(rest)}`;
}
