/** The probability distributions the significance tests need, from jstat in one place. */
import jstat from 'jstat';

const { jStat } = jstat;

/** Degrees of freedom standing in for infinity in the studentized range distribution. */
const INFINITE_DOF = 1e9;

export function normalCdf(z: number): number {
  return jStat.normal.cdf(z, 0, 1);
}

export function chiSquareSurvival(x: number, dof: number): number {
  return 1 - jStat.chisquare.cdf(x, dof);
}

export function fSurvival(x: number, df1: number, df2: number): number {
  return 1 - jStat.centralF.cdf(x, df1, df2);
}

/** Quantile of the range of `groups` standard normals (studentized range, infinite dof). */
export function studentizedRangeQuantile(p: number, groups: number): number {
  return jStat.tukey.inv(p, groups, INFINITE_DOF);
}
