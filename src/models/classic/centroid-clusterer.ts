/**
 * What k-Shape, KSC, k-DBA and k-medoids share as estimators: the resolved options, the fitted
 * centroids (medoids for k-medoids), prediction by the nearest centroid under the method's own
 * distance, progress per pass, and save/load of the centroids.
 */
import { OptionError } from '../../core/errors.js';
import { readMatrixField } from '../../core/model-files.js';
import { Random } from '../../core/random.js';
import type { SeriesInput } from '../../nn/input.js';
import { checkInteger, checkOptionsObject } from '../base/check-options.js';
import { Clusterer, type Assignments, type ClustererConfig, type EstimatorState } from '../base/estimator.js';
import type { FitOptions, ProgressEvent } from '../base/fit-options.js';
import { matrixToArrays, type RowMatrix } from '../base/matrix.js';
import { toSeriesSet, type SeriesSet } from '../distances/series-set.js';
import { argmin, centroidClustering, type CentroidClustering, type CentroidClusteringProgress, type CentroidMethod } from './centroid-clustering.js';

export interface CentroidClustererOptions {
  /** Number of clusters K (required), between 1 and the number of series fitted. */
  nClusters: number;
  /** Runs from different starts; the one with the lowest sum of squared distances to its centroids is kept. */
  nInit?: number;
  /** Most passes (centroids, then assignment) per run. */
  maxIter?: number;
  /** Seed of the starts: the same seed on the same data gives the same result. Default 0. */
  seed?: number;
}

export interface CentroidClustererConfig extends ClustererConfig {
  readonly nInit: number;
  readonly maxIter: number;
}

/** The shared options over the method's defaults, checked. */
export function centroidClustererConfig(
  estimator: string,
  options: CentroidClustererOptions,
  defaults: { nInit: number; maxIter: number },
): CentroidClustererConfig {
  checkOptionsObject(estimator, options, 'nClusters');
  return {
    nClusters: checkInteger('nClusters', options.nClusters, 1),
    nInit: checkInteger('nInit', options.nInit ?? defaults.nInit, 1),
    maxIter: checkInteger('maxIter', options.maxIter ?? defaults.maxIter, 1),
    seed: checkInteger('seed', options.seed ?? 0, 0),
  };
}

/** A progress event without its clock (the estimator adds the seconds). */
export type StageReport = (event: Omit<ProgressEvent, 'seconds'>) => void;

export abstract class CentroidClusterer<Config extends CentroidClustererConfig> extends Clusterer<Config> {
  private fitted: CentroidClustering | null = null;

  /** The clustering of the (prepared) series, reporting each unit of work. */
  protected abstract cluster(set: SeriesSet, report: StageReport, signal?: AbortSignal): CentroidClustering;

  /** Writes the method's distance from every (prepared) series to every centroid into `out` (rows × K). */
  protected abstract distancesTo(set: SeriesSet, centroids: readonly Float64Array[], out: Float64Array): void;

  /** The series as the method works on them (k-Shape z-normalises); by default unchanged. */
  protected prepareInput(set: SeriesSet): SeriesSet {
    return set;
  }

  /** Centroids, one row of channels × length values each (channel after channel); after fit or load. */
  get centroids(): RowMatrix {
    const { centroids } = this.model();
    const cols = centroids[0]!.length;
    const data = new Float64Array(centroids.length * cols);
    centroids.forEach((c, j) => data.set(c, j * cols));
    return { data, rows: centroids.length, cols };
  }

  /** Cluster of every series fitted (empty after load). */
  get labels(): Int32Array {
    return this.model().labels;
  }

  /** Objective of the kept run: Σ squared distances to the centroids (k-medoids: Σ distances). */
  get cost(): number {
    return this.model().cost;
  }

  /** Passes of the kept run (k-medoids: SWAP exchanges). */
  get iterations(): number {
    return this.model().iterations;
  }

  override fitSummary(): Record<string, number> {
    return { cost: this.cost, iterations: this.iterations };
  }

  protected async fitModel(x: SeriesInput, options: FitOptions): Promise<void> {
    const set = this.prepareInput(toSeriesSet(x));
    const started = Date.now();
    this.fitted = this.cluster(set, (event) => options.onProgress?.({ ...event, seconds: (Date.now() - started) / 1000 }), options.signal);
  }

  /** On the series fitted: the fit's last assignment (which matches the centroids once the passes converge). */
  override async fitPredict(x: SeriesInput, options: FitOptions = {}): Promise<Int32Array> {
    await this.fit(x, options);
    return this.labels;
  }

  protected async assign(x: SeriesInput): Promise<Assignments> {
    const distances = this.distances(x);
    const k = distances.cols;
    const clusters = new Int32Array(distances.rows);
    const nearest = new Float64Array(distances.rows);
    for (let i = 0; i < distances.rows; i++) {
      clusters[i] = argmin(distances.data, i * k, k);
      nearest[i] = distances.data[i * k + clusters[i]!]!;
    }
    return { clusters, score: { name: 'distance', values: nearest } };
  }

  /** The method's distance from every series to every centroid (rows × K). */
  async transform(x: SeriesInput): Promise<RowMatrix> {
    this.checkInput(x);
    return this.distances(x);
  }

  protected saveState(): EstimatorState {
    const fitted = this.model();
    return { state: { centroids: matrixToArrays(this.centroids), cost: fitted.cost, iterations: fitted.iterations }, weights: [] };
  }

  protected restoreState({ state }: EstimatorState, source: string): void {
    const centroids = readMatrixField(state, 'centroids', source);
    if (centroids.rows !== this.config.nClusters) {
      throw new OptionError(`${source}: the saved ${this.kind} has ${centroids.rows} centroids but nClusters = ${this.config.nClusters}`);
    }
    this.fitted = {
      centroids: Array.from({ length: centroids.rows }, (_, j) => centroids.data.slice(j * centroids.cols, (j + 1) * centroids.cols)),
      labels: new Int32Array(0),
      cost: Number(state['cost']),
      iterations: Number(state['iterations']),
    };
  }

  private distances(x: SeriesInput): RowMatrix {
    const { centroids } = this.model();
    const set = this.prepareInput(toSeriesSet(x));
    const out = new Float64Array(set.rows * centroids.length);
    this.distancesTo(set, centroids, out);
    return { data: out, rows: set.rows, cols: centroids.length };
  }

  private model(): CentroidClustering {
    if (this.fitted === null) throw new OptionError(`${this.kind} is not fitted yet: call fit() or loadModel() first`);
    return this.fitted;
  }
}

/** A centroid clusterer fitted by the shared k-means loop (k-Shape, KSC, k-DBA): the best of nInit runs. */
export abstract class LoopClusterer<Config extends CentroidClustererConfig> extends CentroidClusterer<Config> {
  /** The method's loop pieces for these (prepared) series. */
  protected abstract method(set: SeriesSet): CentroidMethod;

  protected override cluster(set: SeriesSet, report: StageReport, signal?: AbortSignal): CentroidClustering {
    const { nClusters: k, nInit, maxIter, seed } = this.config;
    const onProgress = (p: CentroidClusteringProgress): void =>
      report({ stage: `${this.kind} pass`, step: p.iteration, total: maxIter, metrics: { run: p.run, changed: p.changed, cost: p.cost } });
    return centroidClustering(set.rows, this.method(set), { k, nInit, maxIter, random: new Random(seed), onProgress, signal });
  }

  protected override distancesTo(set: SeriesSet, centroids: readonly Float64Array[], out: Float64Array): void {
    this.method(set).distances(centroids, null, out);
  }
}
