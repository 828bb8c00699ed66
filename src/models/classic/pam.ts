/**
 * Partitioning Around Medoids (Kaufman and Rousseeuw): BUILD picks k medoids greedily, SWAP then
 * makes the best medoid/non-medoid exchange while it lowers Σ distance to the nearest medoid. Each
 * SWAP pass evaluates all k·(n − k) exchanges in O(n²) from every series' nearest and second
 * nearest medoid (Schubert and Rousseeuw's FastPAM1 bookkeeping), with the same result as PAM.
 */

export interface PamResult {
  /** Indices of the medoids, in the order chosen. */
  medoids: Int32Array;
  /** Position in `medoids` of each series' nearest medoid. */
  labels: Int32Array;
  /** Σ distance of every series to its nearest medoid. */
  cost: number;
  /** SWAP exchanges made. */
  swaps: number;
}

/** Exchanges that lower the cost by less than this share of it are not made (rounding). */
const MIN_GAIN = 1e-12;

/** PAM on the n × n distance matrix (row-major, symmetric); `onSwap` hears of every exchange and how many series changed medoid. */
export function pam(
  distances: Float64Array,
  n: number,
  k: number,
  maxSwaps: number,
  onSwap?: (swap: number, changed: number, cost: number) => void,
): PamResult {
  const medoids = build(distances, n, k);
  const nearest = new Int32Array(n);
  const nearestDistance = new Float64Array(n);
  const secondDistance = new Float64Array(n);
  let cost = assign(distances, n, medoids, nearest, nearestDistance, secondDistance);
  const isMedoid = new Uint8Array(n);
  for (const m of medoids) isMedoid[m] = 1;
  const delta = new Float64Array(k);
  let swaps = 0;
  while (swaps < maxSwaps) {
    let bestDelta = 0;
    let bestMedoid = -1;
    let bestCandidate = -1;
    for (let o = 0; o < n; o++) {
      if (isMedoid[o]) continue;
      // delta[m]: change of cost if medoid m gave way to o. Every series first moves to o when o is
      // nearer (whichever medoid goes); those of medoid m then fall back to min(o, second nearest).
      delta.fill(0);
      let shared = 0;
      const row = o * n;
      for (let j = 0; j < n; j++) {
        const toO = distances[row + j]!;
        const dn = nearestDistance[j]!;
        const stay = toO < dn ? toO - dn : 0;
        shared += stay;
        const ds = secondDistance[j]!;
        delta[nearest[j]!]! += (toO < ds ? toO : ds) - dn - stay;
      }
      for (let m = 0; m < k; m++) {
        const change = shared + delta[m]!;
        if (change < bestDelta) {
          bestDelta = change;
          bestMedoid = m;
          bestCandidate = o;
        }
      }
    }
    if (bestMedoid < 0 || -bestDelta <= MIN_GAIN * cost) break;
    isMedoid[medoids[bestMedoid]!] = 0;
    isMedoid[bestCandidate] = 1;
    const before = Int32Array.from(nearest, (m) => medoids[m]!);
    medoids[bestMedoid] = bestCandidate;
    cost = assign(distances, n, medoids, nearest, nearestDistance, secondDistance);
    swaps++;
    let changed = 0;
    for (let j = 0; j < n; j++) if (medoids[nearest[j]!] !== before[j]) changed++;
    onSwap?.(swaps, changed, cost);
  }
  return { medoids, labels: nearest, cost, swaps };
}

/** BUILD: the series of least total distance, then each time the one that lowers the cost most. */
function build(distances: Float64Array, n: number, k: number): Int32Array {
  const medoids = new Int32Array(k);
  const nearestDistance = new Float64Array(n).fill(Infinity);
  const chosen = new Uint8Array(n);
  for (let m = 0; m < k; m++) {
    let best = -1;
    let bestGain = -Infinity;
    for (let c = 0; c < n; c++) {
      if (chosen[c]) continue;
      let gain = 0;
      const row = c * n;
      for (let j = 0; j < n; j++) {
        const d = distances[row + j]!;
        const current = nearestDistance[j]!;
        // The first medoid: the least total distance (the gain of a first medoid is −Σ d).
        gain += current === Infinity ? -d : d < current ? current - d : 0;
      }
      if (gain > bestGain) {
        bestGain = gain;
        best = c;
      }
    }
    medoids[m] = best;
    chosen[best] = 1;
    for (let j = 0; j < n; j++) nearestDistance[j] = Math.min(nearestDistance[j]!, distances[best * n + j]!);
  }
  return medoids;
}

/** Nearest and second-nearest medoid distances of every series; returns the total of the nearest. */
function assign(
  distances: Float64Array,
  n: number,
  medoids: Int32Array,
  nearest: Int32Array,
  nearestDistance: Float64Array,
  secondDistance: Float64Array,
): number {
  let cost = 0;
  for (let j = 0; j < n; j++) {
    let first = Infinity;
    let second = Infinity;
    let at = 0;
    for (let m = 0; m < medoids.length; m++) {
      const d = distances[medoids[m]! * n + j]!;
      if (d < first) {
        second = first;
        first = d;
        at = m;
      } else if (d < second) second = d;
    }
    nearest[j] = at;
    nearestDistance[j] = first;
    secondDistance[j] = second;
    cost += first;
  }
  return cost;
}
