import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OptionError } from '../../src/core/errors.js';
import { Random } from '../../src/core/random.js';
import { CYLINDER_BELL_FUNNEL } from '../../src/data/synthetic/cylinder-bell-funnel.js';
import { generateDataset, generateSplit } from '../../src/data/synthetic/generator.js';
import { syntheticGenerator } from '../../src/data/synthetic/registry.js';
import { SYNTHETIC_CONTROL } from '../../src/data/synthetic/synthetic-control.js';

const mean = (xs: ArrayLike<number>, from = 0, to = xs.length): number => {
  let s = 0;
  for (let i = from; i < to; i++) s += xs[i]!;
  return s / (to - from);
};

/** Least-squares slope of values against their index. */
function slope(values: Float64Array): number {
  const n = values.length;
  const tMean = (n - 1) / 2;
  const yMean = mean(values);
  let num = 0;
  let den = 0;
  for (let t = 0; t < n; t++) {
    num += (t - tMean) * (values[t]! - yMean);
    den += (t - tMean) ** 2;
  }
  return num / den;
}

/** Averages many draws of one class so the noise cancels and the shape shows. */
function meanShape(generator: typeof CYLINDER_BELL_FUNNEL, classIndex: number, draws: number): Float64Array {
  const random = new Random(7);
  const out = new Float64Array(generator.length);
  for (let i = 0; i < draws; i++) {
    const s = generator.draw(random, classIndex);
    for (let t = 0; t < out.length; t++) out[t]! += s[t]! / draws;
  }
  return out;
}

test('synthetic splits have the requested shape, every class, shuffled rows', () => {
  for (const generator of [CYLINDER_BELL_FUNNEL, SYNTHETIC_CONTROL]) {
    const split = generateSplit(generator, { perClass: 5, seed: 3 });
    const k = generator.classNames.length;
    assert.equal(split.series.length, 5 * k);
    assert.equal(split.length, generator.length);
    assert.equal(split.channels, 1);
    assert.ok(split.series.every((row) => row.length === 1 && row[0]!.length === generator.length));
    for (let c = 0; c < k; c++) assert.equal(split.labels.filter((l) => l === c).length, 5);
    assert.notDeepEqual([...split.labels], [...split.labels].sort());
  }
  assert.equal(CYLINDER_BELL_FUNNEL.length, 128);
  assert.equal(SYNTHETIC_CONTROL.length, 60);
});

test('synthetic data is determined by the seed', () => {
  const a = generateDataset(CYLINDER_BELL_FUNNEL, { trainPerClass: 3, testPerClass: 4, seed: 11 });
  const b = generateDataset(CYLINDER_BELL_FUNNEL, { trainPerClass: 3, testPerClass: 4, seed: 11 });
  const c = generateDataset(CYLINDER_BELL_FUNNEL, { trainPerClass: 3, testPerClass: 4, seed: 12 });
  assert.deepEqual(a.train.series, b.train.series);
  assert.deepEqual(a.test.labels, b.test.labels);
  assert.notDeepEqual(a.train.series, c.train.series);
  assert.equal(a.train.series.length, 9);
  assert.equal(a.test.series.length, 12);
  assert.deepEqual(a.classNames, ['cylinder', 'bell', 'funnel']);
});

test('CBF: noise before the event, cylinder plateau, bell rising ramp, funnel falling ramp', () => {
  const [cylinder, bell, funnel] = [0, 1, 2].map((c) => meanShape(CYLINDER_BELL_FUNNEL, c, 4000)) as [Float64Array, Float64Array, Float64Array];
  // Every event starts at t >= 16: before it the mean is pure noise around 0.
  for (const shape of [cylinder, bell, funnel]) assert.ok(Math.abs(mean(shape, 0, 14)) < 0.1);
  // t = 33..48 lies inside every event (a <= 32, b >= 48): the cylinder sits near 6 there.
  assert.ok(Math.abs(mean(cylinder, 32, 48) - 6) < 0.2);
  assert.ok(slope(cylinder.subarray(32, 48)) > -0.02 && slope(cylinder.subarray(32, 48)) < 0.02);
  assert.ok(slope(bell.subarray(32, 48)) > 0.05, 'bell rises');
  assert.ok(slope(funnel.subarray(32, 48)) < -0.05, 'funnel falls');
  // Single draws: the bell peaks late in its event, the funnel early.
  const random = new Random(5);
  let bellLater = 0;
  for (let i = 0; i < 200; i++) {
    const argmax = (s: Float64Array): number => s.indexOf(Math.max(...s));
    if (argmax(CYLINDER_BELL_FUNNEL.draw(random, 1)) > argmax(CYLINDER_BELL_FUNNEL.draw(random, 2))) bellLater++;
  }
  assert.ok(bellLater > 180);
});

test('Synthetic Control: flat normal and cyclic, trend slopes in [0.2, 0.5], shifts of 7.5..20', () => {
  const random = new Random(9);
  for (let i = 0; i < 200; i++) {
    const normal = SYNTHETIC_CONTROL.draw(random, 0);
    assert.ok(normal.every((v) => v >= 24 && v <= 36), 'normal stays within m +- 3s');
    assert.ok(Math.abs(slope(normal)) < 0.2);
    const up = slope(SYNTHETIC_CONTROL.draw(random, 2));
    const down = slope(SYNTHETIC_CONTROL.draw(random, 3));
    assert.ok(up > 0.1 && up < 0.6, `increasing slope ${up}`);
    assert.ok(down < -0.1 && down > -0.6, `decreasing slope ${down}`);
    for (const [classIndex, sign] of [[4, 1], [5, -1]] as const) {
      const s = SYNTHETIC_CONTROL.draw(random, classIndex);
      // The shift starts between t = 20 and t = 40: compare the first and last 19 steps.
      const jump = sign * (mean(s, 41) - mean(s, 0, 19));
      assert.ok(jump > 7.5 - 3 && jump < 20 + 3, `shift ${jump}`);
    }
    const cyclic = SYNTHETIC_CONTROL.draw(random, 1);
    assert.ok(Math.max(...cyclic) - Math.min(...cyclic) > 15, 'cyclic swings by twice its amplitude');
  }
});

test('synthetic generators by name; bad names and sizes are OptionErrors', () => {
  assert.equal(syntheticGenerator('CBF'), CYLINDER_BELL_FUNNEL);
  assert.equal(syntheticGenerator('synthetic-control'), SYNTHETIC_CONTROL);
  assert.throws(() => syntheticGenerator('constructor'), OptionError);
  assert.throws(() => syntheticGenerator('nope'), /allowed: cbf, synthetic-control/);
  assert.throws(() => generateSplit(CYLINDER_BELL_FUNNEL, { perClass: 0 }), OptionError);
});
