/** `tempora classify DATASET`: semi-supervised classification with Cluster Distillation or a baseline. */
import type { Command } from 'commander';
import { OptionError } from '../../core/errors.js';
import { loadDataset } from '../../data/dataset.js';
import { CLASSIFY_METHODS, classifyOnTest, stagesOf, type ClassifyMethod } from '../../experiments/classification-protocol.js';
import type { HardClustering } from '../../models/semisupervised/pseudo-labels.js';
import { addBackendOption, startBackend } from '../backend-option.js';
import { parseInteger, parseNumber } from '../parse-options.js';
import { Progress } from '../progress.js';

interface ClassifyOptions {
  method: string;
  labelled: string;
  epochs: string;
  seed: string;
  hardClustering: string;
  temperature: string;
  batchNormMomentum: string;
  save?: string;
  checkpoint?: string;
  json?: boolean;
  quiet?: boolean;
  backend: string;
}

export function register(program: Command): void {
  addBackendOption(
    program
      .command('classify')
      .description('train on DATASET\'s TRAIN split with only a fraction of its labels and report accuracy, macro precision and recall on TEST')
      .argument('<dataset>', 'dataset name (in TEMPORA_DATA or ../shared/data/ucr) or folder')
      .option('--method <name>', `${CLASSIFY_METHODS.join(' | ')}`, 'cd-hard')
      .option('--labelled <fraction>', 'fraction of TRAIN rows that keep their label (stratified, seeded)', '0.09')
      .option('--epochs <n>', 'epochs of each network (the authors: 1500)', '1500')
      .option('--seed <n>', 'seed of the label split, the weights, the batches and the clustering', '0')
      .option('--hard-clustering <how>', 'cd-hard pseudo-labels from kmeans (the paper) or mixture (the authors\' code)', 'kmeans')
      .option('--temperature <t>', 'kd: softmax temperature of the teacher\'s targets', '1')
      .option('--batch-norm-momentum <m>', 'BatchNorm moving-average momentum (Keras: 0.99; short runs need less)', '0.99')
      .option('--save <dir>', 'save the trained model here')
      .option('--checkpoint <dir>', 'write resumable checkpoints here; a rerun with the same settings resumes')
      .option('--json', 'print one JSON object with the scores and the settings')
      .option('--quiet', 'no progress output'),
  ).action(async (dataset: string, opts: ClassifyOptions) => {
    if (!(CLASSIFY_METHODS as readonly string[]).includes(opts.method)) throw new OptionError(`--method ${opts.method}: choose one of ${CLASSIFY_METHODS.join(', ')}`);
    const method = opts.method as ClassifyMethod;
    const labelled = parseNumber('--labelled', opts.labelled, (v) => v > 0 && v <= 1, 'a fraction in (0, 1]');
    const epochs = parseInteger('--epochs', opts.epochs, 1);
    const seed = parseInteger('--seed', opts.seed, 0);
    const temperature = parseNumber('--temperature', opts.temperature, (v) => v > 0, 'a number > 0');
    const momentum = parseNumber('--batch-norm-momentum', opts.batchNormMomentum, (v) => v >= 0 && v < 1, 'a number in [0, 1)');
    if (opts.hardClustering !== 'kmeans' && opts.hardClustering !== 'mixture') {
      throw new OptionError(`--hard-clustering ${opts.hardClustering}: choose kmeans or mixture`);
    }
    const backend = await startBackend(opts.backend);
    const data = loadDataset(dataset);
    const progress = new Progress({ label: 'epoch', total: stagesOf(method) * epochs, quiet: opts.quiet === true });
    const started = Date.now();
    const outcome = await classifyOnTest(data, {
      method,
      labelled,
      epochs,
      seed,
      temperature,
      batchNormMomentum: momentum,
      hardClustering: opts.hardClustering as HardClustering,
      ...(opts.checkpoint !== undefined ? { checkpointDir: opts.checkpoint } : {}),
      ...(opts.save !== undefined ? { saveDir: opts.save } : {}),
      onEpoch: (stage, log) => {
        const rate = log.metrics?.['learningRate'];
        const done = (stage === 'student' ? epochs : 0) + log.epoch;
        progress.update(done, `${stage === 'model' ? method : stage} loss ${log.losses['loss']!.toFixed(4)}${rate === undefined ? '' : ` lr ${rate.toExponential(1)}`}`);
      },
    });
    progress.stop();
    const result = {
      dataset: data.name,
      method,
      accuracy: outcome.accuracy,
      precision: outcome.precision,
      recall: outcome.recall,
      settings: { ...outcome.settings, backend, seconds: Math.round((Date.now() - started) / 100) / 10 },
    };
    if (opts.json) {
      process.stdout.write(JSON.stringify(result) + '\n');
      return;
    }
    process.stdout.write(
      `${result.dataset} ${method}, ${outcome.labelledRows} of ${data.train.labels.length} TRAIN rows labelled (${labelled}), ${epochs} epochs, seed ${seed}\n` +
        `accuracy  ${result.accuracy.toFixed(4)}\nprecision ${result.precision.toFixed(4)} (macro)\nrecall    ${result.recall.toFixed(4)} (macro)\n` +
        (opts.save ? `model saved in ${opts.save}\n` : ''),
    );
  });
}
