/** `tempora score --truth FILE --pred FILE [--json]`: every clustering metric for two label files. */
import type { Command } from 'commander';
import { DataFormatError } from '../../core/errors.js';
import { readLabelFile } from '../../data/label-file.js';
import { clusteringScores } from '../../evaluation/metrics/clustering-scores.js';
import { formatScores } from '../format-scores.js';

export function register(program: Command): void {
  program
    .command('score')
    .description('score a clustering against the truth: RI, NMI (geometric), ARI and ACC (Hungarian matching)')
    .requiredOption('--truth <file>', 'true labels, one per line (any label text)')
    .requiredOption('--pred <file>', 'predicted labels or cluster ids, one per line, same order')
    .option('--json', 'print one JSON object with keys ri, nmi, ari, acc, n')
    .action((opts: { truth: string; pred: string; json?: boolean }) => {
      const truth = readLabelFile(opts.truth);
      const pred = readLabelFile(opts.pred);
      if (truth.length !== pred.length) {
        const line = Math.min(truth.length, pred.length) + 1;
        const shorter = truth.length < pred.length ? opts.truth : opts.pred;
        throw new DataFormatError(
          `has ${Math.min(truth.length, pred.length)} labels but ${truth.length < pred.length ? opts.pred : opts.truth} has ${Math.max(truth.length, pred.length)}; both files must label the same items (first missing label at line ${line})`,
          shorter,
        );
      }
      const scores = clusteringScores(truth, pred);
      if (opts.json === true) process.stdout.write(`${JSON.stringify({ ...scores, n: truth.length })}\n`);
      else process.stdout.write(formatScores(scores));
    });
}
