/**
 * The parameters of a mixture of Gaussians (weights, means, full or diagonal covariances with their
 * precision Cholesky factors), their estimation from responsibilities (the M-step) and the weighted
 * log densities of rows (the heart of the E-step). Follows scikit-learn's formulas. With the native
 * addon the heavy loops run there (src/backend/clustering-kernels.ts); without it, here, on four rows
 * at a time so that each matrix value loaded serves four multiply-adds.
 */
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { clusteringKernels } from '../../backend/clustering-kernels.js';
import { OptionError } from '../../core/errors.js';
import type { RowMatrix } from '../base/matrix.js';

export type CovarianceType = 'full' | 'diag';

export interface GaussianComponents {
  readonly covarianceType: CovarianceType;
  /** Number of components. */
  readonly k: number;
  /** Number of dimensions. */
  readonly d: number;
  /** Mixing weights, summing to 1. */
  readonly weights: Float64Array;
  /** k × d means, row-major. */
  readonly means: Float64Array;
  /** 'full': k blocks of d × d row-major; 'diag': k × d variances. */
  readonly covariances: Float64Array;
  /** 'full': k blocks of L⁻¹ (lower triangular, covariance = L Lᵀ); 'diag': k × d of 1/σ. */
  readonly precisionCholesky: Float64Array;
  /** log det of each precision Cholesky factor. */
  readonly logDetPrecisionCholesky: Float64Array;
}

const LOG_2PI = Math.log(2 * Math.PI);
const EPS = 2.220446049250313e-16;

/** Components from weights, means and covariances: computes the precision factors. */
export function componentsFrom(
  covarianceType: CovarianceType,
  weights: Float64Array,
  means: Float64Array,
  covariances: Float64Array,
  d: number,
): GaussianComponents {
  const k = weights.length;
  const precisionCholesky = new Float64Array(covariances.length);
  const logDet = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    if (covarianceType === 'diag') {
      let s = 0;
      for (let t = 0; t < d; t++) {
        const variance = covariances[j * d + t]!;
        if (!(variance > 0)) throw illDefined();
        const p = 1 / Math.sqrt(variance);
        precisionCholesky[j * d + t] = p;
        s += Math.log(p);
      }
      logDet[j] = s;
    } else {
      const inverse = inverseCholesky(covariances.subarray(j * d * d, (j + 1) * d * d), d);
      precisionCholesky.set(inverse, j * d * d);
      let s = 0;
      for (let t = 0; t < d; t++) s += Math.log(inverse[t * d + t]!);
      logDet[j] = s;
    }
  }
  return { covarianceType, k, d, weights, means, covariances, precisionCholesky, logDetPrecisionCholesky: logDet };
}

/** The M-step: components from responsibilities `resp` (n × k, row-major). */
export function estimateComponents(
  x: RowMatrix,
  resp: Float64Array,
  k: number,
  regCovar: number,
  covarianceType: CovarianceType,
): GaussianComponents {
  const { rows: n, cols: d, data } = x;
  const nk = new Float64Array(k).fill(10 * EPS);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) nk[j]! += resp[i * k + j]!;
  const means = new Float64Array(k * d);
  const covariances = new Float64Array(covarianceType === 'full' ? k * d * d : k * d);
  const native = clusteringKernels();
  if (native !== null) {
    native.mixtureMoments(data, n, d, resp, k, nk, means, covarianceType === 'diag' ? covariances : null, regCovar);
    if (covarianceType === 'full') native.mixtureFullCovariances(data, n, d, resp, k, means, nk, regCovar, covariances);
  } else {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < k; j++) {
        const r = resp[i * k + j]!;
        if (r === 0) continue;
        for (let t = 0; t < d; t++) means[j * d + t]! += r * data[i * d + t]!;
      }
    }
    for (let j = 0; j < k; j++) for (let t = 0; t < d; t++) means[j * d + t]! /= nk[j]!;
    if (covarianceType === 'full') fullCovariances(x, resp, means, nk, k, regCovar, covariances);
    else diagCovariances(x, resp, means, nk, k, regCovar, covariances);
  }
  let total = 0;
  for (let j = 0; j < k; j++) total += nk[j]!;
  const weights = nk.map((v) => v / total);
  return componentsFrom(covarianceType, weights, means, covariances, d);
}

/**
 * log(weight_j) + log N(x_i | mean_j, cov_j) for every row i and component j, into `out` (n × k).
 */
export function weightedLogProbabilities(x: RowMatrix, components: GaussianComponents, out: Float64Array): void {
  const { k, d, means, precisionCholesky } = components;
  const native = clusteringKernels();
  if (native !== null) {
    const densities = components.covarianceType === 'diag' ? native.mixtureDiagLogDensities : native.mixtureFullLogDensities;
    densities(x.data, x.rows, d, means, precisionCholesky, k, out);
  } else if (components.covarianceType === 'diag') {
    diagLogDensities(x, components, out);
  } else {
    fullLogDensities(x, components, out);
  }
  const offsets = components.weights.map((w, j) => -0.5 * d * LOG_2PI + components.logDetPrecisionCholesky[j]! + Math.log(w));
  for (let i = 0; i < x.rows; i++) for (let j = 0; j < k; j++) out[i * k + j]! += offsets[j]!;
}

/** −½ ||L⁻¹(x − μ)||² for every row and component, written into `out`. */
function fullLogDensities(x: RowMatrix, components: GaussianComponents, out: Float64Array): void {
  const { k, d, means, precisionCholesky } = components;
  const { rows: n, data } = x;
  const pMean = new Float64Array(d);
  for (let j = 0; j < k; j++) {
    const p = precisionCholesky.subarray(j * d * d, (j + 1) * d * d);
    for (let a = 0; a < d; a++) {
      let s = 0;
      for (let b = 0; b <= a; b++) s += p[a * d + b]! * means[j * d + b]!;
      pMean[a] = s;
    }
    let i = 0;
    for (; i + 3 < n; i += 4) {
      const r0 = i * d, r1 = r0 + d, r2 = r1 + d, r3 = r2 + d;
      let q0 = 0, q1 = 0, q2 = 0, q3 = 0;
      let a = 0;
      // Two rows of L⁻¹ (a and a + 1) against four data rows per pass.
      for (; a + 1 < d; a += 2) {
        const rowA = a * d;
        const rowB = rowA + d;
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0, t0 = 0, t1 = 0, t2 = 0, t3 = 0;
        for (let b = 0; b <= a; b++) {
          const va = p[rowA + b]!;
          const vb = p[rowB + b]!;
          const x0 = data[r0 + b]!, x1 = data[r1 + b]!, x2 = data[r2 + b]!, x3 = data[r3 + b]!;
          s0 += va * x0; s1 += va * x1; s2 += va * x2; s3 += va * x3;
          t0 += vb * x0; t1 += vb * x1; t2 += vb * x2; t3 += vb * x3;
        }
        const last = a + 1;
        const vb = p[rowB + last]!;
        t0 += vb * data[r0 + last]!; t1 += vb * data[r1 + last]!; t2 += vb * data[r2 + last]!; t3 += vb * data[r3 + last]!;
        const ma = pMean[a]!;
        const mb = pMean[last]!;
        s0 -= ma; s1 -= ma; s2 -= ma; s3 -= ma;
        t0 -= mb; t1 -= mb; t2 -= mb; t3 -= mb;
        q0 += s0 * s0 + t0 * t0; q1 += s1 * s1 + t1 * t1; q2 += s2 * s2 + t2 * t2; q3 += s3 * s3 + t3 * t3;
      }
      if (a < d) {
        const row = a * d;
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (let b = 0; b <= a; b++) {
          const v = p[row + b]!;
          s0 += v * data[r0 + b]!; s1 += v * data[r1 + b]!; s2 += v * data[r2 + b]!; s3 += v * data[r3 + b]!;
        }
        const m = pMean[a]!;
        s0 -= m; s1 -= m; s2 -= m; s3 -= m;
        q0 += s0 * s0; q1 += s1 * s1; q2 += s2 * s2; q3 += s3 * s3;
      }
      out[i * k + j] = -0.5 * q0;
      out[(i + 1) * k + j] = -0.5 * q1;
      out[(i + 2) * k + j] = -0.5 * q2;
      out[(i + 3) * k + j] = -0.5 * q3;
    }
    for (; i < n; i++) {
      const r0 = i * d;
      let q = 0;
      for (let a = 0; a < d; a++) {
        let s = 0;
        for (let b = 0; b <= a; b++) s += p[a * d + b]! * data[r0 + b]!;
        s -= pMean[a]!;
        q += s * s;
      }
      out[i * k + j] = -0.5 * q;
    }
  }
}

function diagLogDensities(x: RowMatrix, components: GaussianComponents, out: Float64Array): void {
  const { k, d, means, precisionCholesky } = components;
  const { rows: n, data } = x;
  for (let i = 0; i < n; i++) {
    const r = i * d;
    for (let j = 0; j < k; j++) {
      const c = j * d;
      let q = 0;
      for (let t = 0; t < d; t++) {
        const y = (data[r + t]! - means[c + t]!) * precisionCholesky[c + t]!;
        q += y * y;
      }
      out[i * k + j] = -0.5 * q;
    }
  }
}

function fullCovariances(
  x: RowMatrix,
  resp: Float64Array,
  means: Float64Array,
  nk: Float64Array,
  k: number,
  regCovar: number,
  covariances: Float64Array,
): void {
  const { rows: n, cols: d, data } = x;
  // Four rows' centred values (v) and responsibility-weighted centred values (u) per pass.
  const u = new Float64Array(4 * d);
  const v = new Float64Array(4 * d);
  for (let j = 0; j < k; j++) {
    const cov = covariances.subarray(j * d * d, (j + 1) * d * d);
    const mean = means.subarray(j * d, (j + 1) * d);
    let filled = 0;
    const flush = (): void => {
      for (let f = filled; f < 4; f++) {
        u.fill(0, f * d, (f + 1) * d);
        v.fill(0, f * d, (f + 1) * d);
      }
      // Upper triangle, two covariance rows (a, a + 1) per pass over the four rows' values.
      for (let a = 0; a < d; a += 2) {
        const u0 = u[a]!, u1 = u[d + a]!, u2 = u[2 * d + a]!, u3 = u[3 * d + a]!;
        const row = a * d;
        cov[row + a]! += u0 * v[a]! + u1 * v[d + a]! + u2 * v[2 * d + a]! + u3 * v[3 * d + a]!;
        if (a + 1 === d) break;
        const w0 = u[a + 1]!, w1 = u[d + a + 1]!, w2 = u[2 * d + a + 1]!, w3 = u[3 * d + a + 1]!;
        const next = row + d;
        for (let b = a + 1; b < d; b++) {
          const v0 = v[b]!, v1 = v[d + b]!, v2 = v[2 * d + b]!, v3 = v[3 * d + b]!;
          cov[row + b]! += u0 * v0 + u1 * v1 + u2 * v2 + u3 * v3;
          cov[next + b]! += w0 * v0 + w1 * v1 + w2 * v2 + w3 * v3;
        }
      }
      filled = 0;
    };
    for (let i = 0; i < n; i++) {
      const r = resp[i * k + j]!;
      if (r === 0) continue;
      const offset = filled * d;
      for (let t = 0; t < d; t++) {
        const diff = data[i * d + t]! - mean[t]!;
        v[offset + t] = diff;
        u[offset + t] = r * diff;
      }
      if (++filled === 4) flush();
    }
    if (filled > 0) flush();
    const inv = 1 / nk[j]!;
    for (let a = 0; a < d; a++) {
      for (let b = a; b < d; b++) {
        const value = cov[a * d + b]! * inv;
        cov[a * d + b] = value;
        cov[b * d + a] = value;
      }
      cov[a * d + a]! += regCovar;
    }
  }
}

function diagCovariances(
  x: RowMatrix,
  resp: Float64Array,
  means: Float64Array,
  nk: Float64Array,
  k: number,
  regCovar: number,
  covariances: Float64Array,
): void {
  const { rows: n, cols: d, data } = x;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      const r = resp[i * k + j]!;
      if (r === 0) continue;
      for (let t = 0; t < d; t++) {
        const diff = data[i * d + t]! - means[j * d + t]!;
        covariances[j * d + t]! += r * diff * diff;
      }
    }
  }
  for (let j = 0; j < k; j++) for (let t = 0; t < d; t++) covariances[j * d + t] = covariances[j * d + t]! / nk[j]! + regCovar;
}

/** L⁻¹ for covariance = L Lᵀ (lower triangular, row-major d × d). */
function inverseCholesky(covariance: Float64Array, d: number): Float64Array {
  const native = clusteringKernels();
  if (native !== null) {
    const inverse = new Float64Array(d * d);
    if (!native.inverseCholesky(covariance, d, inverse)) throw illDefined();
    return inverse;
  }
  const rows: number[][] = [];
  for (let a = 0; a < d; a++) rows.push(Array.from(covariance.subarray(a * d, (a + 1) * d)));
  const decomposition = new CholeskyDecomposition(new Matrix(rows));
  if (!decomposition.isPositiveDefinite()) throw illDefined();
  const l = decomposition.lowerTriangularMatrix;
  const inverse = new Float64Array(d * d);
  // Forward substitution, column by column of the identity.
  for (let b = 0; b < d; b++) {
    inverse[b * d + b] = 1 / l.get(b, b);
    for (let a = b + 1; a < d; a++) {
      let s = 0;
      for (let m = b; m < a; m++) s += l.get(a, m) * inverse[m * d + b]!;
      inverse[a * d + b] = -s / l.get(a, a);
    }
  }
  return inverse;
}

function illDefined(): OptionError {
  return new OptionError(
    'Gaussian mixture fitting failed: some components have an ill-defined (singular) covariance; ' +
      'use fewer components (k), a larger regCovar, or covarianceType "diag"',
  );
}
