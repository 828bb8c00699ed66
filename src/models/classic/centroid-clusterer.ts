/**
 * What k-Shape, KSC and k-DBA share as estimators: options, the fitted centroids, prediction by
 * the nearest centroid under the method's own distance, and save/load of the centroids.
 */
import { OptionError } from '../../core/errors.js';
import { readMatrixField, readModelFiles, writeModelFiles } from '../../core/model-files.js';
import { Random, type Seed } from '../../core/random.js';
import { checkInteger } from '../check-options.js';
import type { RowMatrix } from '../matrix.js';
import { checkSeriesShape, toSeriesSet, type SeriesSet, type SeriesSetInput } from '../distances/series-set.js';
import {
  argmin,
  centroidClustering,
  type CentroidClustering,
  type CentroidClusteringProgress,
  type CentroidMethod,
} from './centroid-clustering.js';

export type { CentroidClusteringProgress } from './centroid-clustering.js';

export interface CentroidClustererOptions {
  /** Number of clusters (required), between 1 and the number of series fitted. */
  k: number;
  /** Runs from different starts; the one with the lowest sum of squared distances to the centroids is kept. */
  nInit?: number;
  /** Most passes (centroids, then assignment) per run. */
  maxIter?: number;
  /**
   * Seed of the starts: a number makes every fit start from the same stream (refitting the same
   * data gives the same result); a `Random` is drawn from and advances. Default 0.
   */
  seed?: Seed;
  /** Called after every pass of every run. */
  onProgress?: (progress: CentroidClusteringProgress) => void;
}

interface Fitted extends CentroidClustering {
  channels: number;
  length: number;
}

export abstract class CentroidClusterer<Options extends CentroidClustererOptions> {
  readonly k: number;
  readonly nInit: number;
  readonly maxIter: number;
  protected readonly seed: Seed;
  protected readonly onProgress: CentroidClustererOptions['onProgress'];
  private fitted: Fitted | null = null;

  protected constructor(
    protected readonly kind: string,
    options: Options,
    defaults: { nInit: number; maxIter: number },
  ) {
    if (options === undefined || options === null || typeof options !== 'object') {
      throw new OptionError(`${kind} needs an options object with k`);
    }
    this.k = checkInteger('k', options.k, 1);
    this.nInit = checkInteger('nInit', options.nInit ?? defaults.nInit, 1);
    this.maxIter = checkInteger('maxIter', options.maxIter ?? defaults.maxIter, 1);
    this.seed = options.seed ?? 0;
    this.onProgress = options.onProgress;
  }

  /** The clustering of the (prepared) series. */
  protected abstract cluster(set: SeriesSet): CentroidClustering;

  /** Writes the method's distance from every (prepared) series to every centroid into `out` (rows × k). */
  protected abstract distancesTo(set: SeriesSet, centroids: readonly Float64Array[], out: Float64Array): void;

  /** The options to save (everything but seed and callbacks). */
  protected config(): Partial<Options> {
    return { k: this.k, nInit: this.nInit, maxIter: this.maxIter } as Partial<Options>;
  }

  /** The series as the method works on them (k-Shape z-normalises); by default unchanged. */
  protected prepareInput(set: SeriesSet): SeriesSet {
    return set;
  }

  /** Centroids, one row of channels × length values each; available after fit or load. */
  get centroids(): RowMatrix {
    const { centroids, channels, length } = this.model();
    const cols = channels * length;
    const data = new Float64Array(this.k * cols);
    centroids.forEach((c, j) => data.set(c, j * cols));
    return { data, rows: this.k, cols };
  }

  /** Cluster of every series fitted (empty after load). */
  get labels(): Int32Array {
    return this.model().labels;
  }

  /** Objective of the kept run: Σ squared distances to the centroids (k-medoids: Σ distances). */
  get cost(): number {
    return this.model().cost;
  }

  /** Passes of the kept run. */
  get iterations(): number {
    return this.model().iterations;
  }

  fit(input: SeriesSetInput): this {
    const set = this.prepareInput(toSeriesSet(input));
    if (this.k > set.rows) throw new OptionError(`k must be at most the number of series (${set.rows}), got ${this.k}`);
    this.fitted = { ...this.cluster(set), channels: set.channels, length: set.length };
    return this;
  }



  fitPredict(input: SeriesSetInput): Int32Array {
    return this.fit(input).labels;
  }

  /** Index of the nearest centroid for every series. */
  predict(input: SeriesSetInput): Int32Array {
    const distances = this.transform(input);
    return Int32Array.from({ length: distances.rows }, (_, i) => argmin(distances.data, i * this.k, this.k));
  }

  /** The method's distance from every series to every centroid (rows × k). */
  transform(input: SeriesSetInput): RowMatrix {
    const { centroids, channels, length } = this.model();
    const set = this.prepareInput(toSeriesSet(input));
    checkSeriesShape(set, channels, length);
    const out = new Float64Array(set.rows * this.k);
    this.distancesTo(set, centroids, out);
    return { data: out, rows: set.rows, cols: this.k };
  }

  /** Writes `dir/model.json` atomically: options, centroids and the series shape. */
  save(dir: string): void {
    const fitted = this.model();
    writeModelFiles<Partial<Options>, Record<string, unknown>>(dir, {
      kind: this.kind,
      config: this.config(),
      state: {
        centroids: fitted.centroids.map((c) => Array.from(c)),
        channels: fitted.channels,
        length: fitted.length,
        cost: fitted.cost,
        iterations: fitted.iterations,
      },
      weights: [],
    });
  }

  /** Reads what `save` wrote into a new estimator made by `create` from the saved options. */
  protected static loadInto<Model extends CentroidClusterer<CentroidClustererOptions>>(
    dir: string,
    kind: string,
    create: (config: never) => Model,
  ): Model {
    const { config, state } = readModelFiles<never, Record<string, unknown>>(dir, kind);
    const model = create(config);
    const centroids = readMatrixField(state, 'centroids', dir);
    const channels = Number(state['channels']);
    const length = Number(state['length']);
    if (centroids.rows !== model.k || centroids.cols !== channels * length) {
      throw new OptionError(`saved ${kind} has ${centroids.rows} centroids of ${centroids.cols} values; expected k = ${model.k} of ${channels} × ${length}`);
    }
    model.fitted = {
      centroids: Array.from({ length: model.k }, (_, j) => centroids.data.slice(j * centroids.cols, (j + 1) * centroids.cols)),
      labels: new Int32Array(0),
      cost: Number(state['cost']),
      iterations: Number(state['iterations']),
      channels,
      length,
    };
    return model;
  }

  private model(): Fitted {
    if (this.fitted === null) throw new OptionError(`${this.kind} is not fitted yet: call fit() or ${this.kind}.load() first`);
    return this.fitted;
  }
}

/** A centroid clusterer fitted by the shared k-means loop (k-Shape, KSC, k-DBA): the best of nInit runs. */
export abstract class LoopClusterer<Options extends CentroidClustererOptions> extends CentroidClusterer<Options> {
  /** The method's loop pieces for these (prepared) series. */
  protected abstract method(set: SeriesSet): CentroidMethod;

  protected override cluster(set: SeriesSet): CentroidClustering {
    return centroidClustering(set.rows, this.method(set), {
      k: this.k,
      nInit: this.nInit,
      maxIter: this.maxIter,
      random: Random.from(this.seed),
      onProgress: this.onProgress,
    });
  }

  protected override distancesTo(set: SeriesSet, centroids: readonly Float64Array[], out: Float64Array): void {
    this.method(set).distances(centroids, null, out);
  }
}
