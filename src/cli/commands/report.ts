/** `tempora report DIR`: the tables and the HTML report of a reproduction folder, made anew. */
import type { Command } from 'commander';
import { experimentByName } from '../../experiments/registry.js';
import { readFolderInfo } from '../../experiments/reproduction-folder.js';
import { writeResultsReport } from '../write-results-report.js';

export function register(program: Command): void {
  program
    .command('report')
    .description('write DIR/report.html (one self-contained file) and DIR/tables/*.md, *.csv from the runs in DIR/results.jsonl')
    .argument('<dir>', 'a folder written by tempora reproduce')
    .option('--out <file>', 'where to write the HTML (default DIR/report.html)')
    .action((dir: string, opts: { out?: string }) => {
      const info = readFolderInfo(dir);
      const written = writeResultsReport(dir, experimentByName(info.experiment), info, opts.out);
      process.stdout.write(`report: ${written.html}\n`);
    });
}
