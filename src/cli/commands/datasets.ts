/** `tempora datasets [DIR]`: what a data folder holds, one dataset per row (or JSON line). */
import type { Command } from 'commander';
import { TemporaError } from '../../core/errors.js';
import { dataRoot } from '../../data/data-root.js';
import { listDatasets, loadDataset } from '../../data/dataset.js';
import { summarizeDataset, type DatasetSummary } from '../../data/summary.js';

const HEADINGS = ['name', 'train', 'test', 'length', 'channels', 'classes'];

export function register(program: Command): void {
  program
    .command('datasets')
    .description('list the datasets of a data folder (default: TEMPORA_DATA, else ../shared/data/ucr)')
    .argument('[dir]', 'data folder holding NAME/NAME_TRAIN.* and NAME/NAME_TEST.*')
    .option('--json', 'print one JSON object per dataset')
    .action((dir: string | undefined, opts: { json?: boolean }) => {
      const folder = dir ?? dataRoot() ?? undefined;
      const rows: string[][] = [];
      const names = listDatasets(folder);
      if (names.length === 0) process.stderr.write(`tempora: no datasets in ${folder ?? 'the data folder'}\n`);
      for (const name of names) {
        let summary: DatasetSummary;
        try {
          summary = summarizeDataset(loadDataset(name, { dir: folder }));
        } catch (err) {
          if (!(err instanceof TemporaError)) throw err;
          process.stderr.write(`tempora: ${name}: ${err.message}\n`);
          process.exitCode = 2;
          continue;
        }
        if (opts.json === true) process.stdout.write(`${JSON.stringify(summary)}\n`);
        else rows.push(tableRow(summary));
      }
      if (opts.json !== true) process.stdout.write(formatTable([HEADINGS, ...rows]));
    });
}

function tableRow(s: DatasetSummary): string[] {
  const length = s.minLength === s.maxLength ? `${s.maxLength}` : `${s.minLength}-${s.maxLength}`;
  return [s.name, `${s.trainSize}`, `${s.testSize}`, length, `${s.channels}`, `${s.classes}`];
}

/** Left-aligned first column, right-aligned numbers. */
function formatTable(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  return rows
    .map((row) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '))
    .join('\n')
    .concat('\n');
}
