/**
 * The k-means loop shared by k-Shape, KSC and k-DBA: start from a random assignment (k-Shape and
 * KSC, as their reference code) or from seeded centroids (k-DBA), then alternate centroids and
 * nearest-centroid assignment until no series changes cluster or `maxIter` passes; restarts keep
 * the run of lowest cost (sum of squared distances to the own centroid).
 */
import type { Random } from '../../core/random.js';

/** What a method supplies to the loop. */
export interface CentroidMethod {
  /**
   * The centroid of cluster `cluster` with series `members`, refined from its previous centroid
   * (null at the start), which the last `distances` call measured against.
   */
  centroid(cluster: number, members: Int32Array, previous: Float64Array | null): Float64Array;
  /**
   * Writes the distance of every series to every centroid into `out` (n × k, row-major). Given
   * the current `labels` (−1 for none yet), entries other than each row's nearest may be Infinity
   * (early abandoning); with null every entry is exact.
   */
  distances(centroids: readonly Float64Array[], labels: Int32Array | null, out: Float64Array): void;
  /** Initial centroids; without it the loop starts from a random assignment. */
  seed?(k: number, random: Random): Float64Array[];
}

export interface CentroidClusteringProgress {
  /** 1-based restart and its count. */
  run: number;
  runs: number;
  /** 1-based pass of the loop within the run. */
  iteration: number;
  /** Series that changed cluster in this pass. */
  changed: number;
  cost: number;
}

export interface CentroidClusteringOptions {
  k: number;
  nInit: number;
  maxIter: number;
  random: Random;
  onProgress?: ((progress: CentroidClusteringProgress) => void) | undefined;
  /** Once aborted, the current run stops after its pass and no other run starts. */
  signal?: AbortSignal | undefined;
}

export interface CentroidClustering {
  labels: Int32Array;
  centroids: Float64Array[];
  /** Sum over series of the squared distance to their centroid. */
  cost: number;
  /** Passes of the kept run. */
  iterations: number;
}

/** The best of `nInit` runs of the loop over `n` series. */
export function centroidClustering(n: number, method: CentroidMethod, options: CentroidClusteringOptions): CentroidClustering {
  let best: CentroidClustering | null = null;
  for (let run = 1; run <= options.nInit; run++) {
    const result = oneRun(n, method, options, run);
    if (best === null || result.cost < best.cost) best = result;
    if (options.signal?.aborted) break;
  }
  return best!;
}

function oneRun(n: number, method: CentroidMethod, options: CentroidClusteringOptions, run: number): CentroidClustering {
  const { k, maxIter, random } = options;
  const labels = new Int32Array(n);
  let centroids: Float64Array[];
  if (method.seed) {
    centroids = method.seed(k, random);
    labels.fill(-1);
  } else {
    randomAssignment(labels, k, random);
    centroids = Array.from({ length: k }, (_, j) => method.centroid(j, membersOf(labels, j), null));
  }
  const distances = new Float64Array(n * k);
  let cost = Infinity;
  let iterations = 0;
  for (let iteration = 1; iteration <= maxIter; iteration++) {
    iterations = iteration;
    method.distances(centroids, labels, distances);
    let changed = 0;
    for (let i = 0; i < n; i++) {
      const nearest = argmin(distances, i * k, k);
      if (nearest !== labels[i]) changed++;
      labels[i] = nearest;
    }
    changed += repairEmptyClusters(labels, distances, k);
    cost = 0;
    for (let i = 0; i < n; i++) cost += distances[i * k + labels[i]!]! ** 2;
    options.onProgress?.({ run, runs: options.nInit, iteration, changed, cost });
    if (changed === 0 || options.signal?.aborted) break;
    centroids = centroids.map((previous, j) => method.centroid(j, membersOf(labels, j), previous));
  }
  return { labels, centroids, cost, iterations };
}

/** Every series to a random cluster, the first k of a random order to distinct clusters so that none is empty. */
function randomAssignment(labels: Int32Array, k: number, random: Random): void {
  const order = random.permutation(labels.length);
  order.forEach((row, position) => {
    labels[row] = position < k ? position : random.int(k);
  });
}

/**
 * Gives each empty cluster the series farthest from its own centroid among clusters of two or
 * more; returns how many series moved.
 */
function repairEmptyClusters(labels: Int32Array, distances: Float64Array, k: number): number {
  const sizes = new Int32Array(k);
  for (const label of labels) sizes[label]!++;
  let moved = 0;
  for (let j = 0; j < k; j++) {
    if (sizes[j]! > 0) continue;
    let farthest = -1;
    for (let i = 0; i < labels.length; i++) {
      if (sizes[labels[i]!]! < 2) continue;
      if (farthest < 0 || distances[i * k + labels[i]!]! > distances[farthest * k + labels[farthest]!]!) farthest = i;
    }
    if (farthest < 0) break;
    sizes[labels[farthest]!]!--;
    labels[farthest] = j;
    sizes[j] = 1;
    distances[farthest * k + j] = 0;
    moved++;
  }
  return moved;
}

export function membersOf(labels: Int32Array, cluster: number): Int32Array {
  let count = 0;
  for (const label of labels) if (label === cluster) count++;
  const members = new Int32Array(count);
  let at = 0;
  labels.forEach((label, i) => {
    if (label === cluster) members[at++] = i;
  });
  return members;
}

/** Index (0-based, within the row) of the smallest of `k` values from `offset`; the first on ties. */
export function argmin(values: Float64Array, offset: number, k: number): number {
  let best = 0;
  for (let j = 1; j < k; j++) if (values[offset + j]! < values[offset + best]!) best = j;
  return best;
}
