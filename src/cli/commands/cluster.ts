/** `tempora cluster DATASET --method NAME`: the DTCR paper's protocol on one dataset, printing RI, NMI, ARI and ACC. */
import type { Command } from 'commander';
import { OptionError } from '../../core/errors.js';
import { loadDataset } from '../../data/dataset.js';
import { formatScores } from '../format-scores.js';
import { CLUSTER_METHODS, clusterMethod } from '../clustering/methods.js';
import { runClusteringProtocol } from '../clustering/protocol.js';
import { writeRunReport } from '../write-run-report.js';
import { parseInteger } from '../parse-options.js';

interface ClusterOptions {
  method: string;
  k?: string;
  seed: string;
  json?: boolean;
  report?: string;
  [method: string]: unknown;
}

export function register(program: Command): void {
  const command = program
    .command('cluster')
    .description('cluster the TEST series of a dataset (K = number of classes) and score them: RI, NMI, ARI, ACC')
    .argument('<dataset>', 'dataset name in the data folder, or the path of a dataset folder')
    .requiredOption('--method <name>', `clustering method: ${CLUSTER_METHODS.map((m) => m.name).join(', ')}`)
    .option('--k <k>', 'number of clusters (default: number of classes)')
    .option('--seed <seed>', 'random seed', '0')
    .option('--json', 'print one JSON object: dataset, method, ri, nmi, ari, acc and the settings used')
    .option('--report <file>', 'also write a self-contained HTML report: scores, t-SNE of the representation, training curves');
  for (const method of CLUSTER_METHODS) {
    for (const option of method.options) command.option(option.flags, option.description);
  }
  command.action(async (name: string, opts: ClusterOptions, cmd: Command) => {
    const method = clusterMethod(opts.method);
    rejectForeignOptions(method.name, cmd);
    const dataset = loadDataset(name);
    const { result, run } = await runClusteringProtocol(dataset, method, {
      k: opts.k === undefined ? undefined : parseInteger('--k', opts.k),
      seed: parseInteger('--seed', opts.seed),
      options: opts,
      quiet: opts.json === true && !process.stderr.isTTY,
    });
    if (opts.json === true) process.stdout.write(`${JSON.stringify(result)}\n`);
    else {
      const s = result.settings;
      process.stdout.write(`${result.dataset}: ${result.method}, k=${String(s['k'])}, seed ${String(s['seed'])}, ${String(s['rows'])} TEST series\n`);
      process.stdout.write(formatScores(result));
    }
    if (opts.report !== undefined) {
      const path = writeRunReport(opts.report, dataset, result, run, `${result.method} on ${result.dataset}`);
      process.stderr.write(`tempora: report written to ${path}\n`);
    }
  });
}

/** Options of other methods given on the command line are a mistake worth reporting. */
function rejectForeignOptions(chosen: string, cmd: Command): void {
  for (const method of CLUSTER_METHODS) {
    if (method.name === chosen) continue;
    for (const option of method.options) {
      const flag = option.flags.split(/[ ,]/)[0]!;
      const key = flag.replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
      const own = clusterMethod(chosen).options.some((o) => o.flags.split(/[ ,]/)[0] === flag);
      if (!own && cmd.getOptionValueSource(key) === 'cli') {
        throw new OptionError(`${flag} applies to --method ${method.name}, not ${chosen}`);
      }
    }
  }
}
