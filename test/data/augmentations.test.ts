import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OptionError } from '../../src/core/errors.js';
import { Random } from '../../src/core/random.js';
import { augment, AUGMENTATION_NAMES, jitter, magnitudeWarp, scaling, timeWarp, windowSlice, type SeriesValues } from '../../src/data/augmentation/augmentations.js';
import { splineCurve } from '../../src/data/augmentation/smooth-curve.js';

const rows = 5;
const length = 40;
const channels = 2;
const batch: SeriesValues = {
  values: Float32Array.from({ length: rows * length * channels }, (_, i) => Math.sin(i / 7) + (i % channels)),
  shape: [rows, length, channels],
};
const at = (b: SeriesValues, row: number, t: number, c: number): number => b.values[(row * length + t) * channels + c]!;

test('every augmentation keeps the shape and is seeded: same seed, same output; another seed, another', () => {
  for (const name of AUGMENTATION_NAMES) {
    const a = augment(batch, [name], new Random(3));
    assert.deepEqual(a.shape, batch.shape, name);
    assert.equal(a.values.length, batch.values.length, name);
    assert.ok(a.values.every(Number.isFinite), name);
    assert.deepEqual(augment(batch, [name], new Random(3)).values, a.values, name);
    assert.notDeepEqual(augment(batch, [name], new Random(4)).values, a.values, name);
    assert.notDeepEqual(a.values, batch.values, `${name} changes the series`);
  }
  assert.throws(() => augment(batch, ['mixup' as never], new Random(0)), /unknown augmentation 'mixup'/);
  assert.throws(() => augment({ values: new Float32Array(3), shape: [1, 2, 2] }, ['jitter'], new Random(0)), OptionError);
});

test('jitter adds zero-mean noise of the given standard deviation', () => {
  const zeros: SeriesValues = { values: new Float32Array(20000), shape: [10, 1000, 2] };
  const noisy = jitter(zeros, new Random(1), 0.5).values;
  const mean = noisy.reduce((a, b) => a + b, 0) / noisy.length;
  const sd = Math.sqrt(noisy.reduce((a, b) => a + (b - mean) ** 2, 0) / noisy.length);
  assert.ok(Math.abs(mean) < 0.02, `mean ${mean}`);
  assert.ok(Math.abs(sd - 0.5) < 0.02, `sd ${sd}`);
});

test('scaling multiplies each row and channel by one factor', () => {
  const out = scaling(batch, new Random(2), 0.3);
  for (let row = 0; row < rows; row++) {
    for (let c = 0; c < channels; c++) {
      const factor = at(out, row, 1, c) / at(batch, row, 1, c);
      for (let t = 0; t < length; t++) assert.ok(Math.abs(at(out, row, t, c) - factor * at(batch, row, t, c)) < 1e-5);
    }
  }
});

test('magnitude warping multiplies by a smooth curve; sigma 0 leaves the series unchanged', () => {
  const ones: SeriesValues = { values: new Float32Array(length).fill(1), shape: [1, length, 1] };
  const curve = magnitudeWarp(ones, new Random(5), 0.2).values;
  // smooth: neighbouring steps differ far less than the knots' spread
  for (let t = 1; t < length; t++) assert.ok(Math.abs(curve[t]! - curve[t - 1]!) < 0.1, `step ${t}`);
  assert.deepEqual(magnitudeWarp(batch, new Random(5), 0).values, batch.values);
});

test('time warping keeps both ends, stays within the series range, and is the identity at sigma 0', () => {
  const out = timeWarp(batch, new Random(6), 0.3);
  for (let row = 0; row < rows; row++) {
    for (let c = 0; c < channels; c++) {
      assert.ok(Math.abs(at(out, row, 0, c) - at(batch, row, 0, c)) < 1e-6);
      assert.ok(Math.abs(at(out, row, length - 1, c) - at(batch, row, length - 1, c)) < 1e-5);
      const series = Array.from({ length }, (_, t) => at(batch, row, t, c));
      for (let t = 0; t < length; t++) assert.ok(at(out, row, t, c) >= Math.min(...series) - 1e-6 && at(out, row, t, c) <= Math.max(...series) + 1e-6);
    }
  }
  const same = timeWarp(batch, new Random(6), 0).values;
  batch.values.forEach((v, i) => assert.ok(Math.abs(same[i]! - v) < 1e-5));
  // a ramp stays increasing: the clock never runs backwards
  const ramp: SeriesValues = { values: Float32Array.from({ length }, (_, t) => t), shape: [1, length, 1] };
  const warped = timeWarp(ramp, new Random(7), 0.5).values;
  for (let t = 1; t < length; t++) assert.ok(warped[t]! >= warped[t - 1]!);
});

test('window slicing stretches a window of the series back to its length', () => {
  const ramp: SeriesValues = { values: Float32Array.from({ length: 2 * length }, (_, i) => i % length), shape: [2, length, 1] };
  const out = windowSlice(ramp, new Random(8), 0.5).values;
  for (let row = 0; row < 2; row++) {
    const series = out.slice(row * length, (row + 1) * length);
    const start = series[0]!;
    assert.equal(start, Math.round(start), 'the window starts at a time step');
    // the window of 20 steps spans 19 units, spread evenly over 40 steps
    assert.ok(Math.abs(series[length - 1]! - (start + 19)) < 1e-4);
    for (let t = 1; t < length; t++) assert.ok(Math.abs(series[t]! - series[t - 1]! - 19 / 39) < 1e-4);
  }
  assert.deepEqual(windowSlice(batch, new Random(8), 1).values, batch.values);
  assert.throws(() => windowSlice(batch, new Random(8), 0), /ratio must be in \(0, 1\]/);
});

test('the spline passes through its knots and is linear where the knots are', () => {
  const curve = splineCurve([1, 3, 2, 5], 31);
  assert.ok(Math.abs(curve[0]! - 1) < 1e-12 && Math.abs(curve[10]! - 3) < 1e-12 && Math.abs(curve[20]! - 2) < 1e-12 && Math.abs(curve[30]! - 5) < 1e-12);
  const line = splineCurve([0, 1, 2, 3], 10);
  line.forEach((v, t) => assert.ok(Math.abs(v - t / 3) < 1e-12));
});
