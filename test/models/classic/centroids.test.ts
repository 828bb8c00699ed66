import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { Random } from '../../../src/core/random.js';
import { zNormalize } from '../../../src/data/normalize.js';
import { dtwBarycenter } from '../../../src/models/classic/dba.js';
import { spectralCentroid } from '../../../src/models/classic/ksc.js';
import { leadingEigenvector } from '../../../src/models/classic/leading-eigenvector.js';
import { extractShape } from '../../../src/models/classic/shape-extraction.js';
import { Dtw } from '../../../src/models/distances/dtw.js';
import { shiftSeries } from '../../../src/models/distances/shift.js';

const closeArrays = (a: ArrayLike<number>, b: ArrayLike<number>, tol: number, what: string): void => {
  assert.equal(a.length, b.length, `${what}: lengths`);
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i]! - b[i]!) <= tol, `${what}[${i}]: ${a[i]} vs ${b[i]}`);
};

function noisy(random: Random, length: number, scale = 1): Float64Array {
  return Float64Array.from({ length }, (_, t) => scale * Math.sin((2 * Math.PI * t) / length) + 0.3 * random.normal());
}

/** The unit eigenvector of the largest eigenvalue of RᵀR by ml-matrix's full decomposition, signed like `like`. */
function referenceEigenvector(rows: Float64Array[], like: Float64Array): Float64Array {
  const r = new Matrix(rows.map((row) => Array.from(row)));
  const eig = new EigenvalueDecomposition(r.transpose().mmul(r), { assumeSymmetric: true });
  const values = eig.realEigenvalues;
  const top = values.indexOf(Math.max(...values));
  const v = Float64Array.from(eig.eigenvectorMatrix.getColumn(top));
  const sign = v.reduce((s, x, i) => s + x * like[i]!, 0) < 0 ? -1 : 1;
  return v.map((x) => sign * x);
}

test('power iteration finds the leading eigenvector that a full decomposition gives', () => {
  const random = new Random(1);
  const rows = Array.from({ length: 12 }, () => noisy(random, 20));
  const flat = new Float64Array(12 * 20);
  rows.forEach((row, i) => flat.set(row, i * 20));
  const found = leadingEigenvector(flat, 12, 20, Float64Array.from({ length: 20 }, () => 1));
  closeArrays(found, referenceEigenvector(rows, found), 1e-7, 'eigenvector');
  assert.ok(leadingEigenvector(new Float64Array(40), 2, 20, new Float64Array(20).fill(1)).every((v) => v === 0));
});

test("k-Shape's centroid of one series is its z-normalised shape, moved or not", () => {
  const random = new Random(2);
  const x = noisy(random, 30, 4).map((v) => v + 7);
  closeArrays(extractShape([x], null, 1, 30, null), zNormalize(x), 1e-8, 'unshifted');
  const moved = shiftSeries(x, 3, 1, new Float64Array(30));
  closeArrays(extractShape([x], Int32Array.of(3), 1, 30, null), zNormalize(moved), 1e-8, 'shifted');
  // Multivariate: each channel's shape on its own.
  const y = noisy(random, 30);
  const both = Float64Array.from([...x, ...y]);
  closeArrays(extractShape([both], null, 2, 30, null), [...zNormalize(x), ...zNormalize(y)], 1e-8, 'two channels');
});

test("k-Shape's centroid maximises the summed squared correlation: the leading eigenvector of Σ yᵢyᵢᵀ", () => {
  const random = new Random(3);
  const members = Array.from({ length: 9 }, () => noisy(random, 25, 1 + random.next()));
  const shape = extractShape(members, null, 1, 25, null);
  const reference = zNormalize(referenceEigenvector(members.map(zNormalize), shape));
  closeArrays(shape, reference, 1e-6, 'shape');
});

test("KSC's spectral centroid: one series gives its direction; many give the leading eigenvector of Σ x̂ᵢx̂ᵢᵀ", () => {
  const random = new Random(4);
  const x = noisy(random, 20, 3);
  const norm = Math.hypot(...x);
  closeArrays(spectralCentroid([x], null, 1, null), x.map((v) => v / norm), 1e-9, 'one series');
  closeArrays(spectralCentroid([x.map((v) => -5 * v)], null, 1, null), x.map((v) => -v / norm), 1e-9, 'sign follows the member');
  const members = Array.from({ length: 7 }, () => noisy(random, 20, 1 + 3 * random.next()));
  const centroid = spectralCentroid(members, null, 1, null);
  const unit = members.map((m) => m.map((v) => v / Math.hypot(...m)));
  closeArrays(centroid, referenceEigenvector(unit, centroid), 1e-7, 'several');
});

test('the DBA of identical series is that series, from any start', () => {
  const random = new Random(5);
  const x = noisy(random, 24, 2);
  for (const window of [0, 3, 23]) {
    const dtw = new Dtw(24, { window });
    closeArrays(dtwBarycenter([x, x, x], x, dtw, 5), x, 1e-12, `window ${window}, from itself`);
  }
  // From a poor start it still converges onto the series when warping is unconstrained.
  const start = x.map((v, t) => v + (t % 2 === 0 ? 0.1 : -0.1));
  closeArrays(dtwBarycenter([x, x], start, new Dtw(24), 30), x, 1e-9, 'from a perturbed start');
});

test('DBA lowers the sum of squared DTW distances to the members', () => {
  const random = new Random(6);
  const members = Array.from({ length: 8 }, () => {
    const shift = random.int(5);
    return Float64Array.from({ length: 40 }, (_, t) => Math.sin((2 * Math.PI * (t - shift)) / 20) + 0.1 * random.normal());
  });
  const dtw = new Dtw(40, { window: 4 });
  const mean = new Float64Array(40);
  members.forEach((m) => m.forEach((v, t) => (mean[t]! += v / members.length)));
  const cost = (c: Float64Array): number => members.reduce((s, m) => s + dtw.squaredDistance(c, m), 0);
  const average = dtwBarycenter(members, mean, dtw, 10);
  assert.ok(cost(average) < cost(mean), `${cost(average)} not below ${cost(mean)}`);
  // With window 0, DBA is the arithmetic mean.
  closeArrays(dtwBarycenter(members, members[0]!, new Dtw(40, { window: 0 }), 3), mean, 1e-12, 'window 0');
});
