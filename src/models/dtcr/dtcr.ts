/**
 * DTCR (Ma et al., NeurIPS 2019) as a clustering estimator: fitRepresentation trains the network
 * (Algorithm 1, with the authors' code filling the paper's gaps: see options.ts); fitClusters runs
 * k-means (kmeansRestarts) on the representations of the series to cluster; fit does both on the
 * same series.
 */
import * as tf from '@tensorflow/tfjs-core';
import { OptionError } from '../../core/errors.js';
import type { Random } from '../../core/random.js';
import { Adam } from '../../nn/adam.js';
import { seriesValues, type SeriesInput } from '../../nn/input.js';
import { fingerprint } from '../../nn/training/fingerprint.js';
import { train, type Trainable } from '../../nn/training/trainer.js';
import type { EstimatorState } from '../base/estimator.js';
import { epochEvent, epochMetrics, type FitOptions } from '../base/fit-options.js';
import type { RowMatrix } from '../base/matrix.js';
import { RepresentationClusterer, representationSettings } from '../base/representation-clusterer.js';
import { initialIndicator, topSingularIndicator } from './cluster-indicator.js';
import { makeFakes } from './fake-samples.js';
import { DtcrNetwork, LOSS_NAMES, type LossName, type LossWeights } from './network.js';
import { checkData, resolveOptions, type DtcrOptions, type DtcrPresetName } from './options.js';
import { Stream, streamFor } from './streams.js';

/** DTCR's fit options: every estimator's (checkpointEvery defaults to 10). */
export type DtcrFitOptions = FitOptions;

/** DTCR's options as given: any over the defaults (after the preset, when named), K required. */
export type DtcrArgs = Partial<DtcrOptions> & { nClusters: number; preset?: DtcrPresetName };

/** The result of one optimisation step: each weighted loss component. */
export type StepLosses = Record<LossName, number>;

interface Training {
  clean: Float32Array;
  rows: number;
  fakes: Float32Array | null;
  optimizer: Adam;
  /** Noise (and batch order) of the current epoch. */
  random: Random;
  step: number;
  /** Epochs completed before the current one. */
  epoch: number;
}

/** F's name among the saved weights. */
const INDICATOR_WEIGHT = 'state/indicator';
/** Rows per forward pass in transform: bounds memory on long series. */
const TRANSFORM_CHUNK = 256;

export class DTCR extends RepresentationClusterer<DtcrOptions> {
  readonly kind = 'DTCR';
  private network: DtcrNetwork | null = null;
  private length = 0;
  /** F [N,K] row-major. */
  private indicator: Float32Array | null = null;
  private training: Training | null = null;
  private epochsTrained = 0;
  private stoppedEarly = false;

  /** Options over the defaults, after the named preset when given. */
  constructor(args: DtcrArgs) {
    const { preset, ...given } = args;
    super(resolveOptions(given, preset));
  }

  /** The resolved options. */
  get options(): DtcrOptions {
    return this.config;
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

  override fitSummary(): Record<string, number | boolean> {
    return { epochsTrained: this.epochsTrained, stoppedEarly: this.stoppedEarly };
  }

  protected async learn(x: SeriesInput, fitOptions: FitOptions): Promise<void> {
    const o = this.options;
    this.initialize(x);
    const { checkpointDir, onProgress } = fitOptions;
    const outcome = await train(this.trainable(), {
      epochs: o.epochs,
      seed: o.seed,
      purpose: Stream.Epoch,
      signal: fitOptions.signal,
      onEpoch: onProgress && ((log) => onProgress(epochEvent('epoch', log))),
      metrics: epochMetrics(fitOptions, o.epochs),
      checkpoint: checkpointDir === undefined ? undefined : { dir: checkpointDir, every: fitOptions.checkpointEvery ?? 10, fingerprint: this.fingerprint() },
    });
    this.epochsTrained = outcome.epochs;
    this.stoppedEarly = outcome.stopped;
    this.finishTraining();
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
    this.indicator = initialIndicator(streamFor(o.seed, Stream.Indicator), rows, o.nClusters);
    this.training = {
      clean: values,
      rows,
      fakes: o.classifier ? makeFakes(values, rows, length, o.alpha, streamFor(o.seed, Stream.Fakes)) : null,
      optimizer: new Adam({ learningRate: o.learningRate }),
      random: streamFor(o.seed, Stream.Epoch, 0),
      step: 0,
      epoch: 0,
    };
    this.epochsTrained = 0;
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
    const h = representation ? (representation.dataSync() as Float32Array) : Float32Array.from(this.embedValues(training.clean, training.rows).data);
    representation?.dispose();
    this.indicator = topSingularIndicator(h, training.rows, this.representationSize, this.options.nClusters);
  }

  /** The representation (2 * sum(units) values) of every series, without noise. */
  protected async embed(x: SeriesInput): Promise<RowMatrix> {
    const { values, shape } = seriesValues(x, 'DTCR input series');
    if (!this.network) throw new OptionError('DTCR is not fitted yet: call fit() or loadModel() first');
    return this.embedValues(values, shape[0]);
  }

  /** Weights and F, with the epochs trained. */
  protected saveRepresentation(): EstimatorState {
    if (!this.network || !this.indicator) throw new OptionError('DTCR is not fitted yet: nothing to save');
    const k = this.options.nClusters;
    const weights = [
      ...this.network.params.snapshot(),
      { name: INDICATOR_WEIGHT, shape: [this.indicator.length / k, k], trainable: false, values: this.indicator },
    ];
    return { state: { epochsTrained: this.epochsTrained, stoppedEarly: this.stoppedEarly }, weights };
  }

  protected restoreRepresentation({ state, weights }: EstimatorState): void {
    this.dispose();
    this.length = (state['fittedShape'] as { length: number }).length;
    this.epochsTrained = Number(state['epochsTrained']);
    this.stoppedEarly = Boolean(state['stoppedEarly']);
    this.network = new DtcrNetwork(streamFor(this.options.seed, Stream.Weights), this.options);
    this.network.params.restore(weights.filter((w) => w.name !== INDICATOR_WEIGHT));
    this.indicator = weights.find((w) => w.name === INDICATOR_WEIGHT)?.values ?? null;
  }

  /** Frees the network's tensors and the optimiser; the model must be fitted or loaded again. */
  override dispose(): void {
    this.finishTraining();
    this.network?.dispose();
    this.network = null;
  }

  private finishTraining(): void {
    this.training?.optimizer.dispose();
    this.training = null;
  }

  private embedValues(values: Float32Array, rows: number): RowMatrix {
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
      const k = o.nClusters;
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
    const { noise, nClusters: clusters, classifier } = this.options;
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

  /** DTCR as the trainer sees it: its epochs, its step, and F and the step count in checkpoints. */
  private trainable(): Trainable {
    const training = this.training!;
    const k = this.options.nClusters;
    return {
      params: this.network!.params,
      optimizer: training.optimizer,
      beginEpoch: (epoch, random) => {
        training.random = random;
        training.epoch = epoch - 1;
        this.beginEpoch(epoch);
        return this.batches();
      },
      step: (rows) => this.trainStep(rows),
      saveState: () => ({ json: { step: training.step }, arrays: [{ name: 'indicator', shape: [training.rows, k], trainable: false, values: this.indicator! }] }),
      restoreState: ({ json, arrays }) => {
        training.step = (json as { step: number }).step;
        this.indicator = arrays.find((a) => a.name === 'indicator')!.values;
      },
    };
  }

  /** Identifies the training data and options, so that a checkpoint is never resumed on something else. */
  private fingerprint(): string {
    const training = this.training!;
    // The epoch budget may grow between runs: resuming then trains on.
    const { epochs: _budget, ...rest } = representationSettings(this.options);
    return fingerprint([training.clean], { shape: [training.rows, this.length], options: rest });
  }
}
