/**
 * From finished runs to the tables a paper prints: per dataset the mean and standard deviation
 * over seeds of each method beside the paper's value, average ranks, wins/ties/losses against a
 * reference method (and a baseline), Wilcoxon signed-rank tests, and Friedman with the Nemenyi
 * post-hoc.
 */
import { friedmanTest, type FriedmanResult } from '../evaluation/statistics/friedman.js';
import { nemenyiTest, type NemenyiResult } from '../evaluation/statistics/nemenyi.js';
import { averageRanks } from '../evaluation/statistics/ranks.js';
import { wilcoxonSignedRank, type WilcoxonResult } from '../evaluation/statistics/wilcoxon.js';
import type { RunRecord } from './results-store.js';
import type { Cell, Table } from './table.js';

export interface SummaryOptions {
  /** Metric key in RunRecord.metrics (e.g. 'ri', 'nmi', 'accuracy'). */
  metric: string;
  /** Methods in column order. */
  methods: readonly string[];
  /** The method the others are compared with (default: the first). */
  reference?: string;
  /** A second method every other is compared with, when the claim to test is against it. */
  baseline?: string;
  /** The paper's value for a dataset and method, when it has one. */
  paper?: (dataset: string, method: string) => number | undefined;
  /** Another study's values, a column beside each method it has values for. */
  study?: { readonly name: string; value(dataset: string, method: string): number | undefined };
  /** Significance level of the Nemenyi test (default 0.05). */
  alpha?: number;
}

export interface CellStats {
  readonly mean: number;
  /** Sample standard deviation over seeds (0 for a single run). */
  readonly sd: number;
  readonly runs: number;
}

export interface Comparison {
  readonly method: string;
  /** The reference or the baseline. */
  readonly against: string;
  /** Datasets where `method` beats / ties / loses to `against` (means equal to 4 decimals tie). */
  readonly wins: number;
  readonly ties: number;
  readonly losses: number;
  /** `against` vs method over the datasets both ran; null when undefined (all ties). */
  readonly wilcoxon: WilcoxonResult | null;
}

export interface Summary {
  readonly metric: string;
  readonly methods: readonly string[];
  readonly datasets: readonly string[];
  readonly cells: ReadonlyMap<string, ReadonlyMap<string, CellStats>>;
  /** The methods with runs: the ones ranks, the Friedman test and the table show (the reference is in the table even before it runs). */
  readonly ranked: readonly string[];
  /** Datasets on which every ranked method has runs: the ones ranks and the Friedman test use. */
  readonly completeDatasets: readonly string[];
  /** Average rank of each of `ranked`, in its order. */
  readonly averageRanks: readonly number[] | null;
  /** Each method against the reference, then against the baseline when there is one. */
  readonly comparisons: readonly Comparison[];
  readonly friedman: FriedmanResult | null;
  readonly nemenyi: NemenyiResult | null;
  readonly table: Table;
}

export function summarise(records: readonly RunRecord[], options: SummaryOptions): Summary {
  const { metric, methods } = options;
  const reference = options.reference ?? methods[0]!;
  const values = new Map<string, Map<string, number[]>>();
  for (const r of records) {
    const v = r.metrics[metric];
    if (v === undefined || !methods.includes(r.method)) continue;
    const byMethod = values.get(r.dataset) ?? new Map<string, number[]>();
    values.set(r.dataset, byMethod);
    byMethod.set(r.method, [...(byMethod.get(r.method) ?? []), v]);
  }
  const datasets = [...values.keys()].sort();
  const cells = new Map<string, Map<string, CellStats>>();
  for (const d of datasets) {
    const row = new Map<string, CellStats>();
    for (const [m, vs] of values.get(d)!) row.set(m, stats(vs));
    cells.set(d, row);
  }
  const meanOf = (d: string, m: string): number | undefined => cells.get(d)?.get(m)?.mean;
  const ranked = methods.filter((m) => datasets.some((d) => meanOf(d, m) !== undefined));
  const complete = datasets.filter((d) => ranked.every((m) => meanOf(d, m) !== undefined));
  const scores = complete.map((d) => ranked.map((m) => meanOf(d, m)!));
  const enough = complete.length >= 2 && ranked.length >= 2;
  const friedman = enough ? friedmanTest(scores) : null;
  const nemenyi = friedman ? nemenyiTest(friedman.averageRanks, complete.length, options.alpha ?? 0.05) : null;
  const comparedWith = [...new Set([reference, ...(options.baseline ? [options.baseline] : [])])];
  const comparisons = comparedWith.flatMap((against) => methods.filter((m) => m !== against).map((m) => compare(datasets, against, m, meanOf)));
  return {
    metric,
    methods,
    datasets,
    cells,
    ranked,
    completeDatasets: complete,
    averageRanks: complete.length > 0 ? averageRanks(scores) : null,
    comparisons,
    friedman,
    nemenyi,
    // The reference keeps its column (and the paper's values) even before it runs.
    table: summaryTable(datasets, methods.filter((m) => m === reference || ranked.includes(m)), cells, options),
  };
}

function stats(vs: readonly number[]): CellStats {
  const mean = vs.reduce((a, b) => a + b, 0) / vs.length;
  const sd = vs.length < 2 ? 0 : Math.sqrt(vs.reduce((a, v) => a + (v - mean) ** 2, 0) / (vs.length - 1));
  return { mean, sd, runs: vs.length };
}

function compare(datasets: readonly string[], against: string, method: string, meanOf: (d: string, m: string) => number | undefined): Comparison {
  let wins = 0;
  let ties = 0;
  let losses = 0;
  const ours: number[] = [];
  const theirs: number[] = [];
  for (const d of datasets) {
    const a = meanOf(d, method);
    const b = meanOf(d, against);
    if (a === undefined || b === undefined) continue;
    ours.push(a);
    theirs.push(b);
    const diff = Math.round(a * 1e4) - Math.round(b * 1e4);
    if (diff > 0) wins++;
    else if (diff < 0) losses++;
    else ties++;
  }
  let wilcoxon: WilcoxonResult | null = null;
  if (ours.some((v, i) => v !== theirs[i])) wilcoxon = wilcoxonSignedRank(theirs, ours);
  return { method, against, wins, ties, losses, wilcoxon };
}

function summaryTable(
  datasets: readonly string[],
  methods: readonly string[],
  cells: ReadonlyMap<string, ReadonlyMap<string, CellStats>>,
  { paper, study }: Pick<SummaryOptions, 'paper' | 'study'>,
): Table {
  const inStudy = new Set(study ? methods.filter((m) => datasets.some((d) => study.value(d, m) !== undefined)) : []);
  const columns = ['dataset', ...methods.flatMap((m) => [m, `${m} sd`, ...(paper ? [`${m} paper`] : []), ...(inStudy.has(m) ? [`${m} ${study!.name}`] : [])])];
  const emphasis = new Set<string>();
  const rows = datasets.map((d, r) => {
    const row: Cell[] = [d];
    const means = methods.map((m) => cells.get(d)?.get(m)?.mean);
    const best = Math.max(...means.filter((v): v is number => v !== undefined));
    for (const m of methods) {
      const cell = cells.get(d)?.get(m);
      if (cell && cell.mean === best) emphasis.add(`${r},${row.length}`);
      row.push(cell?.mean ?? null, cell ? cell.sd : null);
      if (paper) row.push(paper(d, m) ?? null);
      if (inStudy.has(m)) row.push(study!.value(d, m) ?? null);
    }
    return row;
  });
  return { columns, rows, emphasis };
}
