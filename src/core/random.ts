/**
 * The one seeded random generator of Tempora: every random choice in library code draws from a
 * `Random` (xoshiro128**, seeded through splitmix32). Written here because it is 30 lines and
 * npm's seeded generators give integers only, while we need floats, normals and forks.
 */

export type Seed = number | Random;

export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spareNormal: number | null = null;

  constructor(seed = 0) {
    if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
    let x = (Math.trunc(seed) ^ 0x9e3779b9) >>> 0;
    const splitmix = (): number => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = splitmix();
    this.s1 = splitmix();
    this.s2 = splitmix();
    this.s3 = splitmix();
  }

  /** A generator from a seed, or the given generator itself (so callers can share one stream). */
  static from(seed: Seed | undefined): Random {
    return seed instanceof Random ? seed : new Random(seed ?? 0);
  }

  /** Uniform 32-bit unsigned integer. */
  uint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform float in [0, 1) with 53 random bits. */
  next(): number {
    const hi = this.uint32() >>> 5;
    const lo = this.uint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform float in [low, high). */
  uniform(low = 0, high = 1): number {
    return low + (high - low) * this.next();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    if (!(n >= 1)) throw new RangeError(`int(n) needs n >= 1, got ${n}`);
    return Math.floor(this.next() * n);
  }

  /** Standard normal draw (Marsaglia polar method), scaled to mean and standard deviation. */
  normal(mean = 0, sd = 1): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return mean + sd * z;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * this.next() - 1;
      v = 2 * this.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * m;
    return mean + sd * u * m;
  }

  /** Fisher-Yates shuffle in place; returns the same array. */
  shuffle<T, A extends { length: number; [i: number]: T }>(items: A): A {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i]!;
      items[i] = items[j]!;
      items[j] = tmp;
    }
    return items;
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle<number, Int32Array>(p);
  }

  /** Fill a new Float32Array with normal draws. */
  normalArray(size: number, mean = 0, sd = 1): Float32Array {
    const out = new Float32Array(size);
    for (let i = 0; i < size; i++) out[i] = this.normal(mean, sd);
    return out;
  }

  /** Fill a new Float32Array with uniform draws in [low, high). */
  uniformArray(size: number, low: number, high: number): Float32Array {
    const out = new Float32Array(size);
    for (let i = 0; i < size; i++) out[i] = this.uniform(low, high);
    return out;
  }

  /** An independent generator seeded from this one: lets a component own its stream. */
  fork(): Random {
    return new Random(this.uint32());
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/**
 * A seed derived from a seed and a path of purposes (and, say, an epoch): the one way Tempora
 * derives the seed of a component's stream, so a resumed run draws exactly what an uninterrupted
 * one drew with no generator state to save.
 */
export function deriveSeed(seed: number, purpose: number, index = 0): number {
  let h = Math.imul(Math.trunc(seed) ^ 0x3c6ef372, 0x9e3779b1);
  h = Math.imul(h ^ (purpose * 0x85ebca77), 0xc2b2ae3d);
  h = Math.imul(h ^ (index * 0x27d4eb2f + (h >>> 15)), 0x165667b1);
  return (h ^ (h >>> 13)) >>> 0;
}
