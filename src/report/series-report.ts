/**
 * The report of clustering one's own file: the choice of K (the criterion's curve), the clusters in
 * a t-SNE of the rows (coloured by cluster, and by class when the file has labels), each cluster's
 * mean series with ± one standard deviation, the scores against labels when there are any, and
 * the settings.
 */
import { tsneLayout } from '../evaluation/embedding/tsne.js';
import { tableToHtml } from '../experiments/table.js';
import type { LabelledSplit } from '../data/types.js';
import type { EpochLog } from '../models/base/fit-options.js';
import { renderReport, type ReportFigure, type ReportSection } from './html.js';
import { settingText } from './run-report.js';
import { bandChart } from './svg/band-chart.js';
import { lineChart } from './svg/line-chart.js';
import { scatterPlot } from './svg/scatter.js';

export interface SeriesReportArgs {
  title: string;
  /** The clustered rows: their series (first channel drawn), labels and class names. */
  split: LabelledSplit;
  clusters: Int32Array;
  /** The rows in the space they were clustered in, for t-SNE. */
  representation: readonly ArrayLike<number>[];
  representationName: string;
  /** --k auto: the criterion over K, and which K was kept. */
  curve?: { criterion: string; points: readonly { k: number; value: number }[]; chosen: number };
  scores?: Readonly<Record<string, number>>;
  settings: Readonly<Record<string, unknown>>;
  history?: readonly EpochLog[];
  seed?: number;
}

export function seriesReport(args: SeriesReportArgs): string {
  const sections: ReportSection[] = [];
  if (args.curve) sections.push(curveSection(args.curve));
  sections.push(clustersSection(args));
  if (args.scores) {
    sections.push({
      heading: 'Scores against the file\'s labels',
      notes: ['Computed after the fact; the labels chose nothing.'],
      html: tableToHtml({ columns: ['metric', 'value'], rows: Object.entries(args.scores).map(([k, v]) => [k.toUpperCase(), v]) }),
    });
  }
  if (args.history && args.history.length > 0) {
    const names = Object.keys(args.history[0]!.losses);
    sections.push({
      heading: 'Training',
      figures: names.map((name) => ({
        svg: lineChart({ title: `${name} loss`, xLabel: 'epoch', yLabel: name, series: [{ name, points: args.history!.map((h) => [h.epoch, h.losses[name]!] as const) }] }),
        caption: `Training curve of the ${name} loss.`,
      })),
    });
  }
  sections.push({ heading: 'Settings', html: tableToHtml({ columns: ['setting', 'value'], rows: Object.entries(args.settings).map(([k, v]) => [k, settingText(v)]) }) });
  return renderReport({ title: args.title, subtitle: [`Tempora, ${new Date().toISOString()}`], sections });
}

function curveSection(curve: NonNullable<SeriesReportArgs['curve']>): ReportSection {
  return {
    heading: 'Choice of K',
    notes: [`K = ${curve.chosen}, the ${curve.criterion === 'davies-bouldin' ? 'lowest' : 'highest'} ${curve.criterion} over K = ${curve.points[0]!.k}..${curve.points[curve.points.length - 1]!.k}.`],
    figures: [
      {
        svg: lineChart({ title: `${curve.criterion} by K`, xLabel: 'K', yLabel: curve.criterion, series: [{ name: curve.criterion, points: curve.points.map((p) => [p.k, p.value] as const) }] }),
        caption: `The label-free criterion at every K tried.`,
      },
    ],
    html: tableToHtml({ columns: ['K', curve.criterion], rows: curve.points.map((p) => [p.k === curve.chosen ? `${p.k} (kept)` : String(p.k), p.value]) }),
  };
}

function clustersSection(args: SeriesReportArgs): ReportSection {
  const k = Math.max(...args.clusters) + 1;
  const names = Array.from({ length: k }, (_, c) => `cluster ${c}`);
  const figures: ReportFigure[] = [];
  if (args.representation.length >= 3) {
    const { points, indices } = tsneLayout(args.representation, { seed: args.seed ?? 0 });
    const sample = indices.length < args.representation.length ? ` (${indices.length} of ${args.representation.length} rows, drawn at random)` : '';
    figures.push({
      svg: scatterPlot({ title: 't-SNE by cluster', points, classes: indices.map((i) => args.clusters[i]!), classNames: names }),
      caption: `t-SNE of ${args.representationName}, coloured by cluster${sample}.`,
    });
    if (args.split.labels.some((l) => l >= 0)) {
      figures.push({
        svg: scatterPlot({ title: 't-SNE by label', points, classes: indices.map((i) => Math.max(0, args.split.labels[i]!)), classNames: args.split.classNames }),
        caption: 'The same layout coloured by the file\'s labels (unlabelled rows drawn as the first class).',
      });
    }
  }
  const means = clusterMeans(args.split, args.clusters, k);
  if (means.length > 0) {
    figures.push({
      svg: bandChart({ title: 'cluster means', xLabel: 'time step', yLabel: args.split.channels > 1 ? 'channel 1' : 'value', bands: means }),
      caption: `Mean series of each cluster with ± one standard deviation${args.split.channels > 1 ? ' (first channel)' : ''}; sizes: ${means.map((m) => m.size).join(', ')}.`,
    });
  }
  return { heading: 'Clusters', figures };
}

/** Mean and standard deviation per time step of each cluster's first channel (rows of the common length). */
function clusterMeans(split: LabelledSplit, clusters: Int32Array, k: number): { name: string; mean: Float64Array; spread: Float64Array; size: number }[] {
  const length = split.series[0]?.[0]?.length ?? 0;
  if (length === 0 || split.series.some((row) => row[0]!.length !== length)) return [];
  return Array.from({ length: k }, (_, c) => {
    const sum = new Float64Array(length);
    const squares = new Float64Array(length);
    let size = 0;
    split.series.forEach((row, r) => {
      if (clusters[r] !== c) return;
      size++;
      const values = row[0]!;
      for (let t = 0; t < length; t++) {
        sum[t]! += values[t]!;
        squares[t]! += values[t]! * values[t]!;
      }
    });
    const mean = sum.map((s) => s / Math.max(1, size));
    const spread = squares.map((q, t) => Math.sqrt(Math.max(0, q / Math.max(1, size) - mean[t]! ** 2)));
    return { name: `cluster ${c} (${size})`, mean, spread, size };
  });
}
