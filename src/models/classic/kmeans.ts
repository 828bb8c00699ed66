/**
 * k-means (Lloyd's algorithm) with k-means++ seeding, n_init restarts keeping the lowest inertia,
 * scikit-learn's tolerance and empty-cluster repair. Written here because npm's k-means packages
 * lack restarts, sklearn-compatible stopping or speed on 10⁵ × 400 data.
 */
import { OptionError } from '../../core/errors.js';
import { Random } from '../../core/random.js';
import type { SeriesInput } from '../../nn/input.js';
import { Clusterer, type Assignments, type ClustererConfig, type EstimatorState } from '../base/estimator.js';
import type { FitOptions } from '../base/fit-options.js';
import { checkChoice, checkColumns, checkInteger, checkNumber, checkOptionsObject } from '../base/check-options.js';
import { matrixToArrays, toRowMatrix, type RowMatrix } from '../base/matrix.js';
import { readMatrixField } from '../../core/model-files.js';
import { parseInteger } from '../../core/parse-options.js';
import { numberValue, type ClusteringMethod, type MethodOption } from '../base/method-spec.js';
import { initialCentres, type KMeansInit } from './kmeans-init.js';
import { lloyd, nearestCentres, type LloydResult } from './lloyd.js';
import { rowSquaredNorms, squaredDistance, squaredDistances } from './squared-distances.js';

export type { KMeansInit } from './kmeans-init.js';

export interface KMeansOptions {
  /** Number of clusters (required), between 1 and the number of rows fitted. */
  nClusters: number;
  /** Independent runs from different seedings; the run with the lowest inertia is kept. Default 10. */
  nInit?: number;
  /** Maximum Lloyd iterations per run. Default 300. */
  maxIter?: number;
  /**
   * Stop a run when the total squared movement of the centres is at most tol × (mean variance of
   * the data's columns), as scikit-learn does. Default 1e-4.
   */
  tol?: number;
  /** Seeding: 'k-means++' (greedy, 2 + ⌊ln k⌋ candidates per centre) or 'random' rows. Default 'k-means++'. */
  init?: KMeansInit;
  /** Seed of the seedings: refitting the same data gives the same result. Default 0. */
  seed?: number;
}

export type KMeansConfig = Required<KMeansOptions> & ClustererConfig;

export const KMEANS_DEFAULTS = { nInit: 10, maxIter: 300, tol: 1e-4, init: 'k-means++', seed: 0 } as const;

/** k-means' options over its defaults, checked. */
export function kmeansConfig(options: KMeansOptions): KMeansConfig {
  checkOptionsObject('KMeans', options, 'nClusters');
  return {
    nClusters: checkInteger('nClusters', options.nClusters, 1),
    nInit: checkInteger('nInit', options.nInit ?? KMEANS_DEFAULTS.nInit, 1),
    maxIter: checkInteger('maxIter', options.maxIter ?? KMEANS_DEFAULTS.maxIter, 1),
    tol: checkNumber('tol', options.tol ?? KMEANS_DEFAULTS.tol, 0),
    init: checkChoice<KMeansInit>('init', options.init ?? KMEANS_DEFAULTS.init, ['k-means++', 'random']),
    seed: checkInteger('seed', options.seed ?? KMEANS_DEFAULTS.seed, 0),
  };
}

/** Runs k-means on a matrix: the restarts drawing from `random`, reporting each run. */
export function kmeansFit(
  raw: RowMatrix,
  config: Omit<KMeansConfig, 'seed'>,
  random: Random,
  onRun?: (run: number, result: LloydResult) => void,
): LloydResult {
  const k = config.nClusters;
  if (k > raw.rows) throw new OptionError(`nClusters must be at most the number of rows (${raw.rows}), got ${k}`);
  // Centring (as scikit-learn does) keeps ||x||² − 2x·c + ||c||² accurate for data far from 0.
  const { centred, mean } = centre(raw);
  const xNorms = rowSquaredNorms(centred);
  const tolerance = config.tol * meanColumnVariance(centred);
  let best: LloydResult | null = null;
  for (let run = 1; run <= config.nInit; run++) {
    const start = initialCentres(config.init, centred, xNorms, k, random);
    const result = lloyd(centred, xNorms, start, config.maxIter, tolerance);
    onRun?.(run, result);
    if (best === null || result.inertia < best.inertia) best = result;
  }
  const kept = best!;
  const d = raw.cols;
  for (let j = 0; j < k; j++) {
    for (let t = 0; t < d; t++) kept.centres.data[j * d + t]! += mean[t]!;
  }
  return kept;
}

export class KMeans extends Clusterer<KMeansConfig> {
  readonly kind = 'KMeans';
  private fitted: LloydResult | null = null;

  constructor(options: KMeansOptions) {
    super(kmeansConfig(options));
  }

  /** Cluster centres (k × columns); available after fit or load. */
  get centres(): RowMatrix {
    return this.model().centres;
  }

  /** Cluster of every row fitted (empty after load). */
  get labels(): Int32Array {
    return this.model().labels;
  }

  /** Sum of squared distances of the fitted rows to their centres. */
  get inertia(): number {
    return this.model().inertia;
  }

  /** Lloyd iterations of the kept run. */
  get iterations(): number {
    return this.model().iterations;
  }

  override fitSummary(): Record<string, number> {
    return { inertia: this.inertia, iterations: this.iterations };
  }

  protected async fitModel(x: SeriesInput, options: FitOptions): Promise<void> {
    const started = Date.now();
    const runs = this.config.nInit;
    this.fitted = kmeansFit(toRowMatrix(x), this.config, new Random(this.config.seed), (run, result) =>
      options.onProgress?.({ stage: 'k-means run', step: run, total: runs, seconds: (Date.now() - started) / 1000, metrics: { inertia: result.inertia, iterations: result.iterations } }),
    );
  }

  /** On the series fitted: their own clusters (the fit's last assignment, which matches the centres). */
  override async fitPredict(x: SeriesInput, options: FitOptions = {}): Promise<Int32Array> {
    await this.fit(x, options);
    return this.labels;
  }

  protected async assign(x: SeriesInput): Promise<Assignments> {
    const { centres } = this.model();
    const rows = toRowMatrix(x);
    checkColumns('data', rows.cols, centres.cols);
    const clusters = nearestCentres(rows, centres);
    // Only each row's own centre is measured: the full distance matrix is transform's job.
    const nearest = Float64Array.from(clusters, (c, i) => Math.sqrt(squaredDistance(rows, i, centres, c)));
    return { clusters, score: { name: 'distance', values: nearest } };
  }

  /** Euclidean distance of every row to every centre (rows × k). */
  async transform(x: SeriesInput): Promise<RowMatrix> {
    this.checkInput(x);
    return this.distances(x);
  }

  protected saveState(): EstimatorState {
    const fitted = this.model();
    return { state: { centres: matrixToArrays(fitted.centres), inertia: fitted.inertia, iterations: fitted.iterations }, weights: [] };
  }

  protected restoreState({ state }: EstimatorState, source: string): void {
    const centres = readMatrixField(state, 'centres', source);
    if (centres.rows !== this.config.nClusters) throw new OptionError(`${source}: saved KMeans has ${centres.rows} centres but nClusters = ${this.config.nClusters}`);
    this.fitted = { centres, labels: new Int32Array(0), inertia: Number(state['inertia']), iterations: Number(state['iterations']) };
  }

  private distances(x: SeriesInput): RowMatrix {
    const { centres } = this.model();
    const rows = toRowMatrix(x);
    checkColumns('data', rows.cols, centres.cols);
    const out = new Float64Array(rows.rows * centres.rows);
    squaredDistances(rows, rowSquaredNorms(rows), centres, rowSquaredNorms(centres), 0, rows.rows, out);
    for (let i = 0; i < out.length; i++) out[i] = Math.sqrt(Math.max(0, out[i]!));
    return { data: out, rows: rows.rows, cols: centres.rows };
  }

  private model(): LloydResult {
    if (this.fitted === null) throw new OptionError('KMeans is not fitted yet: call fit() or loadModel() first');
    return this.fitted;
  }
}

function centre(x: RowMatrix): { centred: RowMatrix; mean: Float64Array } {
  const { rows, cols, data } = x;
  const mean = new Float64Array(cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) mean[c]! += data[r * cols + c]!;
  for (let c = 0; c < cols; c++) mean[c]! /= rows;
  const centred = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) centred[r * cols + c] = data[r * cols + c]! - mean[c]!;
  return { centred: { data: centred, rows, cols }, mean };
}

/** Mean over columns of each column's variance, for data whose columns have mean 0. */
function meanColumnVariance(centred: RowMatrix): number {
  let s = 0;
  for (let i = 0; i < centred.data.length; i++) s += centred.data[i]! * centred.data[i]!;
  return s / centred.data.length;
}

/** --n-init, shared by the methods that restart and keep the best run. */
export const N_INIT_OPTION: MethodOption = {
  key: 'nInit',
  flags: '--n-init <n>',
  description: 'restarts, keeping the best run (kmeans: 10, gmm: 1)',
  parse: (v) => parseInteger('--n-init', v, 1),
};

export const KMEANS_METHOD: ClusteringMethod = {
  name: 'kmeans',
  description: 'k-means (k-means++ seeding, restarts keeping the lowest inertia) on the raw series',
  kind: 'KMeans',
  options: [N_INIT_OPTION],
  usesTensors: false,
  inDtcrTable: true,
  dtcrPaperColumn: 'KMeans',
  lafabregueColumn: 'kmeans',
  learnsFrom: 'clustered',
  fromConfig: (c) => new KMeans(c as ConstructorParameters<typeof KMeans>[0]),
  create: (v) => new KMeans({ nClusters: v.nClusters, seed: v.seed, nInit: numberValue(v, 'nInit') }),
};
