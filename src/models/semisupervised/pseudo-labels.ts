/**
 * Cluster Distillation's pseudo-labels: the teacher's pooled features of all TRAIN rows clustered
 * into (by default) 2K groups. Hard: one-hot cluster memberships, from k-means (as the paper says)
 * or from a Gaussian mixture's most likely component (as the authors' code does). Soft: the
 * mixture's membership probabilities.
 */
import { OptionError } from '../../core/errors.js';
import { GaussianMixture } from '../classic/gaussian-mixture.js';
import { KMeans } from '../classic/kmeans.js';
import type { Float32RowMatrix } from '../base/matrix.js';

export type PseudoLabelVariant = 'hard' | 'soft';
/** How hard pseudo-labels are found: k-means (the paper) or a Gaussian mixture's argmax (the authors' code). */
export type HardClustering = 'kmeans' | 'mixture';

export interface PseudoLabelOptions {
  nClusters: number;
  variant: PseudoLabelVariant;
  hardClustering: HardClustering;
  seed: number;
}

/** Row-major [N, clusters] targets: one-hot rows (hard) or probabilities summing to 1 (soft). */
export async function pseudoLabels(features: Float32RowMatrix, options: PseudoLabelOptions): Promise<Float32Array> {
  const { nClusters: clusters, variant, hardClustering, seed } = options;
  if (!Number.isInteger(clusters) || clusters < 2) throw new OptionError(`nClusters must be an integer >= 2, got ${clusters}`);
  if (clusters > features.rows) throw new OptionError(`${clusters} clusters need at least as many series, got ${features.rows}`);
  if (variant === 'soft') {
    const mixture = await new GaussianMixture({ nClusters: clusters, seed }).fit(features);
    return Float32Array.from((await mixture.predictProba(features)).data);
  }
  if (variant !== 'hard') throw new OptionError(`pseudo-label variant must be 'hard' or 'soft', got '${variant}'`);
  let members: Int32Array;
  if (hardClustering === 'kmeans') members = await new KMeans({ nClusters: clusters, seed }).fitPredict(features);
  else if (hardClustering === 'mixture') members = await new GaussianMixture({ nClusters: clusters, seed }).fitPredict(features);
  else throw new OptionError(`hard clustering must be 'kmeans' or 'mixture', got '${hardClustering}'`);
  const out = new Float32Array(features.rows * clusters);
  members.forEach((m, row) => (out[row * clusters + m] = 1));
  return out;
}
