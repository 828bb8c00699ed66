/**
 * Gaussian mixture fitted by expectation-maximisation in log space (scikit-learn's algorithm):
 * k-means initialisation, full or diagonal covariances with regularisation, n_init restarts
 * keeping the highest lower bound. Written here because npm has no maintained EM with full
 * covariances and k-means initialisation.
 */
import { OptionError } from '../../core/errors.js';
import { Random } from '../../core/random.js';
import type { SeriesInput } from '../../nn/input.js';
import { Clusterer, type Assignments, type ClustererConfig, type EstimatorState } from '../base/estimator.js';
import type { FitOptions, ProgressCallback } from '../base/fit-options.js';
import { checkChoice, checkColumns, checkInteger, checkNumber, checkOptionsObject } from '../base/check-options.js';
import {
  componentsFrom,
  estimateComponents,
  weightedLogProbabilities,
  type CovarianceType,
  type GaussianComponents,
} from './gaussian-components.js';
import { kmeansFit, KMEANS_DEFAULTS, N_INIT_OPTION } from './kmeans.js';
import { numberValue, type ClusteringMethod } from '../base/method-spec.js';
import { logSumExp } from './log-sum-exp.js';
import { toRowMatrix, type RowMatrix } from '../base/matrix.js';
import { readMatrixField } from '../../core/model-files.js';

export type { CovarianceType } from './gaussian-components.js';

export interface GaussianMixtureOptions {
  /** Number of components (required), between 1 and the number of rows fitted. */
  nClusters: number;
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
  /** Seed of the k-means initialisations. Default 0. */
  seed?: number;
}

export type GaussianMixtureConfig = Required<GaussianMixtureOptions> & ClustererConfig;

interface Fitted {
  components: GaussianComponents;
  lowerBound: number;
  iterations: number;
  converged: boolean;
}

export class GaussianMixture extends Clusterer<GaussianMixtureConfig> {
  readonly kind = 'GaussianMixture';
  private fitted: Fitted | null = null;

  constructor(options: GaussianMixtureOptions) {
    checkOptionsObject('GaussianMixture', options, 'nClusters');
    super({
      nClusters: checkInteger('nClusters', options.nClusters, 1),
      covarianceType: checkChoice<CovarianceType>('covarianceType', options.covarianceType ?? 'full', ['full', 'diag']),
      regCovar: checkNumber('regCovar', options.regCovar ?? 1e-6, 0),
      maxIter: checkInteger('maxIter', options.maxIter ?? 100, 1),
      tol: checkNumber('tol', options.tol ?? 1e-3, 0),
      nInit: checkInteger('nInit', options.nInit ?? 1, 1),
      seed: checkInteger('seed', options.seed ?? 0, 0),
    });
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

  override fitSummary(): Record<string, number | boolean> {
    return { lowerBound: this.lowerBound, iterations: this.iterations, converged: this.converged };
  }

  protected async fitModel(input: SeriesInput, options: FitOptions): Promise<void> {
    const x = toRowMatrix(input);
    const random = new Random(this.config.seed);
    const started = Date.now();
    let best: Fitted | null = null;
    for (let init = 1; init <= this.config.nInit; init++) {
      const result = this.runEm(x, init, random.fork(), started, options.onProgress);
      if (best === null || result.lowerBound > best.lowerBound) best = result;
    }
    this.fitted = best!;
  }

  /** Most likely component of every row, with its probability. */
  protected async assign(input: SeriesInput): Promise<Assignments> {
    const { logResp, k, rows } = this.logResponsibilities(input);
    const clusters = new Int32Array(rows);
    const probability = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      let best = 0;
      for (let j = 1; j < k; j++) if (logResp[i * k + j]! > logResp[i * k + best]!) best = j;
      clusters[i] = best;
      probability[i] = Math.exp(logResp[i * k + best]!);
    }
    return { clusters, score: { name: 'probability', values: probability } };
  }

  /** Posterior probability of every component for every row (rows × k; each row sums to 1). */
  async predictProba(input: SeriesInput): Promise<RowMatrix> {
    this.checkInput(input);
    const { logResp, k, rows } = this.logResponsibilities(input);
    return { data: logResp.map(Math.exp), rows, cols: k };
  }

  /** Mean log-likelihood of the rows under the model. */
  async score(input: SeriesInput): Promise<number> {
    this.checkInput(input);
    const { logNorm } = this.logResponsibilities(input);
    let s = 0;
    for (let i = 0; i < logNorm.length; i++) s += logNorm[i]!;
    return s / logNorm.length;
  }

  protected saveState(): EstimatorState {
    const { components, lowerBound, iterations, converged } = this.model();
    const { k, d } = components;
    const block = this.config.covarianceType === 'full' ? d * d : d;
    return {
      state: {
        mixtureWeights: Array.from(components.weights),
        means: Array.from({ length: k }, (_, j) => Array.from(components.means.subarray(j * d, (j + 1) * d))),
        covariances: Array.from({ length: k }, (_, j) => Array.from(components.covariances.subarray(j * block, (j + 1) * block))),
        lowerBound,
        iterations,
        converged,
      },
      weights: [],
    };
  }

  protected restoreState({ state }: EstimatorState, source: string): void {
    const k = this.config.nClusters;
    const means = readMatrixField(state, 'means', source);
    const covariances = readMatrixField(state, 'covariances', source);
    const weights = Float64Array.from(state['mixtureWeights'] as number[]);
    const d = means.cols;
    const block = this.config.covarianceType === 'full' ? d * d : d;
    if (means.rows !== k || covariances.rows !== k || weights.length !== k || covariances.cols !== block) {
      throw new OptionError(`saved GaussianMixture in ${source} has inconsistent shapes for nClusters = ${k}`);
    }
    this.fitted = {
      components: componentsFrom(this.config.covarianceType, weights, means.data, covariances.data, d),
      lowerBound: Number(state['lowerBound']),
      iterations: Number(state['iterations']),
      converged: Boolean(state['converged']),
    };
  }

  private runEm(x: RowMatrix, init: number, random: Random, started: number, onProgress: ProgressCallback | undefined): Fitted {
    const { rows: n } = x;
    const { nClusters: k, regCovar, covarianceType, maxIter, tol, nInit } = this.config;
    const { labels } = kmeansFit(x, { ...KMEANS_DEFAULTS, nClusters: k, nInit: 1 }, random);
    const resp = new Float64Array(n * k);
    for (let i = 0; i < n; i++) resp[i * k + labels[i]!] = 1;
    let components = estimateComponents(x, resp, k, regCovar, covarianceType);
    let lowerBound = -Infinity;
    let iterations = 0;
    let converged = false;
    for (let iteration = 1; iteration <= maxIter; iteration++) {
      iterations = iteration;
      const previous = lowerBound;
      const step = eStep(x, components);
      for (let i = 0; i < resp.length; i++) resp[i] = Math.exp(step.logResp[i]!);
      components = estimateComponents(x, resp, k, regCovar, covarianceType);
      lowerBound = step.meanLogNorm;
      onProgress?.({ stage: `EM iteration (init ${init} of ${nInit})`, step: iteration, total: maxIter, seconds: (Date.now() - started) / 1000, metrics: { lowerBound } });
      if (Math.abs(lowerBound - previous) < tol) {
        converged = true;
        break;
      }
    }
    return { components, lowerBound, iterations, converged };
  }

  private logResponsibilities(input: SeriesInput): { logResp: Float64Array; logNorm: Float64Array; k: number; rows: number } {
    const { components } = this.model();
    const x = toRowMatrix(input);
    checkColumns('data', x.cols, components.d);
    return { ...eStep(x, components), k: components.k, rows: x.rows };
  }

  private model(): Fitted {
    if (this.fitted === null) {
      throw new OptionError('GaussianMixture is not fitted yet: call fit() or loadModel() first');
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

export const GAUSSIAN_MIXTURE_METHOD: ClusteringMethod = {
  name: 'gmm',
  description: 'Gaussian mixture (EM from k-means, as scikit-learn) on the raw series; predict gives each row its probability',
  kind: 'GaussianMixture',
  options: [
    N_INIT_OPTION,
    {
      key: 'covarianceType',
      flags: '--covariance-type <type>',
      description: "gmm: 'full' or 'diag' covariances (default full)",
      parse: (v) => checkChoice<CovarianceType>('--covariance-type', String(v), ['full', 'diag']),
    },
  ],
  usesTensors: false,
  inDtcrTable: false,
  learnsFrom: 'clustered',
  fromConfig: (c) => new GaussianMixture(c as ConstructorParameters<typeof GaussianMixture>[0]),
  create: (v) =>
    new GaussianMixture({
      nClusters: v.nClusters,
      seed: v.seed,
      nInit: numberValue(v, 'nInit'),
      ...(v['covarianceType'] !== undefined ? { covarianceType: v['covarianceType'] as CovarianceType } : {}),
    }),
};
