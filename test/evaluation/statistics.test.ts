import { test } from 'node:test';
import assert from 'node:assert/strict';
import { averageRanks, rankAverage } from '../../src/evaluation/statistics/ranks.js';
import { wilcoxonSignedRank } from '../../src/evaluation/statistics/wilcoxon.js';
import { friedmanFromRanks, friedmanTest } from '../../src/evaluation/statistics/friedman.js';
import { criticalDifference, nemenyiQ, nemenyiTest } from '../../src/evaluation/statistics/nemenyi.js';

const close = (actual: number, expected: number, tol: number, what: string): void =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} vs ${expected}`);

test('ranks average ties like scipy rankdata', () => {
  assert.deepEqual(rankAverage([10, 20, 10, 30]), [1.5, 3, 1.5, 4]);
  assert.deepEqual(averageRanks([[0.9, 0.8], [0.7, 0.7]]), [1.25, 1.75]);
});

// Demšar (2006), Table 2: AUC of C4.5 and C4.5+m on 14 datasets; R+ = 93, R- = 12 with the ranks
// of zero differences split between the two, T = 12 <= 21 (the critical value for N = 14).
const c45 = [0.763, 0.599, 0.954, 0.628, 0.882, 0.936, 0.661, 0.583, 0.775, 1.0, 0.94, 0.619, 0.972, 0.957];
const c45m = [0.768, 0.591, 0.971, 0.661, 0.888, 0.931, 0.668, 0.583, 0.838, 1.0, 0.962, 0.666, 0.981, 0.978];

test('Wilcoxon reproduces Demšar 2006 Table 2 (zsplit) and scipy p-values', () => {
  const r = wilcoxonSignedRank(c45m, c45, 'zsplit');
  assert.equal(r.rPlus, 93);
  assert.equal(r.rMinus, 12);
  assert.equal(r.statistic, 12);
  close(r.pValue, 0.01096849656422473, 1e-9, 'zsplit p (scipy 1.10)');
  close(wilcoxonSignedRank(c45, c45m).pValue, 0.01075713311978963, 1e-9, 'wilcox p (scipy 1.10)');
  close(wilcoxonSignedRank(c45, c45m, 'pratt').pValue, 0.010791957881997143, 1e-9, 'pratt p (scipy 1.10)');
});

test('Wilcoxon exact distribution for small samples without ties', () => {
  // scipy.stats.wilcoxon([1,2,3,4,5,6,7,8], [0,0,0,0,0,0,0,0]) -> statistic 0, p = 2/256.
  const r = wilcoxonSignedRank([1, 2, 3, 4, 5, 6, 7, 8], [0, 0, 0, 0, 0, 0, 0, 0]);
  assert.equal(r.method, 'exact');
  close(r.pValue, 2 / 256, 1e-12, 'all positive');
  // scipy: wilcoxon([0.5, -1.2, 2.3, 3.1, -0.4, 1.7]) -> statistic 4.0, p = 0.21875.
  const mixed = wilcoxonSignedRank([0.5, -1.2, 2.3, 3.1, -0.4, 1.7], [0, 0, 0, 0, 0, 0]);
  assert.equal(mixed.statistic, 4);
  close(mixed.pValue, 0.21875, 1e-12, 'mixed');
  assert.throws(() => wilcoxonSignedRank([1, 2], [1, 2]), /every difference is zero/);
  assert.throws(() => wilcoxonSignedRank([1, 2], [1]), /differ in length/);
});

test('Friedman and Iman-Davenport reproduce Demšar 2006 section 3.2.2', () => {
  // Average ranks of C4.5, C4.5+m, C4.5+cf, C4.5+m+cf over 14 datasets: chi2_F = 9.28, F_F = 3.69.
  const r = friedmanFromRanks([3.143, 2.0, 2.893, 1.964], 14);
  close(r.chiSquare, 9.28, 0.01, 'chi2');
  close(r.imanDavenport, 3.69, 0.01, 'F_F');
  assert.ok(r.imanDavenportPValue < 0.05 && r.imanDavenportPValue > 0.01);
});

test('Friedman on identical rankings is maximally significant', () => {
  const scores = Array.from({ length: 6 }, () => [0.9, 0.8, 0.7]);
  const r = friedmanTest(scores);
  assert.deepEqual(r.averageRanks, [1, 2, 3]);
  close(r.chiSquare, 12, 1e-12, 'chi2 = N(k-1)');
  assert.equal(r.imanDavenportPValue, 0);
});

test('Nemenyi q and critical difference match Demšar 2006 Table 5', () => {
  const q05 = [1.96, 2.343, 2.569, 2.728, 2.85, 2.949, 3.031, 3.102, 3.164];
  const q10 = [1.645, 2.052, 2.291, 2.459, 2.589, 2.693, 2.78, 2.855, 2.92];
  q05.forEach((q, i) => close(nemenyiQ(i + 2, 0.05), q, 0.0015, `q0.05 k=${i + 2}`));
  q10.forEach((q, i) => close(nemenyiQ(i + 2, 0.1), q, 0.0015, `q0.10 k=${i + 2}`));
  close(criticalDifference(4, 14), 1.25, 0.005, 'CD for k=4, N=14');
});

test('Nemenyi cliques group methods within the critical difference', () => {
  const r = nemenyiTest([3.143, 2.0, 2.893, 1.964], 14);
  // Sorted: m+cf 1.964, m 2.000, cf 2.893, C4.5 3.143; CD 1.25: {m+cf, m, cf} and {cf, C4.5, m}? No:
  // 3.143 - 2.000 = 1.143 < CD, so {m, cf, C4.5} is a group; 3.143 - 1.964 = 1.179 < CD too.
  assert.deepEqual(r.cliques, [[3, 1, 2, 0]]);
  assert.equal(r.significant[0]![3], false);
  const wide = nemenyiTest([1, 1.2, 3.5, 3.9], 30);
  assert.deepEqual(wide.cliques, [[0, 1], [2, 3]]);
  assert.equal(wide.significant[0]![2], true);
});
