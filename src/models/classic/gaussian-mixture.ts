/**
 * Gaussian mixture fitted by expectation-maximisation in log space (scikit-learn's algorithm):
 * k-means initialisation, full or diagonal covariances with regularisation, n_init restarts
 * keeping the highest lower bound. Written here because npm has no maintained EM with full
 * covariances and k-means initialisation.
 */
import { OptionError } from '../../core/errors.js';
import { Random, type Seed } from '../../core/random.js';
import { checkChoice, checkColumns, checkInteger, checkNumber } from '../base/check-options.js';
import {
  componentsFrom,
  estimateComponents,
  weightedLogProbabilities,
  type CovarianceType,
  type GaussianComponents,
} from './gaussian-components.js';
import { KMeans } from './kmeans.js';
import { logSumExp } from './log-sum-exp.js';
import { toRowMatrix, type MatrixInput, type RowMatrix } from '../base/matrix.js';
import { readMatrixField, readModelFiles, writeModelFiles } from '../../core/model-files.js';

export type { CovarianceType } from './gaussian-components.js';

export interface GaussianMixtureOptions {
  /** Number of components (required), between 1 and the number of rows fitted. */
  k: number;
  /** 'full' (one full covariance per component) or 'diag' (variances only). Default 'full'. */
  covarianceType?: CovarianceType;
  /** Added to the covariance diagonals so that they stay positive definite. Default 1e-6. */
  regCovar?: number;
  /** Maximum EM iterations per initialisation. Default 100. */
  maxIter?: number;
  /** Stop when the mean log-likelihood lower bound changes by less than this. Default 1e-3. */
  tol?: number;
  /** Initialisations (each from a k-means run); the highest lower bound is kept. Default 1. */
  nInit?: number;
  /**
   * Seed for the k-means initialisations: a number makes every fit start from the same stream; a
   * `Random` is drawn from and advances. Default 0.
   */
  seed?: Seed;
  /** Called after each EM iteration with the current lower bound. */
  onProgress?: (progress: GaussianMixtureProgress) => void;
}

export interface GaussianMixtureProgress {
  init: number;
  inits: number;
  iteration: number;
  lowerBound: number;
}

interface Fitted {
  components: GaussianComponents;
  lowerBound: number;
  iterations: number;
  converged: boolean;
}

const KIND = 'GaussianMixture';

export class GaussianMixture {
  readonly k: number;
  readonly covarianceType: CovarianceType;
  readonly regCovar: number;
  readonly maxIter: number;
  readonly tol: number;
  readonly nInit: number;
  private readonly seed: Seed;
  private readonly onProgress: ((progress: GaussianMixtureProgress) => void) | undefined;
  private fitted: Fitted | null = null;

  constructor(options: GaussianMixtureOptions) {
    if (options === undefined || options === null || typeof options !== 'object') {
      throw new OptionError('GaussianMixture needs an options object with k');
    }
    this.k = checkInteger('k', options.k, 1);
    this.covarianceType = checkChoice<CovarianceType>('covarianceType', options.covarianceType ?? 'full', ['full', 'diag']);
    this.regCovar = checkNumber('regCovar', options.regCovar ?? 1e-6, 0);
    this.maxIter = checkInteger('maxIter', options.maxIter ?? 100, 1);
    this.tol = checkNumber('tol', options.tol ?? 1e-3, 0);
    this.nInit = checkInteger('nInit', options.nInit ?? 1, 1);
    this.seed = options.seed ?? 0;
    this.onProgress = options.onProgress;
  }

  /** Mixing weights (k). */
  get weights(): Float64Array {
    return this.model().components.weights;
  }

  /** Component means (k × d). */
  get means(): RowMatrix {
    const { means, k, d } = this.model().components;
    return { data: means, rows: k, cols: d };
  }

  /** 'full': k × d × d (component-major, row-major blocks); 'diag': k × d variances. */
  get covariances(): Float64Array {
    return this.model().components.covariances;
  }

  /** Mean log-likelihood lower bound of the kept fit on its training data. */
  get lowerBound(): number {
    return this.model().lowerBound;
  }

  /** EM iterations of the kept initialisation. */
  get iterations(): number {
    return this.model().iterations;
  }

  /** Whether the kept initialisation met the tolerance before maxIter. */
  get converged(): boolean {
    return this.model().converged;
  }

  fit(input: MatrixInput): this {
    const x = toRowMatrix(input);
    if (this.k > x.rows) throw new OptionError(`k must be at most the number of rows (${x.rows}), got ${this.k}`);
    const random = Random.from(this.seed);
    let best: Fitted | null = null;
    for (let init = 1; init <= this.nInit; init++) {
      const result = this.runEm(x, init, random.fork());
      if (best === null || result.lowerBound > best.lowerBound) best = result;
    }
    this.fitted = best!;
    return this;
  }

  /** Most likely component of every row. */
  predict(input: MatrixInput): Int32Array {
    const { logResp, k, rows } = this.logResponsibilities(input);
    const labels = new Int32Array(rows);
    for (let i = 0; i < rows; i++) {
      let best = 0;
      for (let j = 1; j < k; j++) if (logResp[i * k + j]! > logResp[i * k + best]!) best = j;
      labels[i] = best;
    }
    return labels;
  }

  fitPredict(input: MatrixInput): Int32Array {
    return this.fit(input).predict(input);
  }

  /** Posterior probability of every component for every row (rows × k; each row sums to 1). */
  predictProba(input: MatrixInput): RowMatrix {
    const { logResp, k, rows } = this.logResponsibilities(input);
    return { data: logResp.map(Math.exp), rows, cols: k };
  }

  /** Mean log-likelihood of the rows under the model. */
  score(input: MatrixInput): number {
    const { logNorm } = this.logResponsibilities(input);
    let s = 0;
    for (let i = 0; i < logNorm.length; i++) s += logNorm[i]!;
    return s / logNorm.length;
  }

  /** Writes `dir/model.json` atomically: options, mixture weights, means, covariances and fit statistics. */
  save(dir: string): void {
    const { components, lowerBound, iterations, converged } = this.model();
    const { k, d } = components;
    const block = this.covarianceType === 'full' ? d * d : d;
    writeModelFiles<GaussianMixtureOptions, Record<string, unknown>>(dir, {
      kind: KIND,
      config: {
        k: this.k,
        covarianceType: this.covarianceType,
        regCovar: this.regCovar,
        maxIter: this.maxIter,
        tol: this.tol,
        nInit: this.nInit,
      },
      state: {
        mixtureWeights: Array.from(components.weights),
        means: Array.from({ length: k }, (_, j) => Array.from(components.means.subarray(j * d, (j + 1) * d))),
        covariances: Array.from({ length: k }, (_, j) =>
          Array.from(components.covariances.subarray(j * block, (j + 1) * block)),
        ),
        lowerBound,
        iterations,
        converged,
      },
      weights: [],
    });
  }

  static load(dir: string): GaussianMixture {
    const { config, state } = readModelFiles<GaussianMixtureOptions, Record<string, unknown>>(dir, KIND);
    const model = new GaussianMixture(config);
    const means = readMatrixField(state, 'means', dir);
    const covariances = readMatrixField(state, 'covariances', dir);
    const weights = Float64Array.from(state['mixtureWeights'] as number[]);
    const d = means.cols;
    const block = model.covarianceType === 'full' ? d * d : d;
    if (means.rows !== model.k || covariances.rows !== model.k || weights.length !== model.k || covariances.cols !== block) {
      throw new OptionError(`saved GaussianMixture in ${dir} has inconsistent shapes for k = ${model.k}`);
    }
    model.fitted = {
      components: componentsFrom(model.covarianceType, weights, means.data, covariances.data, d),
      lowerBound: Number(state['lowerBound']),
      iterations: Number(state['iterations']),
      converged: Boolean(state['converged']),
    };
    return model;
  }

  private runEm(x: RowMatrix, init: number, random: Random): Fitted {
    const { rows: n } = x;
    const k = this.k;
    const labels = new KMeans({ k, nInit: 1, seed: random }).fitPredict(x);
    const resp = new Float64Array(n * k);
    for (let i = 0; i < n; i++) resp[i * k + labels[i]!] = 1;
    let components = estimateComponents(x, resp, k, this.regCovar, this.covarianceType);
    let lowerBound = -Infinity;
    let iterations = 0;
    let converged = false;
    for (let iteration = 1; iteration <= this.maxIter; iteration++) {
      iterations = iteration;
      const previous = lowerBound;
      const step = eStep(x, components);
      for (let i = 0; i < resp.length; i++) resp[i] = Math.exp(step.logResp[i]!);
      components = estimateComponents(x, resp, k, this.regCovar, this.covarianceType);
      lowerBound = step.meanLogNorm;
      this.onProgress?.({ init, inits: this.nInit, iteration, lowerBound });
      if (Math.abs(lowerBound - previous) < this.tol) {
        converged = true;
        break;
      }
    }
    return { components, lowerBound, iterations, converged };
  }

  private logResponsibilities(input: MatrixInput): { logResp: Float64Array; logNorm: Float64Array; k: number; rows: number } {
    const { components } = this.model();
    const x = toRowMatrix(input);
    checkColumns('data', x.cols, components.d);
    return { ...eStep(x, components), k: components.k, rows: x.rows };
  }

  private model(): Fitted {
    if (this.fitted === null) {
      throw new OptionError('GaussianMixture is not fitted yet: call fit() or GaussianMixture.load() first');
    }
    return this.fitted;
  }
}

/** Log responsibilities (n × k) and the per-row log normaliser, from weighted log densities. */
function eStep(
  x: RowMatrix,
  components: GaussianComponents,
): { logResp: Float64Array; logNorm: Float64Array; meanLogNorm: number } {
  const { k } = components;
  const n = x.rows;
  const logResp = new Float64Array(n * k);
  weightedLogProbabilities(x, components, logResp);
  const logNorm = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const norm = logSumExp(logResp, i * k, k);
    logNorm[i] = norm;
    total += norm;
    for (let j = 0; j < k; j++) logResp[i * k + j]! -= norm;
  }
  return { logResp, logNorm, meanLogNorm: total / n };
}
