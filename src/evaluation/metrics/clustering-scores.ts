/** Every clustering metric at once, as the CLI and the experiments report them. */
import { adjustedRandIndex } from './adjusted-rand-index.js';
import { clusteringAccuracy } from './clustering-accuracy.js';
import type { Labels } from './contingency.js';
import { normalizedMutualInformation } from './normalized-mutual-information.js';
import { randIndex } from './rand-index.js';

export interface ClusteringScores {
  /** Rand index. */
  ri: number;
  /** Normalised mutual information, geometric normaliser. */
  nmi: number;
  /** Adjusted Rand index. */
  ari: number;
  /** Clustering accuracy under the best cluster-to-class matching. */
  acc: number;
}

export function clusteringScores(truth: Labels, pred: Labels): ClusteringScores {
  return {
    ri: randIndex(truth, pred),
    nmi: normalizedMutualInformation(truth, pred),
    ari: adjustedRandIndex(truth, pred),
    acc: clusteringAccuracy(truth, pred),
  };
}
