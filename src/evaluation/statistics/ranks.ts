/** Ranks with ties averaged (scipy's rankdata 'average'), and average ranks of methods over datasets. */

/** 1-based ranks of the values in ascending order; tied values share the mean of their ranks. */
export function rankAverage(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]![0] === order[start]![0]) end++;
    const shared = (start + end) / 2 + 1;
    for (let j = start; j <= end; j++) ranks[order[j]![1]] = shared;
    start = end + 1;
  }
  return ranks;
}

/**
 * Average rank of each method over datasets, rank 1 for the best. `scores[d][m]` is the score of
 * method m on dataset d; higher is better unless `higherIsBetter` is false.
 */
export function averageRanks(scores: readonly (readonly number[])[], higherIsBetter = true): number[] {
  if (scores.length === 0) return [];
  const methods = scores[0]!.length;
  const sums = new Array<number>(methods).fill(0);
  for (const row of scores) {
    const ranks = rankAverage(row.map((s) => (higherIsBetter ? -s : s)));
    ranks.forEach((r, m) => (sums[m] += r));
  }
  return sums.map((s) => s / scores.length);
}

/** Sizes of the groups of tied values (only groups of two or more). */
export function tieGroupSizes(values: readonly number[]): number[] {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.values()].filter((c) => c > 1);
}
