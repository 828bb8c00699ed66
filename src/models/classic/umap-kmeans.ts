/**
 * k-means on a UMAP embedding, the best classical pipeline of Lafabregue et al.'s comparative study
 * (DMKD 2022): 10 neighbours, minimum distance 0, as many components as clusters, then k-means
 * with 10 restarts. Works on any rows: raw series (channels laid side by side) or a learned
 * representation. UMAP is umap-js (umap-learn's algorithm ported; random rather than spectral
 * initial layout), driven by Tempora's seeded `Random`. New rows are placed where umap-learn's
 * transform starts them, at the distance-weighted mean of their nearest fitted rows' places: unlike
 * umap-js's transform, which changes its model at every call, this gives the same places every time
 * and after save and load.
 */
import { UMAP } from 'umap-js';
import { OptionError } from '../../core/errors.js';
import { readMatrixField } from '../../core/model-files.js';
import { parseInteger, parseNumber } from '../../core/parse-options.js';
import { deriveSeed, Random } from '../../core/random.js';
import type { SeriesInput } from '../../nn/input.js';
import { checkColumns, checkInteger, checkNumber, checkOptionsObject } from '../base/check-options.js';
import { Clusterer, nestModel, unnestModel, type Assignments, type ClustererConfig, type EstimatorState } from '../base/estimator.js';
import type { FitOptions } from '../base/fit-options.js';
import { matrixToArrays, toRowMatrix, type RowMatrix } from '../base/matrix.js';
import { numberValue, type ClusteringMethod } from '../base/method-spec.js';
import { KMeans, N_INIT_OPTION } from './kmeans.js';

export interface UmapKMeansOptions {
  /** Number of clusters K (required), at least 1 and below the number of rows fitted. */
  nClusters: number;
  /** UMAP's neighbourhood size (capped at rows − 1). Default 10. */
  nNeighbors?: number;
  /** UMAP's minimum distance between embedded points. Default 0. */
  minDist?: number;
  /** Dimensions of the embedding. Default nClusters. */
  nComponents?: number;
  /**
   * UMAP's optimisation epochs, rounded up to a multiple of 3 (umap-js's transform runs a third of
   * them and never ends on a fraction); 0 (the default) leaves umap-js's choice: 500 up to 2 500
   * rows, fewer above.
   */
  nEpochs?: number;
  /** k-means restarts on the embedding. Default 10. */
  nInit?: number;
  /** Seed of UMAP and k-means: the same seed on the same rows gives the same result. Default 0. */
  seed?: number;
}

export type UmapKMeansConfig = Required<UmapKMeansOptions> & ClustererConfig;

export const UMAP_KMEANS_DEFAULTS = { nNeighbors: 10, minDist: 0, nEpochs: 0, nInit: 10, seed: 0 } as const;

/** Purpose of the k-means seed stream (deriveSeed); UMAP draws from the seed itself. */
const KMEANS_STREAM = 1;


interface Fitted {
  kmeans: KMeans;
  /** Cluster of every row fitted. */
  labels: Int32Array;
  /** The rows fitted and their places: what placing new rows needs. */
  rows: RowMatrix;
  embedding: RowMatrix;
}

const KMEANS_KEY = 'kmeans';

export class UmapKMeans extends Clusterer<UmapKMeansConfig> {
  readonly kind = 'UmapKMeans';
  private fitted: Fitted | null = null;

  constructor(options: UmapKMeansOptions) {
    checkOptionsObject('UmapKMeans', options, 'nClusters');
    const nClusters = checkInteger('nClusters', options.nClusters, 1);
    const nEpochs = checkInteger('nEpochs', options.nEpochs ?? UMAP_KMEANS_DEFAULTS.nEpochs, 0);
    super({
      nClusters,
      nNeighbors: checkInteger('nNeighbors', options.nNeighbors ?? UMAP_KMEANS_DEFAULTS.nNeighbors, 2),
      minDist: checkNumber('minDist', options.minDist ?? UMAP_KMEANS_DEFAULTS.minDist, 0),
      nComponents: checkInteger('nComponents', options.nComponents ?? nClusters, 1),
      nEpochs: 3 * Math.ceil(nEpochs / 3),
      nInit: checkInteger('nInit', options.nInit ?? UMAP_KMEANS_DEFAULTS.nInit, 1),
      seed: checkInteger('seed', options.seed ?? UMAP_KMEANS_DEFAULTS.seed, 0),
    });
  }

  /** The embedding of the rows fitted (rows × nComponents). */
  get embedding(): RowMatrix {
    return this.model().embedding;
  }

  /** Cluster of every row fitted. */
  get labels(): Int32Array {
    return this.model().labels;
  }

  override fitSummary(): Record<string, number> {
    return { inertia: this.model().kmeans.inertia };
  }

  protected async fitModel(x: SeriesInput, options: FitOptions): Promise<void> {
    this.fitted = await this.fitRows(toRowMatrix(x), options);
  }

  /** On the rows fitted: the clusters of their own embedding (predict places rows anew). */
  override async fitPredict(x: SeriesInput, options: FitOptions = {}): Promise<Int32Array> {
    await this.fit(x, options);
    return this.labels;
  }

  /** New rows placed in the fitted embedding (see the file's comment), rows × nComponents. */
  async transform(x: SeriesInput): Promise<RowMatrix> {
    this.checkInput(x);
    return this.place(x);
  }

  protected async assign(x: SeriesInput): Promise<Assignments> {
    return this.model().kmeans.assignments(this.place(x));
  }

  protected async saveState(): Promise<EstimatorState> {
    const { rows, embedding, kmeans } = this.model();
    const nested = await nestModel(kmeans, KMEANS_KEY);
    return { state: { rows: matrixToArrays(rows), embedding: matrixToArrays(embedding), labels: Array.from(this.labels), ...nested.state }, weights: nested.weights };
  }

  protected async restoreState(saved: EstimatorState, source: string): Promise<void> {
    const nested = unnestModel(saved, KMEANS_KEY, source);
    const kmeans = new KMeans(nested.config as ConstructorParameters<typeof KMeans>[0]);
    await kmeans.restore(nested, `${source} (k-means)`);
    const labels = Int32Array.from(saved.state['labels'] as number[]);
    this.fitted = { kmeans, labels, rows: readMatrixField(saved.state, 'rows', source), embedding: readMatrixField(saved.state, 'embedding', source) };
  }

  private async fitRows(rows: RowMatrix, options: FitOptions): Promise<Fitted> {
    const { nClusters, nNeighbors, minDist, nComponents, nEpochs, nInit, seed } = this.config;
    if (rows.rows < 3 || nClusters >= rows.rows) {
      throw new OptionError(`UMAP + k-means needs at least 3 rows and nClusters below the number of rows; got ${rows.rows} rows and nClusters = ${nClusters}`);
    }
    const random = new Random(seed);
    const umap = new UMAP({
      nNeighbors: Math.min(nNeighbors, rows.rows - 1),
      minDist,
      nComponents,
      ...(nEpochs > 0 ? { nEpochs } : {}),
      random: () => random.next(),
    });
    const started = Date.now();
    const epochs = umap.initializeFit(matrixToArrays(rows));
    for (let epoch = 1; epoch <= epochs; epoch++) {
      umap.step();
      options.onProgress?.({ stage: 'UMAP epoch', step: epoch, total: epochs, seconds: (Date.now() - started) / 1000 });
      if (options.signal?.aborted) break;
    }
    const embedding = toRowMatrix(umap.getEmbedding(), 'UMAP embedding');
    const kmeans = await new KMeans({ nClusters, nInit, seed: deriveSeed(seed, KMEANS_STREAM) }).fit(embedding);
    return { kmeans, labels: kmeans.labels, rows, embedding };
  }

  private place(x: SeriesInput): RowMatrix {
    const { rows, embedding } = this.model();
    const input = toRowMatrix(x);
    checkColumns('data', input.cols, rows.cols);
    const neighbours = Math.min(this.config.nNeighbors, rows.rows);
    const dims = embedding.cols;
    const out = new Float64Array(input.rows * dims);
    const distances = new Float64Array(rows.rows);
    for (let i = 0; i < input.rows; i++) {
      for (let r = 0; r < rows.rows; r++) {
        let d = 0;
        for (let c = 0; c < rows.cols; c++) {
          const diff = input.data[i * rows.cols + c]! - rows.data[r * rows.cols + c]!;
          d += diff * diff;
        }
        distances[r] = Math.sqrt(d);
      }
      const nearest = Array.from(distances.keys()).sort((a, b) => distances[a]! - distances[b]! || a - b).slice(0, neighbours);
      // A row equal to a fitted one takes its place; otherwise closer neighbours weigh more.
      const weights = distances[nearest[0]!] === 0 ? nearest.map((r) => (distances[r] === 0 ? 1 : 0)) : nearest.map((r) => 1 / distances[r]!);
      const total = weights.reduce((a, b) => a + b, 0);
      nearest.forEach((r, k) => {
        for (let c = 0; c < dims; c++) out[i * dims + c]! += (weights[k]! / total) * embedding.data[r * dims + c]!;
      });
    }
    return { data: out, rows: input.rows, cols: dims };
  }

  private model(): Fitted {
    if (this.fitted === null) throw new OptionError('UmapKMeans is not fitted yet: call fit() or loadModel() first');
    return this.fitted;
  }
}

export const UMAP_KMEANS_METHOD: ClusteringMethod = {
  name: 'umap-kmeans',
  description: 'k-means (10 restarts) on a UMAP embedding of the series: 10 neighbours, minimum distance 0, K components (Lafabregue et al. 2022)',
  kind: 'UmapKMeans',
  options: [
    N_INIT_OPTION,
    { key: 'nNeighbors', flags: '--n-neighbors <n>', description: "umap-kmeans: UMAP's neighbours (default 10)", parse: (v) => parseInteger('--n-neighbors', v, 2) },
    {
      key: 'minDist',
      flags: '--min-dist <d>',
      description: "umap-kmeans: UMAP's minimum distance (default 0)",
      parse: (v) => parseNumber('--min-dist', v, (n) => n >= 0, 'a number >= 0'),
    },
  ],
  usesTensors: false,
  inDtcrTable: true,
  lafabregueColumn: 'umap_kmeans',
  learnsFrom: 'clustered',
  fromConfig: (c) => new UmapKMeans(c as UmapKMeansOptions),
  create: (v) =>
    new UmapKMeans({
      nClusters: v.nClusters,
      seed: v.seed,
      nInit: numberValue(v, 'nInit'),
      nNeighbors: numberValue(v, 'nNeighbors'),
      minDist: numberValue(v, 'minDist'),
    }),
};
