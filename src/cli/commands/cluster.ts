/**
 * `tempora cluster DATASET --method NAME`: the DTCR paper's protocol on one dataset, printing RI,
 * NMI, ARI and ACC. `tempora cluster FILE`: every row of one file clustered, K given or chosen
 * (--k auto), one line per row out (cluster-file.ts).
 */
import { Option, type Command } from 'commander';
import { optional, parseInteger } from '../../core/parse-options.js';
import { loadDataset } from '../../data/dataset.js';
import { clusterDataset } from '../../experiments/clustering-protocol.js';
import { CLUSTERING_METHODS, clusteringMethod } from '../../models/registry.js';
import { addBackendOption, startBackend } from '../backend-option.js';
import { fitProgress } from '../fit-progress.js';
import { formatScores } from '../format-scores.js';
import { VALIDITY_CRITERIA } from '../../evaluation/validity/cluster-validity.js';
import { addMethodOptions, methodValues } from '../method-options.js';
import { addSeriesFileOptions, isSeriesFile } from '../series-file-options.js';
import { clusterFile, type ClusterFileFlags } from './cluster-file.js';
import { clusteringResult, writeRunReport } from '../write-run-report.js';

interface ClusterOptions extends ClusterFileFlags {
  method: string;
  seed: string;
}

export function register(program: Command): void {
  const command = program
    .command('cluster')
    .description(
      'cluster the TEST series of a dataset (K = number of classes) and score them: RI, NMI, ARI, ACC. ' +
        'Methods that learn a representation learn it on TRAIN and cluster TEST in it (the DTCR paper\'s protocol)',
    )
    .argument('<data>', 'dataset name in the data folder, the path of a dataset folder, or one FILE of series (every row clustered)')
    .requiredOption('--method <name>', `clustering method: ${CLUSTERING_METHODS.map((m) => `${m.name} (${m.description})`).join('; ')}`)
    .option('--k <k>', "number of clusters (dataset: default the number of classes; FILE: a number, or 'auto', the default)")
    .option('--k-range <from..to>', 'FILE with --k auto: the K tried (default 2..10, at most the rows less one)')
    .addOption(new Option('--criterion <name>', 'FILE with --k auto: label-free choice of K (silhouette; calinski-harabasz and davies-bouldin are linear in the rows)').choices(VALIDITY_CRITERIA).default('silhouette'))
    .option('--out <file>', 'FILE: write row, cluster and distance or probability here, atomically (CSV; JSON Lines for .jsonl); default stdout')
    .option('--seed <seed>', 'random seed', '0')
    .option('--json', 'print one JSON object: dataset, method, ri, nmi, ari, acc and the settings used')
    .option('--report <file>', 'also write a self-contained HTML report: scores, t-SNE of the representation, training curves')
    .option('--save <dir>', 'save the fitted model here (tempora predict --model DIR assigns new series)')
    .option('--checkpoint <dir>', 'methods that train: resumable checkpoints here; a rerun with the same settings resumes')
    .option('--eval-every <n>', 'methods that train: RI/NMI on TEST every n epochs, shown only, never used');
  addSeriesFileOptions(command);
  addBackendOption(command);
  addMethodOptions(command, CLUSTERING_METHODS);
  command.action(async (name: string, opts: ClusterOptions, cmd: Command) => {
    const method = clusteringMethod(opts.method);
    const values = methodValues(cmd, method, CLUSTERING_METHODS);
    const seed = parseInteger('--seed', opts.seed, 0);
    if (isSeriesFile(name)) return clusterFile(name, method, values, seed, opts);
    const nClusters = optional(opts.k, (v) => parseInteger('--k', v, 1));
    const evaluateEvery = optional(opts.evalEvery, (v) => parseInteger('--eval-every', v, 1));
    const backend = method.usesTensors ? await startBackend(opts.backend) : null;
    const dataset = loadDataset(name);
    const progress = fitProgress(opts.json === true && !process.stderr.isTTY);
    let outcome;
    try {
      outcome = await clusterDataset(dataset, {
        method,
        values,
        seed,
        ...(nClusters !== undefined ? { nClusters } : {}),
        fit: { ...progress.fit, ...(opts.checkpoint !== undefined ? { checkpointDir: opts.checkpoint } : {}) },
        ...(evaluateEvery !== undefined ? { evaluateEvery } : {}),
        ...(opts.save !== undefined ? { saveDir: opts.save } : {}),
      });
    } finally {
      progress.stop();
    }
    const result = clusteringResult(dataset.name, method.name, outcome, backend);
    if (opts.json === true) process.stdout.write(`${JSON.stringify(result)}\n`);
    else {
      const s = result.settings;
      process.stdout.write(`${result.dataset}: ${result.method}, k=${String(s['k'])}, seed ${String(s['seed'])}, ${String(s['rows'])} TEST series\n`);
      process.stdout.write(formatScores(result));
      if (opts.save !== undefined) process.stdout.write(`model saved in ${opts.save}\n`);
    }
    if (opts.report !== undefined) {
      const path = writeRunReport(opts.report, dataset, result, outcome, `${result.method} on ${result.dataset}`);
      process.stderr.write(`tempora: report written to ${path}\n`);
    }
  });
}
