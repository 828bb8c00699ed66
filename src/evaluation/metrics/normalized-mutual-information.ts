/**
 * Normalised mutual information between two labellings: I(T; P) divided by the geometric mean
 * sqrt(H(T) H(P)) by default (the DTCR paper's Eq. 11), or by their arithmetic mean on request
 * (scikit-learn's default).
 */
import { OptionError } from '../../core/errors.js';
import { contingencyTable, type Labels } from './contingency.js';

export type NmiNormaliser = 'geometric' | 'arithmetic';

/**
 * Degenerate cases follow scikit-learn: when both labellings have a single label (or there are no
 * items) they agree perfectly and the NMI is 1; otherwise when the mutual information is 0 (for
 * instance one labelling puts everything in one cluster) the NMI is 0 whatever the normaliser.
 */
export function normalizedMutualInformation(truth: Labels, pred: Labels, normaliser: NmiNormaliser = 'geometric'): number {
  if (normaliser !== 'geometric' && normaliser !== 'arithmetic') {
    throw new OptionError(`normaliser must be 'geometric' or 'arithmetic', got '${String(normaliser)}'`);
  }
  const table = contingencyTable(truth, pred);
  const { counts, rows, cols, rowSums, colSums, n } = table;
  if ((rows === 1 && cols === 1) || (rows === 0 && cols === 0)) return 1;
  let mi = 0;
  if (rows > 1 && cols > 1) {
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const v = counts[r * cols + c]!;
        if (v > 0) mi += (v / n) * Math.log((v * n) / (rowSums[r]! * colSums[c]!));
      }
    }
  }
  mi = Math.max(mi, 0);
  if (mi === 0) return 0;
  const hTruth = entropy(rowSums, n);
  const hPred = entropy(colSums, n);
  const denominator = normaliser === 'geometric' ? Math.sqrt(hTruth * hPred) : (hTruth + hPred) / 2;
  return mi / denominator;
}

/** Shannon entropy (natural log) of the distribution given by counts summing to n. */
function entropy(counts: Float64Array, n: number): number {
  let h = 0;
  for (let i = 0; i < counts.length; i++) {
    const p = counts[i]! / n;
    if (p > 0) h -= p * Math.log(p);
  }
  return h;
}
