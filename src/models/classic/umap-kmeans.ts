/**
 * k-means on a UMAP embedding, the best classical pipeline of Lafabregue et al.'s comparative study
 * (DMKD 2022): 10 neighbours, minimum distance 0, as many components as clusters, then k-means
 * with 10 restarts. Works on any rows: raw series or a learned representation. UMAP is umap-js
 * (the reference algorithm ported from umap-learn; random rather than spectral initial layout),
 * driven by Tempora's seeded `Random`.
 */
import { UMAP } from 'umap-js';
import { OptionError } from '../../core/errors.js';
import { readMatrixField, readModelFiles, writeModelFiles } from '../../core/model-files.js';
import { Random } from '../../core/random.js';
import type { LabelledSplit } from '../../data/types.js';
import { checkColumns, checkInteger, checkNumber } from '../check-options.js';
import { KMeans } from '../kmeans.js';
import { matrixToArrays, toRowMatrix, type MatrixInput, type RowMatrix } from '../matrix.js';
import { toSeriesSet } from '../distances/series-set.js';

export interface UmapKMeansOptions {
  /** Number of clusters (required), at least 1 and below the number of rows fitted. */
  k: number;
  /** UMAP's neighbourhood size (capped at rows − 1). Default 10. */
  nNeighbors?: number;
  /** UMAP's minimum distance between embedded points. Default 0. */
  minDist?: number;
  /** Dimensions of the embedding. Default k. */
  nComponents?: number;
  /**
   * UMAP's optimisation epochs, rounded up to a multiple of 3 (umap-js's transform runs a third of
   * them and never ends on a fraction); default umap-js's (500 up to 2 500 rows, fewer above).
   */
  nEpochs?: number;
  /** k-means restarts on the embedding. Default 10. */
  nInit?: number;
  /** Seed of UMAP and k-means: the same seed gives the same result. Default 0. */
  seed?: number;
  /** Called after each UMAP epoch. */
  onProgress?: (progress: UmapProgress) => void;
}

export interface UmapProgress {
  epoch: number;
  epochs: number;
}

/** Rows of a matrix, or the series of a split (channels laid end to end). */
export type UmapInput = MatrixInput | LabelledSplit;

const KIND = 'UmapKMeans';

interface Fitted {
  umap: UMAP;
  kmeans: KMeans;
  /** The rows fitted: umap-js cannot be saved, so a loaded model refits them with the same seed. */
  rows: RowMatrix;
  embedding: RowMatrix;
}

export class UmapKMeans {
  readonly k: number;
  readonly nNeighbors: number;
  readonly minDist: number;
  readonly nComponents: number;
  readonly nEpochs: number | undefined;
  readonly nInit: number;
  readonly seed: number;
  private readonly onProgress: ((progress: UmapProgress) => void) | undefined;
  private fitted: Fitted | null = null;

  constructor(options: UmapKMeansOptions) {
    if (options === undefined || options === null || typeof options !== 'object') {
      throw new OptionError('UmapKMeans needs an options object with k');
    }
    this.k = checkInteger('k', options.k, 1);
    this.nNeighbors = checkInteger('nNeighbors', options.nNeighbors ?? 10, 2);
    this.minDist = checkNumber('minDist', options.minDist ?? 0, 0);
    this.nComponents = checkInteger('nComponents', options.nComponents ?? this.k, 1);
    this.nEpochs = options.nEpochs === undefined ? undefined : 3 * Math.ceil(checkInteger('nEpochs', options.nEpochs, 1) / 3);
    this.nInit = checkInteger('nInit', options.nInit ?? 10, 1);
    this.seed = checkNumber('seed', options.seed ?? 0, -Number.MAX_VALUE);
    this.onProgress = options.onProgress;
  }

  /** The embedding of the rows fitted (rows × nComponents). */
  get embedding(): RowMatrix {
    return this.model().embedding;
  }

  /** Cluster of every row fitted. */
  get labels(): Int32Array {
    return this.model().kmeans.labels;
  }

  fit(input: UmapInput): this {
    const rows = asRows(input);
    if (rows.rows < 3 || this.k >= rows.rows) {
      throw new OptionError(`UMAP + k-means needs at least 3 rows and k below the number of rows; got ${rows.rows} rows and k = ${this.k}`);
    }
    const random = new Random(this.seed);
    const umap = new UMAP({
      nNeighbors: Math.min(this.nNeighbors, rows.rows - 1),
      minDist: this.minDist,
      nComponents: this.nComponents,
      ...(this.nEpochs === undefined ? {} : { nEpochs: this.nEpochs }),
      random: () => random.next(),
    });
    const epochs = umap.initializeFit(matrixToArrays(rows));
    for (let epoch = 1; epoch <= epochs; epoch++) {
      umap.step();
      this.onProgress?.({ epoch, epochs });
    }
    const embedding = toRowMatrix(umap.getEmbedding(), 'UMAP embedding');
    const kmeans = new KMeans({ k: this.k, nInit: this.nInit, seed: random.fork() }).fit(embedding);
    this.fitted = { umap, kmeans, rows, embedding };
    return this;
  }

  fitPredict(input: UmapInput): Int32Array {
    return this.fit(input).labels;
  }

  /** New rows placed in the fitted embedding (umap-js's transform), rows × nComponents. */
  transform(input: UmapInput): RowMatrix {
    const { umap, rows } = this.model();
    const x = asRows(input);
    checkColumns('data', x.cols, rows.cols);
    return toRowMatrix(umap.transform(matrixToArrays(x)), 'UMAP embedding');
  }

  /** The k-means cluster of every new row's place in the embedding. */
  predict(input: UmapInput): Int32Array {
    return this.model().kmeans.predict(this.transform(input));
  }

  /** Writes `dir/model.json` atomically: the options and the rows fitted (a loaded model refits them, identically). */
  save(dir: string): void {
    const { rows } = this.model();
    writeModelFiles<UmapKMeansOptions, Record<string, unknown>>(dir, {
      kind: KIND,
      config: {
        k: this.k,
        nNeighbors: this.nNeighbors,
        minDist: this.minDist,
        nComponents: this.nComponents,
        ...(this.nEpochs === undefined ? {} : { nEpochs: this.nEpochs }),
        nInit: this.nInit,
        seed: this.seed,
      },
      state: { rows: matrixToArrays(rows) },
      weights: [],
    });
  }

  static load(dir: string): UmapKMeans {
    const { config, state } = readModelFiles<UmapKMeansOptions, Record<string, unknown>>(dir, KIND);
    return new UmapKMeans(config).fit(readMatrixField(state, 'rows', dir));
  }

  private model(): Fitted {
    if (this.fitted === null) throw new OptionError('UmapKMeans is not fitted yet: call fit() or UmapKMeans.load() first');
    return this.fitted;
  }
}

function asRows(input: UmapInput): RowMatrix {
  if ('series' in input) {
    const set = toSeriesSet(input);
    return { data: set.data, rows: set.rows, cols: set.channels * set.length };
  }
  return toRowMatrix(input);
}
