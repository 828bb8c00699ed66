/**
 * Exact t-SNE (van der Maaten and Hinton, 2008) for the report's scatter plots, with
 * scikit-learn's optimisation schedule (early exaggeration 12 for 250 iterations, momentum 0.5
 * then 0.8, per-coordinate gains, learning rate max(N / 12 / 4, 50)).
 * Written here because npm's t-SNE packages are unmaintained and draw from Math.random, so a
 * figure could not be reproduced from a seed. O(N^2): reports subsample to `maxPoints`.
 */
import { OptionError } from '../../core/errors.js';
import { Random, type Seed } from '../../core/random.js';

export interface TsneOptions {
  /** Effective number of neighbours (default 30, capped at (N - 1) / 3). */
  perplexity?: number;
  /** Gradient steps (default 1000). */
  iterations?: number;
  /** Steps with exaggerated attraction at the start (default 250). */
  exaggerationIterations?: number;
  /** Default 12. */
  exaggeration?: number;
  /** Seed or generator for the initial layout and the subsample (default 0). */
  seed?: Seed;
}

/** Embeds the rows of `points` in 2-D; returns [x, y] per row. */
export function tsne(points: readonly ArrayLike<number>[], options: TsneOptions = {}): [number, number][] {
  const n = points.length;
  if (n < 2) throw new OptionError(`t-SNE needs at least 2 points, got ${n}`);
  const rng = Random.from(options.seed);
  const perplexity = Math.max(1, Math.min(options.perplexity ?? 30, (n - 1) / 3));
  const iterations = options.iterations ?? 1000;
  const exaggerationIterations = options.exaggerationIterations ?? 250;
  const exaggeration = options.exaggeration ?? 12;
  const p = jointProbabilities(squaredDistances(points), n, perplexity);
  const learningRate = Math.max(n / exaggeration / 4, 50);

  const y = rng.normalArray(2 * n, 0, 1e-4);
  const velocity = new Float64Array(2 * n);
  const gains = new Float64Array(2 * n).fill(1);
  const grad = new Float64Array(2 * n);
  const q = new Float64Array(n * n);
  for (let it = 0; it < iterations; it++) {
    const scale = it < exaggerationIterations ? exaggeration : 1;
    const momentum = it < exaggerationIterations ? 0.5 : 0.8;
    // Student-t affinities in the embedding.
    let qSum = 0;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const dx = y[2 * i]! - y[2 * j]!;
        const dy = y[2 * i + 1]! - y[2 * j + 1]!;
        const w = 1 / (1 + dx * dx + dy * dy);
        q[i * n + j] = w;
        q[j * n + i] = w;
        qSum += 2 * w;
      }
    }
    grad.fill(0);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (i === j) continue;
        const w = q[i * n + j]!;
        const force = 4 * (scale * p[i * n + j]! - w / qSum) * w;
        grad[2 * i] += force * (y[2 * i]! - y[2 * j]!);
        grad[2 * i + 1] += force * (y[2 * i + 1]! - y[2 * j + 1]!);
      }
    }
    for (let k = 0; k < 2 * n; k++) {
      const sameSign = grad[k]! > 0 === velocity[k]! > 0;
      gains[k] = Math.max(sameSign ? gains[k]! * 0.8 : gains[k]! + 0.2, 0.01);
      velocity[k] = momentum * velocity[k]! - learningRate * gains[k]! * grad[k]!;
      y[k] += velocity[k]!;
    }
  }
  return Array.from({ length: n }, (_, i) => [y[2 * i]!, y[2 * i + 1]!] as [number, number]);
}

function squaredDistances(points: readonly ArrayLike<number>[]): Float64Array {
  const n = points.length;
  const dims = points[0]!.length;
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const a = points[i]!;
    if (a.length !== dims) throw new OptionError(`t-SNE: row ${i + 1} has ${a.length} values, expected ${dims}`);
    for (let j = i + 1; j < n; j++) {
      const b = points[j]!;
      let s = 0;
      for (let k = 0; k < dims; k++) {
        const diff = a[k]! - b[k]!;
        s += diff * diff;
      }
      d[i * n + j] = s;
      d[j * n + i] = s;
    }
  }
  return d;
}

/** Symmetrised conditional probabilities, each row's bandwidth found by bisection on entropy. */
function jointProbabilities(distances: Float64Array, n: number, perplexity: number): Float64Array {
  const target = Math.log(perplexity);
  const conditional = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    let beta = 1;
    let low = 0;
    let high = Infinity;
    for (let step = 0; step < 100; step++) {
      let sum = 0;
      let weighted = 0;
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        const pij = Math.exp(-distances[i * n + j]! * beta);
        conditional[i * n + j] = pij;
        sum += pij;
        weighted += distances[i * n + j]! * pij;
      }
      const safeSum = Math.max(sum, 1e-300);
      const entropy = Math.log(safeSum) + (beta * weighted) / safeSum;
      for (let j = 0; j < n; j++) if (j !== i) conditional[i * n + j] = conditional[i * n + j]! / safeSum;
      const gap = entropy - target;
      if (Math.abs(gap) < 1e-5) break;
      if (gap > 0) {
        low = beta;
        beta = high === Infinity ? beta * 2 : (beta + high) / 2;
      } else {
        high = beta;
        beta = (beta + low) / 2;
      }
    }
  }
  const joint = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) joint[i * n + j] = Math.max((conditional[i * n + j]! + conditional[j * n + i]!) / (2 * n), 1e-12);
  }
  return joint;
}

export interface TsneLayout {
  /** 2-D position of each shown row. */
  readonly points: [number, number][];
  /** Which rows are shown (all of them, or a seeded random subsample in increasing order). */
  readonly indices: number[];
}

/** t-SNE of at most `maxPoints` rows (default 600; t-SNE is quadratic), subsampled with the seed. */
export function tsneLayout(rows: readonly ArrayLike<number>[], options: TsneOptions & { maxPoints?: number } = {}): TsneLayout {
  const rng = Random.from(options.seed);
  const limit = options.maxPoints ?? 600;
  const indices = rows.length <= limit ? [...rows.keys()] : [...rng.permutation(rows.length).subarray(0, limit)].sort((a, b) => a - b);
  return { points: tsne(indices.map((i) => rows[i]!), { ...options, seed: rng }), indices };
}
