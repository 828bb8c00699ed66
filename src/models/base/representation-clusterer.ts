/**
 * A clustering method that learns a representation of the series and clusters in it with k-means
 * (DTCR, and the deep clusterers after it), optionally through UMAP first (Lafabregue et al. 2022
 * found UMAP before k-means the best final step on learned representations). The DTCR paper's
 * protocol learns the representation on TRAIN and clusters TEST in it: `fitRepresentation(train)`
 * then `fitClusters(test)`; `fit(x)` does both on the same series, as a user with one file wants.
 */
import { OptionError } from '../../core/errors.js';
import { deriveSeed } from '../../core/random.js';
import type { SeriesInput } from '../../nn/input.js';
import { KMeans } from '../classic/kmeans.js';
import { UmapKMeans } from '../classic/umap-kmeans.js';
import { Clusterer, nestModel, unnestModel, type Assignments, type ClustererConfig, type EstimatorState } from './estimator.js';
import type { FitOptions } from './fit-options.js';
import type { RowMatrix } from './matrix.js';
import type { MethodOption } from './method-spec.js';

export interface RepresentationClustererConfig extends ClustererConfig {
  /** k-means restarts on the representation. */
  readonly kmeansRestarts: number;
  /** UMAP (10 neighbours, minimum distance 0, K components) between the representation and k-means. */
  readonly umap: boolean;
}

/** The final step's defaults every method with a representation shares: 10 k-means restarts, no UMAP, seed 0. */
export const FINAL_CLUSTERING_DEFAULTS = { seed: 0, kmeansRestarts: 10, umap: false } as const;

/** --umap, for every method with a representation. */
export const UMAP_OPTION: MethodOption = {
  key: 'umap',
  flags: '--umap',
  description: 'dtcr, resnet-ae, dec, idec, dtc: UMAP (10 neighbours, minimum distance 0, K components) on the representation before the final k-means',
  parse: (v) => v === true,
};

/**
 * The settings that shape a representation: all but the final step's (k-means restarts, UMAP), so
 * that runs differing only there resume one training checkpoint instead of training twice.
 */
export function representationSettings<T extends object>(settings: T): Omit<T, 'umap' | 'kmeansRestarts'> {
  const { umap: _umap, kmeansRestarts: _restarts, ...rest } = settings as T & { umap?: unknown; kmeansRestarts?: unknown };
  return rest;
}

/** Purpose of the final clustering's seed stream (see deriveSeed); 5 keeps DTCR's historical stream. */
const KMEANS_STREAM = 5;
/** Key of the nested final clustering in saved models. */
const FINAL_KEY = 'kmeans';

type FinalClustering = KMeans | UmapKMeans;
type FinalClusteringOptions = ConstructorParameters<typeof KMeans>[0] & ConstructorParameters<typeof UmapKMeans>[0];

export abstract class RepresentationClusterer<Config extends RepresentationClustererConfig> extends Clusterer<Config> {
  private final: FinalClustering | null = null;

  /** Learns the representation on x (no clustering yet). */
  async fitRepresentation(x: SeriesInput, options: FitOptions = {}): Promise<this> {
    this.beginFit(x);
    this.final = null;
    await this.learn(x, options);
    this.endFit();
    return this;
  }

  /** k-means (kmeansRestarts restarts, through UMAP with `umap`) on the representations of x: the clusters predict assigns to. */
  async fitClusters(x: SeriesInput): Promise<this> {
    this.final = await this.clusterRepresentation(await this.transform(x));
    return this;
  }

  /** The learned representation of every series (rows × representation size). */
  async transform(x: SeriesInput): Promise<RowMatrix> {
    this.checkInput(x);
    return this.embed(x);
  }

  /** The final clustering of the representations, k-means or UMAP + k-means (after fit, fitClusters or load). */
  get clustering(): FinalClustering {
    if (!this.final) throw new OptionError(`${this.kind} has no clusters yet: call fit(), fitClusters() or loadModel() first`);
    return this.final;
  }

  protected async fitModel(x: SeriesInput, options: FitOptions): Promise<void> {
    await this.learn(x, options);
    this.final = await this.clusterRepresentation(await this.embed(x));
  }

  private async clusterRepresentation(representation: RowMatrix): Promise<FinalClustering> {
    const { nClusters, kmeansRestarts, seed } = this.config;
    if (nClusters > representation.rows) throw new OptionError(`nClusters (${nClusters}) must not exceed the number of series (${representation.rows})`);
    return this.finalClusterer({ nClusters, nInit: kmeansRestarts, seed: deriveSeed(seed, KMEANS_STREAM) }).fit(representation);
  }

  /** The final step this method's config asks for, unfitted. */
  private finalClusterer(options: FinalClusteringOptions): FinalClustering {
    return this.config.umap ? new UmapKMeans(options) : new KMeans(options);
  }

  protected async assign(x: SeriesInput): Promise<Assignments> {
    return this.clustering.assignments(await this.embed(x));
  }

  protected async saveState(): Promise<EstimatorState> {
    const own = await this.saveRepresentation();
    const final = await nestModel(this.clustering, FINAL_KEY);
    return { state: { ...own.state, ...final.state }, weights: [...own.weights, ...final.weights] };
  }

  protected async restoreState(saved: EstimatorState, source: string): Promise<void> {
    const nested = unnestModel(saved, FINAL_KEY, source);
    const final = this.finalClusterer(nested.config as FinalClusteringOptions);
    await final.restore(nested, `${source} (${this.config.umap ? 'UMAP + k-means' : 'k-means'})`);
    const prefix = `${FINAL_KEY}/`;
    await this.restoreRepresentation({ state: saved.state, weights: saved.weights.filter((w) => !w.name.startsWith(prefix)) }, source);
    this.final = final;
  }

  /** Trains the representation on x. */
  protected abstract learn(x: SeriesInput, options: FitOptions): Promise<void>;
  /** The representation of x (x already checked against the fitted shape, or being fitted). */
  protected abstract embed(x: SeriesInput): Promise<RowMatrix>;
  protected abstract saveRepresentation(): EstimatorState | Promise<EstimatorState>;
  protected abstract restoreRepresentation(saved: EstimatorState, source: string): void | Promise<void>;
}
