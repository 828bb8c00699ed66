/**
 * The report of a reproduction folder: for each group (Cluster Distillation: labelled fraction)
 * and metric, our mean and standard deviation beside the paper's value, average ranks,
 * wins/ties/losses and Wilcoxon tests against the reference method and the baseline, the Friedman test with the
 * Nemenyi critical-difference diagram; then the t-SNE layouts and training curves the runs left.
 */
import type { Experiment, RunArtifact } from '../experiments/experiment.js';
import type { RunRecord } from '../experiments/results-store.js';
import { summarise, type Summary } from '../experiments/summary.js';
import { tableToHtml, type Cell, type Table } from '../experiments/table.js';
import { renderReport, type ReportFigure, type ReportSection } from './html.js';
import { cdDiagram } from './svg/cd-diagram.js';
import { lineChart } from './svg/line-chart.js';
import { scatterPlot } from './svg/scatter.js';

export interface NamedTable {
  /** File-name stem, e.g. "labelled-0.09-accuracy". */
  readonly name: string;
  readonly table: Table;
}

export interface ResultsReport {
  readonly html: string;
  /** Every table of the report, for Markdown and CSV files. */
  readonly tables: readonly NamedTable[];
}

export interface ResultsReportArgs {
  readonly experiment: Experiment;
  readonly records: readonly RunRecord[];
  readonly artifact: (key: string) => RunArtifact | null;
  /** Lines under the title (budget, command, dates). */
  readonly subtitle?: readonly string[];
  /** Datasets shown with figures at most (default 6). */
  readonly maxFigureDatasets?: number;
}

export function resultsReport(args: ResultsReportArgs): ResultsReport {
  const { experiment, records } = args;
  const groups = groupRecords(records, experiment.groupBy);
  const sections: ReportSection[] = [];
  const tables: NamedTable[] = [];
  for (const [group, members] of groups) {
    for (const metric of experiment.metrics) {
      const summary = summarise(members, {
        metric,
        methods: experiment.methods,
        reference: experiment.reference,
        ...(experiment.baseline ? { baseline: experiment.baseline } : {}),
        paper: (dataset, method) => experiment.paperValue(dataset, method, metric, group),
        ...(experiment.study ? { study: { name: experiment.study.name, value: (dataset: string, method: string) => experiment.study!.value(dataset, method, metric) } } : {}),
      });
      if (summary.datasets.length === 0) continue;
      const stem = [group === undefined ? '' : `${experiment.groupBy}-${String(group)}-`, metric].join('');
      const label = group === undefined ? metric.toUpperCase() : `${metric.toUpperCase()}, ${experiment.groupBy} ${String(group)}`;
      const tests = testsTable(summary);
      const friedman = friedmanTable(summary);
      tables.push({ name: stem, table: summary.table }, { name: `${stem}-tests`, table: tests }, ...(friedman ? [{ name: `${stem}-friedman`, table: friedman }] : []));
      sections.push(summarySection(label, summary, tests));
    }
  }
  sections.push(...figureSections(args));
  const seconds = records.reduce((s, r) => s + r.seconds, 0);
  const subtitle = [
    ...(args.subtitle ?? []),
    `${records.length} runs over ${new Set(records.map((r) => r.dataset)).size} datasets; ${(seconds / 3600).toFixed(2)} hours of run time in all.`,
  ];
  return { html: renderReport({ title: `${experiment.title}: reproduction`, subtitle, sections }), tables };
}

function groupRecords(records: readonly RunRecord[], groupBy: string | undefined): Map<string | number | boolean | undefined, RunRecord[]> {
  const groups = new Map<string | number | boolean | undefined, RunRecord[]>();
  for (const r of records) {
    const g = groupBy === undefined ? undefined : r.settings[groupBy];
    groups.set(g, [...(groups.get(g) ?? []), r]);
  }
  // Largest labelled fraction first, as the paper's tables.
  return new Map([...groups.entries()].sort((a, b) => (typeof a[0] === 'number' && typeof b[0] === 'number' ? b[0] - a[0] : 0)));
}

function testsTable(summary: Summary): Table {
  const ranks = summary.averageRanks;
  const against = [...new Set(summary.comparisons.map((c) => c.against))];
  const rows = summary.methods.map((m) => {
    const rank = summary.ranked.indexOf(m);
    const means = summary.completeDatasets.map((d) => summary.cells.get(d)?.get(m)?.mean);
    const mean = rank >= 0 && means.length > 0 ? means.reduce((a, b) => a! + b!, 0)! / means.length : null;
    const row: Cell[] = [m, mean, ranks && rank >= 0 ? ranks[rank]! : null];
    for (const a of against) {
      const c = summary.comparisons.find((x) => x.method === m && x.against === a);
      const shared = c ? c.wins + c.ties + c.losses : 0;
      row.push(!c ? '(itself)' : shared > 0 ? `${c.wins}/${c.ties}/${c.losses}` : null, c?.wilcoxon ? c.wilcoxon.pValue : null);
    }
    return row;
  });
  return { columns: ['method', 'mean', 'average rank', ...against.flatMap((a) => [`wins/ties/losses vs ${a}`, `Wilcoxon p vs ${a}`])], rows };
}

/** Friedman's test over the ranked methods and the Nemenyi critical difference, as one row. */
function friedmanTable(summary: Summary): Table | null {
  const { friedman, nemenyi } = summary;
  if (!friedman || !nemenyi) return null;
  return {
    columns: ['datasets', 'methods', 'Friedman chi2', 'Friedman p', 'Iman-Davenport F', 'Iman-Davenport p', 'Nemenyi CD', 'alpha'],
    rows: [[String(summary.completeDatasets.length), String(summary.ranked.length), friedman.chiSquare, friedman.chiSquarePValue, friedman.imanDavenport, friedman.imanDavenportPValue, nemenyi.criticalDifference, nemenyi.alpha]],
  };
}

function summarySection(label: string, summary: Summary, tests: Table): ReportSection {
  const notes = [
    `Mean over seeds (sd: standard deviation over seeds) beside the paper's value; the best mean per dataset in bold.`,
    `Ranks and the Friedman test use the ${summary.completeDatasets.length} datasets on which every method with runs ran (${summary.ranked.join(', ')}).`,
  ];
  const figures: ReportFigure[] = [];
  if (summary.friedman && summary.nemenyi) {
    const f = summary.friedman;
    notes.push(
      `Friedman chi2 = ${f.chiSquare.toFixed(3)} (p = ${f.chiSquarePValue.toPrecision(3)}), Iman-Davenport F = ${f.imanDavenport.toFixed(3)} ` +
        `(p = ${f.imanDavenportPValue.toPrecision(3)}); Nemenyi critical difference ${summary.nemenyi.criticalDifference.toFixed(3)} at alpha ${summary.nemenyi.alpha}.`,
    );
    figures.push({
      svg: cdDiagram({ title: `Critical difference, ${label}`, names: summary.ranked, averageRanks: f.averageRanks, criticalDifference: summary.nemenyi.criticalDifference, cliques: summary.nemenyi.cliques }),
      caption: `Average ranks (1 is best) by ${label}; methods joined by a bar do not differ significantly (Nemenyi, alpha ${summary.nemenyi.alpha}).`,
    });
  }
  return { heading: label, notes, figures, html: tableToHtml(summary.table) + tableToHtml(tests) };
}

function figureSections(args: ResultsReportArgs): ReportSection[] {
  const { experiment, records } = args;
  const firstSeed = records.filter((r) => r.seed === Math.min(...records.map((x) => x.seed)));
  const datasets = [...new Set(firstSeed.map((r) => r.dataset))].sort().slice(0, args.maxFigureDatasets ?? 6);
  const sections: ReportSection[] = [];
  for (const dataset of datasets) {
    const figures: ReportFigure[] = [];
    for (const method of experiment.methods) {
      const record = firstSeed.find((r) => r.dataset === dataset && r.method === method);
      const artifact = record ? args.artifact(record.key) : null;
      if (!record || !artifact) continue;
      const where = `${method}, seed ${record.seed}${experiment.groupBy ? `, ${experiment.groupBy} ${String(record.settings[experiment.groupBy])}` : ''}`;
      if (artifact.layout) {
        figures.push({
          svg: scatterPlot({ title: `t-SNE, ${where}`, points: artifact.layout.points, classes: artifact.layout.classes, classNames: artifact.layout.classNames }),
          caption: `t-SNE of the TEST rows in the space ${where} works in (its representation; the raw series for k-means), coloured by true class.`,
        });
      }
      if (artifact.history && artifact.history.length > 1) {
        const components = Object.keys(artifact.history[0]!.losses);
        figures.push({
          svg: lineChart({ title: `losses, ${where}`, xLabel: 'epoch', yLabel: 'loss', series: components.map((c) => ({ name: c, points: artifact.history!.map((h) => [h.epoch, h.losses[c]!] as const) })) }),
          caption: `Training losses of ${where}, per epoch.`,
        });
      }
    }
    if (figures.length > 0) sections.push({ heading: `${dataset}: pictures`, figures });
  }
  return sections;
}
