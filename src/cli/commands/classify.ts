/**
 * `tempora classify DATASET`: semi-supervised classification with Cluster Distillation or a
 * baseline, by the paper's protocol. `tempora classify FILE`: trained on one file's rows, some
 * labelled (classify-file.ts).
 */
import type { Command } from 'commander';
import { parseInteger, parseNumber } from '../../core/parse-options.js';
import { loadDataset } from '../../data/dataset.js';
import { classifyDataset } from '../../experiments/classification-protocol.js';
import { CLASSIFICATION_METHODS, classificationMethod, RECOMMENDED_CLASSIFIER } from '../../models/registry.js';
import { addBackendOption, startBackend } from '../backend-option.js';
import { fitProgress } from '../fit-progress.js';
import { addMethodOptions, methodValues } from '../method-options.js';
import { addSeriesFileOptions, isSeriesFile } from '../series-file-options.js';
import { classifyFile, type ClassifyFileFlags } from './classify-file.js';

interface ClassifyOptions extends ClassifyFileFlags {
  method: string;
  labelled: string;
  seed: string;
  checkpoint?: string;
}

export function register(program: Command): void {
  const command = program
    .command('classify')
    .description("train on DATASET's TRAIN split with only a fraction of its labels and report accuracy, macro precision and recall on TEST")
    .argument('<data>', 'dataset name (in TEMPORA_DATA or ../shared/data/ucr) or folder, or one FILE whose unlabelled rows have an empty label, ? or -1')
    .option('--method <name>', `${CLASSIFICATION_METHODS.map((m) => `${m.name} (${m.description})`).join('; ')}. The default did best with few labels, chosen without TEST labels (README)`, RECOMMENDED_CLASSIFIER.name)
    .option('--labelled <fraction>', 'dataset: fraction of TRAIN rows that keep their label (stratified, seeded)', '0.09')
    .option('--test <file>', 'FILE: score the model on this labelled file (accuracy, macro precision and recall)')
    .option('--out <file>', 'FILE: write row, class, label and probability here, atomically (CSV; JSON Lines for .jsonl); default stdout')
    .option('--unlabelled-mark <label>', "FILE: the label that marks an unlabelled row besides an empty one and ? ('none': no other)", '-1')
    .option('--seed <n>', 'seed of the label split, the weights, the batches and the clustering', '0')
    .option('--save <dir>', 'save the trained model here (tempora predict --model DIR classifies new series)')
    .option('--checkpoint <dir>', 'write resumable checkpoints here; a rerun with the same settings resumes')
    .option('--json', 'print one JSON object with the scores and the settings')
    .option('--quiet', 'no progress output');
  addSeriesFileOptions(command);
  addBackendOption(command);
  addMethodOptions(command, CLASSIFICATION_METHODS);
  command.action(async (dataset: string, opts: ClassifyOptions, cmd: Command) => {
    const method = classificationMethod(opts.method);
    const values = methodValues(cmd, method, CLASSIFICATION_METHODS);
    if (isSeriesFile(dataset)) return classifyFile(dataset, method, values, parseInteger('--seed', opts.seed, 0), opts);
    const labelled = parseNumber('--labelled', opts.labelled, (v) => v > 0 && v <= 1, 'a fraction in (0, 1]');
    const seed = parseInteger('--seed', opts.seed, 0);
    const backend = await startBackend(opts.backend);
    const data = loadDataset(dataset);
    const progress = fitProgress(opts.quiet === true);
    const started = Date.now();
    let outcome;
    try {
      outcome = await classifyDataset(data, {
        method,
        values,
        labelled,
        seed,
        fit: { ...progress.fit, ...(opts.checkpoint !== undefined ? { checkpointDir: opts.checkpoint } : {}) },
        ...(opts.save !== undefined ? { saveDir: opts.save } : {}),
      });
    } finally {
      progress.stop();
    }
    const result = {
      dataset: data.name,
      method: method.name,
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
      `${result.dataset} ${method.name}, ${outcome.labelledRows} of ${data.train.labels.length} TRAIN rows labelled (${labelled}), seed ${seed}\n` +
        `accuracy  ${result.accuracy.toFixed(4)}\nprecision ${result.precision.toFixed(4)} (macro)\nrecall    ${result.recall.toFixed(4)} (macro)\n` +
        (opts.save ? `model saved in ${opts.save}\n` : ''),
    );
  });
}
