/** `tempora classify DATASET`: semi-supervised classification with Cluster Distillation or a baseline. */
import type { Command } from 'commander';
import { OptionError } from '../../core/errors.js';
import { loadDataset } from '../../data/dataset.js';
import { labelledFraction } from '../../data/labelled-split.js';
import { accuracy } from '../../evaluation/accuracy.js';
import { macroPrecisionRecallF1 } from '../../evaluation/precision-recall-f1.js';
import { ClusterDistillation } from '../../models/cluster-distillation/cluster-distillation.js';
import type { HardClustering } from '../../models/cluster-distillation/pseudo-labels.js';
import type { EpochLog } from '../../models/estimator.js';
import type { ResNetEstimator } from '../../models/resnet-estimator.js';
import { SemiSupDistillation } from '../../models/semisup-distillation.js';
import { SupResNet } from '../../models/sup-resnet.js';
import { addBackendOption, startBackend } from '../backend-option.js';
import { Progress } from '../progress.js';

export const METHODS = ['cd-hard', 'cd-soft', 'sup-resnet', 'kd'] as const;
export type Method = (typeof METHODS)[number];

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

function number(name: string, text: string, check: (v: number) => boolean, allowed: string): number {
  const value = Number(text);
  if (text.trim() === '' || !check(value)) throw new OptionError(`--${name} ${text}: expected ${allowed}`);
  return value;
}

export function register(program: Command): void {
  addBackendOption(
    program
      .command('classify')
      .description('train on DATASET\'s TRAIN split with only a fraction of its labels and report accuracy, macro precision and recall on TEST')
      .argument('<dataset>', 'dataset name (in TEMPORA_DATA or ../shared/data/ucr) or folder')
      .option('--method <name>', `${METHODS.join(' | ')}`, 'cd-hard')
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
    if (!(METHODS as readonly string[]).includes(opts.method)) throw new OptionError(`--method ${opts.method}: choose one of ${METHODS.join(', ')}`);
    const method = opts.method as Method;
    const labelled = number('labelled', opts.labelled, (v) => v > 0 && v <= 1, 'a fraction in (0, 1]');
    const epochs = number('epochs', opts.epochs, (v) => Number.isInteger(v) && v >= 1, 'a positive integer');
    const seed = number('seed', opts.seed, (v) => Number.isInteger(v) && v >= 0, 'an integer >= 0');
    const temperature = number('temperature', opts.temperature, (v) => v > 0, 'a number > 0');
    const momentum = number('batch-norm-momentum', opts.batchNormMomentum, (v) => v >= 0 && v < 1, 'a number in [0, 1)');
    if (opts.hardClustering !== 'kmeans' && opts.hardClustering !== 'mixture') {
      throw new OptionError(`--hard-clustering ${opts.hardClustering}: choose kmeans or mixture`);
    }
    const backend = await startBackend(opts.backend);
    const data = loadDataset(dataset);
    const split = labelledFraction(data.train.labels, labelled, { seed, classNames: data.classNames });
    const classes = data.classNames.length;

    const stages = method === 'sup-resnet' ? 1 : 2;
    const progress = new Progress({ label: 'epoch', total: stages * epochs, quiet: opts.quiet === true });
    const report = (stageIndex: number, stage: string) => (log: EpochLog) => {
      const rate = log.metrics?.['learningRate'];
      progress.update(stageIndex * epochs + log.epoch, `${stage} loss ${log.losses['loss']!.toFixed(4)}${rate === undefined ? '' : ` lr ${rate.toExponential(1)}`}`);
    };
    const network = { epochs, batchNorm: { momentum } };
    const shared = { classes, seed, checkpointDir: opts.checkpoint, teacher: network, student: network };
    const onStage = (stage: 'teacher' | 'student', log: EpochLog): void => report(stage === 'teacher' ? 0 : 1, stage)(log);
    let model: ResNetEstimator;
    if (method === 'sup-resnet') model = new SupResNet({ ...network, classes, seed, checkpointDir: opts.checkpoint, onEpoch: report(0, 'sup-resnet') });
    else if (method === 'kd') model = new SemiSupDistillation({ ...shared, temperature, onEpoch: onStage });
    else model = new ClusterDistillation({ ...shared, variant: method === 'cd-soft' ? 'soft' : 'hard', hardClustering: opts.hardClustering as HardClustering, onEpoch: onStage });

    const started = Date.now();
    await model.fit(data.train, split.labels);
    progress.stop();
    const predicted = await model.predict(data.test);
    const scores = macroPrecisionRecallF1(data.test.labels, predicted);
    const result = {
      dataset: data.name,
      method,
      accuracy: accuracy(data.test.labels, predicted),
      precision: scores.precision,
      recall: scores.recall,
      settings: {
        labelled,
        labelledRows: split.labelled.length,
        trainRows: data.train.labels.length,
        testRows: data.test.labels.length,
        epochs,
        seed,
        batchNormMomentum: momentum,
        ...(method === 'cd-hard' ? { hardClustering: opts.hardClustering } : {}),
        ...(method === 'kd' ? { temperature } : {}),
        backend,
        seconds: Math.round((Date.now() - started) / 100) / 10,
      },
    };
    if (opts.save) await model.save(opts.save);
    model.dispose();
    if (opts.json) {
      process.stdout.write(JSON.stringify(result) + '\n');
      return;
    }
    process.stdout.write(
      `${result.dataset} ${method}, ${split.labelled.length} of ${result.settings.trainRows} TRAIN rows labelled (${labelled}), ${epochs} epochs, seed ${seed}\n` +
        `accuracy  ${result.accuracy.toFixed(4)}\nprecision ${result.precision.toFixed(4)} (macro)\nrecall    ${result.recall.toFixed(4)} (macro)\n` +
        (opts.save ? `model saved in ${opts.save}\n` : ''),
    );
  });
}
