/**
 * A clustering method that learns a representation of the series and clusters in it with k-means
 * (DTCR, and the deep clusterers after it). The DTCR paper's protocol learns the representation on
 * TRAIN and clusters TEST in it: `fitRepresentation(train)` then `fitClusters(test)`; `fit(x)` does
 * both on the same series, as a user with one file wants.
 */
import { OptionError } from '../../core/errors.js';
import { deriveSeed } from '../../core/random.js';
import type { SeriesInput } from '../../nn/input.js';
import { KMeans } from '../classic/kmeans.js';
import { Clusterer, nestModel, unnestModel, type Assignments, type ClustererConfig, type EstimatorState } from './estimator.js';
import type { FitOptions } from './fit-options.js';
import type { RowMatrix } from './matrix.js';

export interface RepresentationClustererConfig extends ClustererConfig {
  /** k-means restarts on the representation. */
  readonly kmeansRestarts: number;
}

/** Purpose of the final k-means' seed stream (see deriveSeed); 5 keeps DTCR's historical stream. */
const KMEANS_STREAM = 5;
const KMEANS_KEY = 'kmeans';

export abstract class RepresentationClusterer<Config extends RepresentationClustererConfig> extends Clusterer<Config> {
  private kmeans: KMeans | null = null;

  /** Learns the representation on x (no clustering yet). */
  async fitRepresentation(x: SeriesInput, options: FitOptions = {}): Promise<this> {
    this.beginFit(x);
    this.kmeans = null;
    await this.learn(x, options);
    this.endFit();
    return this;
  }

  /** k-means (kmeansRestarts restarts) on the representations of x: the clusters predict assigns to. */
  async fitClusters(x: SeriesInput): Promise<this> {
    this.kmeans = await this.kmeansOn(await this.transform(x));
    return this;
  }

  /** The learned representation of every series (rows × representation size). */
  async transform(x: SeriesInput): Promise<RowMatrix> {
    this.checkInput(x);
    return this.embed(x);
  }

  /** The k-means on the representations (after fit, fitClusters or load). */
  get clustering(): KMeans {
    if (!this.kmeans) throw new OptionError(`${this.kind} has no clusters yet: call fit(), fitClusters() or loadModel() first`);
    return this.kmeans;
  }

  protected async fitModel(x: SeriesInput, options: FitOptions): Promise<void> {
    await this.learn(x, options);
    this.kmeans = await this.kmeansOn(await this.embed(x));
  }

  private async kmeansOn(representation: RowMatrix): Promise<KMeans> {
    const { nClusters, kmeansRestarts, seed } = this.config;
    if (nClusters > representation.rows) throw new OptionError(`nClusters (${nClusters}) must not exceed the number of series (${representation.rows})`);
    return new KMeans({ nClusters, nInit: kmeansRestarts, seed: deriveSeed(seed, KMEANS_STREAM) }).fit(representation);
  }

  protected async assign(x: SeriesInput): Promise<Assignments> {
    const kmeans = this.clustering;
    return kmeans.assignments(await this.embed(x));
  }

  protected async saveState(): Promise<EstimatorState> {
    const own = await this.saveRepresentation();
    const kmeans = await nestModel(this.clustering, KMEANS_KEY);
    return { state: { ...own.state, ...kmeans.state }, weights: [...own.weights, ...kmeans.weights] };
  }

  protected async restoreState(saved: EstimatorState, source: string): Promise<void> {
    const nested = unnestModel(saved, KMEANS_KEY, source);
    const kmeans = new KMeans(nested.config as ConstructorParameters<typeof KMeans>[0]);
    await kmeans.restore(nested, `${source} (k-means)`);
    const prefix = `${KMEANS_KEY}/`;
    await this.restoreRepresentation({ state: saved.state, weights: saved.weights.filter((w) => !w.name.startsWith(prefix)) }, source);
    this.kmeans = kmeans;
  }

  /** Trains the representation on x. */
  protected abstract learn(x: SeriesInput, options: FitOptions): Promise<void>;
  /** The representation of x (x already checked against the fitted shape, or being fitted). */
  protected abstract embed(x: SeriesInput): Promise<RowMatrix>;
  protected abstract saveRepresentation(): EstimatorState | Promise<EstimatorState>;
  protected abstract restoreRepresentation(saved: EstimatorState, source: string): void | Promise<void>;
}
