/**
 * The report of one clustering run: scores and settings, the t-SNE of the representation
 * coloured by true class and by found cluster (the papers' Figures 2 and 3), and the training
 * curves of each loss when the method trains.
 */
import type { EpochLog } from '../models/base/fit-options.js';
import { renderReport, type ReportFigure, type ReportSection } from './html.js';
import { lineChart } from './svg/line-chart.js';
import { scatterPlot } from './svg/scatter.js';
import { tsneLayout } from '../evaluation/embedding/tsne.js';
import { tableToHtml } from '../experiments/table.js';

export interface RunReportArgs {
  /** For example "DTCR on Coffee". */
  title: string;
  scores: Readonly<Record<string, number>>;
  settings: Readonly<Record<string, unknown>>;
  /** The rows that were clustered, in the space they were clustered in. */
  representation?: readonly ArrayLike<number>[];
  /** What the representation is, for the caption (for example "the raw TEST series"). */
  representationName?: string;
  /** True class (0..K-1, -1 unlabelled) and found cluster per row. */
  truth: ArrayLike<number>;
  predicted?: ArrayLike<number>;
  classNames: readonly string[];
  history?: readonly EpochLog[];
  /** Seed of the t-SNE layout and subsample (default 0). */
  seed?: number;
  /** Rows shown at most (a seeded subsample beyond; default 600: t-SNE is quadratic). */
  maxPoints?: number;
}

export function runReport(args: RunReportArgs): string {
  const sections: ReportSection[] = [
    { heading: 'Scores', html: tableToHtml({ columns: ['metric', 'value'], rows: Object.entries(args.scores).map(([k, v]) => [k.toUpperCase(), v]) }) },
  ];
  if (args.representation && args.representation.length >= 2) sections.push(representationSection(args, args.representation));
  if (args.history && args.history.length > 0) sections.push(trainingSection(args.history));
  sections.push({
    heading: 'Settings',
    html: tableToHtml({ columns: ['setting', 'value'], rows: Object.entries(args.settings).map(([k, v]) => [k, settingText(v)]) }),
  });
  return renderReport({ title: args.title, subtitle: [`Tempora, ${new Date().toISOString()}`], sections });
}

/**
 * Settings as a person writes them: 3, 0.0001, k-means++, 1, 4, 16; objects as "name value" pairs
 * with numbers to 4 digits, so that a value such as the final losses stays a short readable cell.
 */
export function settingText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
  if (Array.isArray(value)) return value.map(settingText).join(', ');
  if (value !== null && typeof value === 'object') {
    return Object.entries(value)
      .map(([k, v]) => `${k} ${typeof v === 'number' && !Number.isInteger(v) ? String(Number(v.toPrecision(4))) : settingText(v)}`)
      .join('; ');
  }
  return String(value);
}

function representationSection(args: RunReportArgs, rows: readonly ArrayLike<number>[]): ReportSection {
  const { points, indices: chosen } = tsneLayout(rows, { seed: args.seed ?? 0, ...(args.maxPoints !== undefined ? { maxPoints: args.maxPoints } : {}) });
  const what = args.representationName ?? 'the representation';
  const sample = chosen.length < rows.length ? ` (${chosen.length} of ${rows.length} rows, drawn at random)` : '';
  const figures: ReportFigure[] = [
    {
      svg: scatterPlot({ title: 't-SNE by true class', points, classes: chosen.map((i) => Math.max(0, args.truth[i]!)), classNames: args.classNames }),
      caption: `t-SNE of ${what}, coloured by true class${sample}.`,
    },
  ];
  if (args.predicted) {
    const clusters = Math.max(...chosen.map((i) => args.predicted![i]!)) + 1;
    figures.push({
      svg: scatterPlot({ title: 't-SNE by cluster', points, classes: chosen.map((i) => args.predicted![i]!), classNames: Array.from({ length: clusters }, (_, c) => `cluster ${c + 1}`) }),
      caption: `The same layout coloured by the cluster found.`,
    });
  }
  return { heading: 'Representation', figures };
}

function trainingSection(history: readonly EpochLog[]): ReportSection {
  const components = Object.keys(history[0]!.losses);
  const metrics = Object.keys(history.find((h) => h.metrics)?.metrics ?? {});
  const figures: ReportFigure[] = components.map((name) => ({
    svg: lineChart({ title: `${name} loss`, xLabel: 'epoch', yLabel: name, series: [{ name, points: history.map((h) => [h.epoch, h.losses[name]!] as const) }] }),
    caption: `Training curve of the ${name} loss (mean over each epoch's steps).`,
  }));
  if (metrics.length > 0) {
    figures.push({
      svg: lineChart({
        title: 'diagnostics',
        xLabel: 'epoch',
        yLabel: 'score',
        series: metrics.map((m) => ({ name: m.toUpperCase(), points: history.filter((h) => h.metrics?.[m] !== undefined).map((h) => [h.epoch, h.metrics![m]!] as const) })),
      }),
      caption: 'Diagnostics on the evaluation set, per epoch (never used to choose anything).',
    });
  }
  return { heading: 'Training', figures };
}
