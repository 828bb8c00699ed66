/**
 * k-means (Lloyd's algorithm) with k-means++ seeding, n_init restarts keeping the lowest inertia,
 * scikit-learn's tolerance and empty-cluster repair. Written here because npm's k-means packages
 * lack restarts, sklearn-compatible stopping or speed on 10⁵ × 400 data.
 */
import { OptionError } from '../core/errors.js';
import { Random, type Seed } from '../core/random.js';
import { checkChoice, checkColumns, checkInteger, checkNumber } from './check-options.js';
import { initialCentres, type KMeansInit } from './kmeans-init.js';
import { matrixToArrays, toRowMatrix, type MatrixInput, type RowMatrix } from './matrix.js';
import { modelFilePath, readMatrixField, readModelFile, writeModelFile } from './model-file.js';
import { rowSquaredNorms, squaredDistance, squaredDistances } from './squared-distances.js';

export type { KMeansInit } from './kmeans-init.js';

export interface KMeansOptions {
  /** Number of clusters (required), between 1 and the number of rows fitted. */
  k: number;
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
  /** Seed or generator for the seeding. Default 0. */
  seed?: Seed;
  /** Called after each run (1-based) with its iterations and inertia. */
  onProgress?: (progress: KMeansProgress) => void;
}

export interface KMeansProgress {
  run: number;
  runs: number;
  iterations: number;
  inertia: number;
}

interface Fitted {
  centres: RowMatrix;
  labels: Int32Array;
  inertia: number;
  iterations: number;
}

const KIND = 'KMeans';
const FILE_VERSION = 1;
/** Rows per block of the distance computation: keeps the block's distances in cache. */
const BLOCK_ROWS = 256;

export class KMeans {
  readonly k: number;
  readonly nInit: number;
  readonly maxIter: number;
  readonly tol: number;
  readonly init: KMeansInit;
  private readonly random: Random;
  private readonly onProgress: ((progress: KMeansProgress) => void) | undefined;
  private fitted: Fitted | null = null;

  constructor(options: KMeansOptions) {
    if (options === undefined || options === null || typeof options !== 'object') {
      throw new OptionError('KMeans needs an options object with k');
    }
    this.k = checkInteger('k', options.k, 1);
    this.nInit = checkInteger('nInit', options.nInit ?? 10, 1);
    this.maxIter = checkInteger('maxIter', options.maxIter ?? 300, 1);
    this.tol = checkNumber('tol', options.tol ?? 1e-4, 0);
    this.init = checkChoice<KMeansInit>('init', options.init ?? 'k-means++', ['k-means++', 'random']);
    this.random = Random.from(options.seed);
    this.onProgress = options.onProgress;
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

  fit(input: MatrixInput): this {
    const raw = toRowMatrix(input);
    if (this.k > raw.rows) {
      throw new OptionError(`k must be at most the number of rows (${raw.rows}), got ${this.k}`);
    }
    // Centring (as scikit-learn does) keeps ||x||² − 2x·c + ||c||² accurate for data far from 0.
    const { centred, mean } = centre(raw);
    const xNorms = rowSquaredNorms(centred);
    const tolerance = this.tol * meanColumnVariance(centred);
    let best: Fitted | null = null;
    for (let run = 1; run <= this.nInit; run++) {
      const start = initialCentres(this.init, centred, xNorms, this.k, this.random);
      const result = lloyd(centred, xNorms, start, this.maxIter, tolerance);
      this.onProgress?.({ run, runs: this.nInit, iterations: result.iterations, inertia: result.inertia });
      if (best === null || result.inertia < best.inertia) best = result;
    }
    const kept = best!;
    const d = raw.cols;
    for (let j = 0; j < this.k; j++) {
      for (let t = 0; t < d; t++) kept.centres.data[j * d + t]! += mean[t]!;
    }
    this.fitted = kept;
    return this;
  }

  /** Index of the nearest centre for every row. */
  predict(input: MatrixInput): Int32Array {
    const { centres } = this.model();
    const x = toRowMatrix(input);
    checkColumns('data', x.cols, centres.cols);
    return assign(x, rowSquaredNorms(x), centres).labels;
  }

  fitPredict(input: MatrixInput): Int32Array {
    return this.fit(input).labels;
  }

  /** Euclidean distance of every row to every centre (rows × k). */
  transform(input: MatrixInput): RowMatrix {
    const { centres } = this.model();
    const x = toRowMatrix(input);
    checkColumns('data', x.cols, centres.cols);
    const out = new Float64Array(x.rows * this.k);
    squaredDistances(x, rowSquaredNorms(x), centres, rowSquaredNorms(centres), 0, x.rows, out);
    for (let i = 0; i < out.length; i++) out[i] = Math.sqrt(out[i]!);
    return { data: out, rows: x.rows, cols: this.k };
  }

  /** Writes `dir/model.json` atomically: options, centres, inertia and iterations. */
  save(dir: string): void {
    const fitted = this.model();
    writeModelFile(dir, KIND, FILE_VERSION, {
      options: { k: this.k, nInit: this.nInit, maxIter: this.maxIter, tol: this.tol, init: this.init },
      centres: matrixToArrays(fitted.centres),
      inertia: fitted.inertia,
      iterations: fitted.iterations,
    });
  }

  static load(dir: string): KMeans {
    const file = readModelFile(dir, KIND, FILE_VERSION);
    const options = file['options'] as KMeansOptions;
    const model = new KMeans(options);
    const centres = readMatrixField(file, 'centres', modelFilePath(dir));
    if (centres.rows !== model.k) throw new OptionError(`saved KMeans has ${centres.rows} centres but k = ${model.k}`);
    model.fitted = {
      centres,
      labels: new Int32Array(0),
      inertia: Number(file['inertia']),
      iterations: Number(file['iterations']),
    };
    return model;
  }

  private model(): Fitted {
    if (this.fitted === null) throw new OptionError('KMeans is not fitted yet: call fit() or KMeans.load() first');
    return this.fitted;
  }
}

/** One Lloyd run from `start`, following scikit-learn's stopping rules. */
function lloyd(x: RowMatrix, xNorms: Float64Array, start: RowMatrix, maxIter: number, tolerance: number): Fitted {
  const { rows: n, cols: d } = x;
  const k = start.rows;
  let centres = start;
  let labels: Int32Array = new Int32Array(n).fill(-1);
  let iterations = 0;
  let strict = false;
  for (let it = 0; it < maxIter; it++) {
    iterations = it + 1;
    const step = assign(x, xNorms, centres);
    const sums = new Float64Array(k * d);
    const counts = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      const j = step.labels[i]!;
      counts[j]!++;
      const row = i * d;
      const c = j * d;
      for (let t = 0; t < d; t++) sums[c + t]! += x.data[row + t]!;
    }
    relocateEmptyClusters(x, step.labels, step.distances, sums, counts);
    let shift = 0;
    for (let j = 0; j < k; j++) {
      // A cluster still empty after the repair (more empty clusters than usable points) stays put.
      const count = counts[j]!;
      const inv = 1 / count;
      for (let t = 0; t < d; t++) {
        const value = count > 0 ? sums[j * d + t]! * inv : centres.data[j * d + t]!;
        const move = value - centres.data[j * d + t]!;
        shift += move * move;
        sums[j * d + t] = value;
      }
    }
    centres = { data: sums, rows: k, cols: d };
    const unchanged = step.labels.every((label, i) => label === labels[i]);
    labels = step.labels;
    if (unchanged) {
      strict = true;
      break;
    }
    if (shift <= tolerance) break;
  }
  // The centres moved after the last assignment: assign once more so labels match them.
  if (!strict) labels = assign(x, xNorms, centres).labels;
  let inertia = 0;
  for (let i = 0; i < n; i++) inertia += squaredDistance(x, i, centres, labels[i]!);
  return { centres, labels, inertia, iterations };
}

/** Nearest centre and its squared distance for every row. */
function assign(
  x: RowMatrix,
  xNorms: Float64Array,
  centres: RowMatrix,
): { labels: Int32Array; distances: Float64Array } {
  const n = x.rows;
  const k = centres.rows;
  const centreNorms = rowSquaredNorms(centres);
  const labels = new Int32Array(n);
  const distances = new Float64Array(n);
  const block = new Float64Array(BLOCK_ROWS * k);
  for (let start = 0; start < n; start += BLOCK_ROWS) {
    const end = Math.min(n, start + BLOCK_ROWS);
    squaredDistances(x, xNorms, centres, centreNorms, start, end, block);
    for (let i = start; i < end; i++) {
      const offset = (i - start) * k;
      let best = 0;
      let bestDistance = block[offset]!;
      for (let j = 1; j < k; j++) {
        const v = block[offset + j]!;
        if (v < bestDistance) {
          bestDistance = v;
          best = j;
        }
      }
      labels[i] = best;
      distances[i] = bestDistance;
    }
  }
  return { labels, distances };
}

/**
 * Gives every empty cluster one of the points farthest from their centres (scikit-learn's repair):
 * the point moves its contribution from its old cluster's sum to the empty one.
 */
function relocateEmptyClusters(
  x: RowMatrix,
  labels: Int32Array,
  distances: Float64Array,
  sums: Float64Array,
  counts: Float64Array,
): void {
  const empty: number[] = [];
  counts.forEach((count, j) => {
    if (count === 0) empty.push(j);
  });
  if (empty.length === 0) return;
  const d = x.cols;
  const farthest = Array.from(distances.keys())
    .sort((a, b) => distances[b]! - distances[a]! || a - b)
    .slice(0, empty.length);
  empty.forEach((cluster, e) => {
    const point = farthest[e]!;
    const old = labels[point]!;
    for (let t = 0; t < d; t++) {
      const v = x.data[point * d + t]!;
      sums[old * d + t]! -= v;
      sums[cluster * d + t] = v;
    }
    counts[old]!--;
    counts[cluster] = 1;
  });
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
