/** Writes DIR/report.html and DIR/tables/*.md, *.csv from a reproduction folder's runs. */
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../core/atomic.js';
import type { Experiment } from '../experiments/experiment.js';
import { readArtifact, resultsPath } from '../experiments/reproduce.js';
import type { FolderInfo } from '../experiments/reproduction-folder.js';
import { ResultsStore } from '../experiments/results-store.js';
import { tableToCsv, tableToMarkdown, type Table } from '../experiments/table.js';
import { resultsReport } from '../report/results-report.js';

export interface WrittenReport {
  readonly html: string;
  /** The headline table (first group, first metric) for the terminal. */
  readonly headline: Table | null;
}

export function writeResultsReport(dir: string, experiment: Experiment, info: FolderInfo, file = join(dir, 'report.html')): WrittenReport {
  const store = new ResultsStore(resultsPath(dir));
  const subtitle = info.invocations.map(
    (i) => `${i.startedAt}: budget ${i.budget} (${experiment.describeBudget(i.budget as Parameters<Experiment['describeBudget']>[0])}), ${i.seeds} seeds, ${i.datasets.length} datasets`,
  );
  const report = resultsReport({ experiment, records: store.all(), artifact: (key) => readArtifact(dir, key), subtitle });
  for (const { name, table } of report.tables) {
    writeFileAtomic(join(dir, 'tables', `${name}.md`), tableToMarkdown(table));
    writeFileAtomic(join(dir, 'tables', `${name}.csv`), tableToCsv(table));
  }
  const html = resolve(file);
  writeFileAtomic(html, report.html);
  return { html, headline: report.tables[0]?.table ?? null };
}
