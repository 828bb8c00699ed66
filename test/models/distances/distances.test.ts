import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OptionError } from '../../../src/core/errors.js';
import { Random } from '../../../src/core/random.js';
import { Dtw, dtw, windowRadius } from '../../../src/models/distances/dtw.js';
import { euclidean, squaredEuclidean } from '../../../src/models/distances/euclidean.js';
import { kscDistance } from '../../../src/models/distances/ksc-distance.js';
import { crossDistances, pairwiseDistances } from '../../../src/models/distances/pairwise.js';
import { sbd } from '../../../src/models/distances/sbd.js';
import { shiftSeries } from '../../../src/models/distances/shift.js';
import { toSeriesSet } from '../../../src/models/distances/series-set.js';

const f = (values: number[]): Float64Array => Float64Array.from(values);
const close = (a: number, b: number, tol = 1e-9, what = ''): void =>
  assert.ok(Math.abs(a - b) <= tol, `${what} ${a} is not within ${tol} of ${b}`);

function randomSeries(random: Random, length: number): Float64Array {
  return Float64Array.from({ length }, () => random.normal());
}

function dot(x: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * y[i]!;
  return s;
}

test('Euclidean distance: hand-worked 3-4-5 and its square', () => {
  close(euclidean(f([0, 0, 0]), f([3, 4, 0])), 5);
  close(squaredEuclidean(f([0, 0, 0]), f([3, 4, 0])), 25);
});

test('DTW: hand-worked values, with and without a window', () => {
  // Cost matrix of (1,2,3) against (2,3,4): the best path (0,0) (1,0) (2,1) (2,2) costs 1 + 0 + 0 + 1.
  close(dtw(f([1, 2, 3]), f([2, 3, 4])), Math.SQRT2);
  // (0,1,2,3) against (0,0,1,2): warping leaves one unit of error; no warping leaves three.
  close(dtw(f([0, 1, 2, 3]), f([0, 0, 1, 2])), 1);
  close(dtw(f([0, 1, 2, 3]), f([0, 0, 1, 2]), { window: 1 }), 1);
  close(dtw(f([0, 1, 2, 3]), f([0, 0, 1, 2]), { window: 0 }), Math.sqrt(3));
});

test('DTW with window 0 is the Euclidean distance; widening the window never increases it', () => {
  const random = new Random(3);
  for (let trial = 0; trial < 20; trial++) {
    const length = 5 + random.int(40);
    const x = randomSeries(random, length);
    const y = randomSeries(random, length);
    close(dtw(x, y, { window: 0 }), euclidean(x, y), 1e-9, 'window 0');
    let previous = Infinity;
    for (const window of [0, 1, 2, 5, length]) {
      const d = dtw(x, y, { window });
      assert.ok(d <= previous + 1e-12, `window ${window}: ${d} > ${previous}`);
      previous = d;
    }
    close(dtw(x, y), dtw(y, x), 1e-9, 'symmetry');
    close(dtw(x, x), 0);
  }
});

test('DTW paths: from (0,0) to the end in unit steps inside the window, costing the distance', () => {
  const random = new Random(4);
  for (const window of [0, 2, 7, 30]) {
    const length = 30;
    const x = randomSeries(random, length);
    const y = randomSeries(random, length);
    const measure = new Dtw(length, { window });
    const px = new Int32Array(2 * length - 1);
    const py = new Int32Array(2 * length - 1);
    const steps = measure.path(x, y, px, py);
    assert.deepEqual([px[0], py[0], px[steps - 1], py[steps - 1]], [0, 0, length - 1, length - 1]);
    let cost = 0;
    for (let p = 0; p < steps; p++) {
      assert.ok(Math.abs(px[p]! - py[p]!) <= window, `pair (${px[p]}, ${py[p]}) leaves window ${window}`);
      if (p > 0) {
        const di = px[p]! - px[p - 1]!;
        const dj = py[p]! - py[p - 1]!;
        assert.ok((di === 0 || di === 1) && (dj === 0 || dj === 1) && di + dj > 0, `step ${p} is (${di}, ${dj})`);
      }
      cost += (x[px[p]!]! - y[py[p]!]!) ** 2;
    }
    close(cost, measure.squaredDistance(x, y), 1e-9, `window ${window}`);
  }
  const steps = new Dtw(3).path(f([1, 2, 3]), f([2, 3, 4]), new Int32Array(5), new Int32Array(5));
  assert.equal(steps, 4);
});

test('DTW early abandoning returns Infinity only when the distance exceeds the cutoff', () => {
  const random = new Random(5);
  const x = randomSeries(random, 50);
  const y = randomSeries(random, 50);
  const measure = new Dtw(50, { window: 5 });
  const d = measure.squaredDistance(x, y);
  assert.equal(measure.squaredDistance(x, y, d * 0.5), Infinity);
  close(measure.squaredDistance(x, y, d * 1.0001), d);
});

test('multivariate DTW warps the channels together: two equal channels cost twice one', () => {
  const random = new Random(6);
  const x = randomSeries(random, 20);
  const y = randomSeries(random, 20);
  const twice = (v: Float64Array): Float64Array => Float64Array.from([...v, ...v]);
  close(dtw(twice(x), twice(y), { channels: 2, window: 3 }), Math.SQRT2 * dtw(x, y, { window: 3 }));
});

test('DTW rejects series of the wrong size and bad windows, naming them', () => {
  assert.throws(() => new Dtw(4).distance(f([1, 2, 3]), f([1, 2, 3, 4])), /length 4 \(4 values\); got series of 3 and 4/);
  assert.throws(() => new Dtw(4, { window: -1 }), OptionError);
  assert.throws(() => windowRadius(1.5, 10), /window must be a fraction of the length in \[0, 1\], got 1.5/);
  assert.equal(windowRadius(0.1, 577), 57);
});

/** SBD straight from its definition, every shift by a direct dot product. */
function bruteSbd(x: Float64Array, y: Float64Array): { distance: number; shift: number } {
  const m = x.length;
  const scale = Math.sqrt(dot(x, x) * dot(y, y));
  let best = -Infinity;
  let shift = 0;
  const moved = new Float64Array(m);
  for (let s = -(m - 1); s < m; s++) {
    const value = dot(x, shiftSeries(y, s, 1, moved)) / scale;
    if (value > best + 1e-12) {
      best = value;
      shift = s;
    }
  }
  return { distance: 1 - best, shift };
}

test('SBD: hand-worked values', () => {
  // (1, 0) against (0, 1): moving y one step left matches x exactly.
  assert.deepEqual(sbd(f([1, 0]), f([0, 1])), { distance: 0, shift: -1 });
  // (1, 1) against (1, −1): the best correlation is 1 at shift +1, over norms √2·√2.
  const { distance, shift } = sbd(f([1, 1]), f([1, -1]));
  close(distance, 0.5);
  assert.equal(shift, 1);
});

test('SBD is 0 with itself, invariant to scale and shift, symmetric, in [0, 2], and matches its definition', () => {
  const random = new Random(7);
  for (let trial = 0; trial < 20; trial++) {
    const length = 3 + random.int(60);
    const x = randomSeries(random, length);
    const y = randomSeries(random, length);
    close(sbd(x, x).distance, 0, 1e-12, 'itself');
    assert.equal(sbd(x, x).shift, 0);
    const brute = bruteSbd(x, y);
    const fast = sbd(x, y);
    close(fast.distance, brute.distance, 1e-9, 'definition');
    assert.equal(fast.shift, brute.shift);
    close(sbd(x, y.map((v) => 3.5 * v)).distance, fast.distance, 1e-9, 'scale');
    close(sbd(y, x).distance, fast.distance, 1e-9, 'symmetry');
    assert.ok(fast.distance >= -1e-12 && fast.distance <= 2 + 1e-12);
  }
  // A bump moved in time within zero padding is the same shape: distance 0 at the shift back.
  const bump = f([0, 0, 1, 3, 1, 0, 0, 0, 0, 0]);
  const later = shiftSeries(bump, 4, 1, new Float64Array(10));
  const match = sbd(bump, later);
  close(match.distance, 0, 1e-12, 'shifted bump');
  assert.equal(match.shift, -4);
  assert.equal(sbd(bump, new Float64Array(10)).distance, 1);
});

test('multivariate SBD of two copies of a channel is the univariate SBD', () => {
  const random = new Random(8);
  const x = randomSeries(random, 25);
  const y = randomSeries(random, 25);
  const twice = (v: Float64Array): Float64Array => Float64Array.from([...v, ...v]);
  close(sbd(twice(x), twice(y), 2).distance, sbd(x, y).distance);
  assert.throws(() => sbd(x, y.subarray(1)), /expected a series of 1 channel\(s\) of length 25 \(25 values\), got 24 values/);
});

test("KSC's distance: hand-worked value, invariance to scale and shift, and its definition", () => {
  // x = (1, 2), y = (1, 1): unshifted, a = 1.5 leaves (−0.5, 0.5): d = √(0.5 / 5).
  const worked = kscDistance(f([1, 2]), f([1, 1]));
  close(worked.distance, Math.sqrt(0.1));
  assert.equal(worked.shift, 0);
  close(worked.scale, 1.5);
  const random = new Random(9);
  for (let trial = 0; trial < 20; trial++) {
    const length = 3 + random.int(50);
    const x = randomSeries(random, length);
    const y = randomSeries(random, length);
    close(kscDistance(x, x).distance, 0, 1e-6, 'itself');
    close(kscDistance(x, x.map((v) => -2 * v)).distance, 0, 1e-6, 'negative scale');
    const d = kscDistance(x, y);
    // Direct: the best shift and scale leave exactly d·‖x‖ of x unexplained.
    const moved = shiftSeries(y, d.shift, 1, new Float64Array(length));
    const residual = x.map((v, t) => v - d.scale * moved[t]!);
    close(Math.sqrt(dot(residual, residual) / dot(x, x)), d.distance, 1e-9, 'residual');
    let best = Infinity;
    for (let s = -(length - 1); s < length; s++) {
      shiftSeries(y, s, 1, moved);
      const a = dot(x, moved) / dot(moved, moved);
      const r = x.map((v, t) => v - a * moved[t]!);
      best = Math.min(best, Math.sqrt(dot(r, r) / dot(x, x)));
    }
    close(d.distance, best, 1e-9, 'every shift');
  }
  const bump = f([0, 1, 3, 1, 0, 0, 0, 0]);
  close(kscDistance(bump, shiftSeries(bump, 3, 1, new Float64Array(8)).map((v) => 7 * v)).distance, 0, 1e-7, 'moved bump');
});

test('distance matrices: symmetric with a zero diagonal, and equal to the single distances', () => {
  const random = new Random(10);
  const rows = Array.from({ length: 6 }, () => randomSeries(random, 12));
  const set = toSeriesSet(rows);
  for (const distance of ['euclidean', 'dtw', 'sbd', 'ksc'] as const) {
    const matrix = pairwiseDistances(set, { distance, window: 0.25 });
    for (let i = 0; i < 6; i++) {
      assert.equal(matrix[i * 6 + i], 0);
      for (let j = 0; j < 6; j++) assert.equal(matrix[i * 6 + j], matrix[j * 6 + i]);
    }
    const cross = crossDistances(toSeriesSet(rows.slice(0, 2)), set, { distance, window: 0.25 });
    for (let j = 0; j < 6; j++) close(cross[6 + j]!, matrix[6 + j]!, 1e-12, `${distance} cross`);
  }
  const m = pairwiseDistances(set, { distance: 'dtw', window: 0.25 });
  close(m[1]!, dtw(rows[0]!, rows[1]!, { window: 3 }));
  close(pairwiseDistances(set, { distance: 'sbd' })[1]!, sbd(rows[0]!, rows[1]!).distance);
  assert.throws(() => pairwiseDistances(set, { distance: 'cosine' as never }), /distance must be one of 'euclidean', 'dtw', 'sbd', 'ksc', got 'cosine'/);
});

test('series sets from every estimator input: channels laid one after the other, checked', () => {
  const batch = { values: Float64Array.from([1, 10, 2, 20, 3, 30, 4, 40, 5, 50, 6, 60]), shape: [2, 3, 2] as const };
  assert.deepEqual(Array.from(toSeriesSet(batch).data), [1, 2, 3, 10, 20, 30, 4, 5, 6, 40, 50, 60]);
  const split = {
    series: [[f([1, 2, 3]), f([10, 20, 30])]],
    labels: Int32Array.of(0),
    classNames: ['a'],
    channels: 2,
    equalLength: true,
    length: 3,
  };
  assert.deepEqual(toSeriesSet(split), { data: f([1, 2, 3, 10, 20, 30]), rows: 1, channels: 2, length: 3 });
  assert.deepEqual(toSeriesSet({ data: Float32Array.of(1, 2, 3, 4), rows: 2, cols: 2 }).data, f([1, 2, 3, 4]));
  assert.throws(() => toSeriesSet([[1, 2], [3]]), /row 2 has length 1, expected 2/);
  assert.throws(() => toSeriesSet({ ...split, equalLength: false, source: 'x.ts' }), /series \(x.ts\): series of unequal length/);
  assert.throws(() => toSeriesSet([]), /no series given/);
});
