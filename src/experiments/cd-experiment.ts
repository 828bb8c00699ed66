/**
 * `tempora reproduce cd`: the Cluster Distillation paper's Tables II to XI, made here: the four
 * methods at each labelled fraction on every paper dataset in the data folder, each seed a run,
 * under the paper's protocol (classification-protocol.ts). The Sup-ResNet of a (dataset, fraction,
 * seed, budget) is trained once, kept in OUT/teachers/, and is the teacher of the other three.
 */
import { join } from 'node:path';
import { loadDataset } from '../data/dataset.js';
import { tsneLayout } from '../evaluation/embedding/tsne.js';
import { CLASSIFICATION_METHODS, classificationMethod } from '../models/registry.js';
import { SUP_RESNET_METHOD } from '../models/semisupervised/sup-resnet.js';
import { classifyDataset } from './classification-protocol.js';
import type { Budget, Experiment, RunContext, RunOutcome } from './experiment.js';
import { datasetsInDataFolder, paperTable } from './paper-experiment.js';
import { keyHash, runKey, type RunSpec } from './results-store.js';

interface CdBudget {
  /** Epochs of each network; 'paper' is the authors' 1500. */
  readonly epochs: number;
  readonly fractions: readonly number[];
  /** Short runs cannot wait for Keras's 0.99 moving averages to settle. */
  readonly batchNormMomentum: number;
}

/**
 * 'standard' is the table (50 % and 9 % labelled, 3 seeds): measured 8e-5 CPU seconds per
 * row and time step of each network's epoch on the native backend, one BLAS thread; the paper's
 * four methods (the shared teacher and 3 students) took about 3.3 hours on 2 workers, all eight
 * registered classifiers 15.7 processor hours (each later one trains its own networks,
 * self-training one per round).
 */
export const CD_BUDGETS: Record<Budget, CdBudget> = {
  quick: { epochs: 20, fractions: [0.5, 0.09], batchNormMomentum: 0.9 },
  standard: { epochs: 60, fractions: [0.5, 0.09], batchNormMomentum: 0.9 },
  paper: { epochs: 1500, fractions: [0.5, 0.25, 0.125, 0.09], batchNormMomentum: 0.99 },
};

/** The paper table's labelled-fraction columns. */
const PAPER_COLUMN = new Map<number, string>([
  [0.5, 'p50'],
  [0.25, 'p25'],
  [0.125, 'p12_5'],
  [0.09, 'p9'],
]);

/** Sup-ResNet first in each (dataset, fraction): its runs train the teachers the others then read. */
const RUN_ORDER: readonly string[] = [SUP_RESNET_METHOD.name, ...CLASSIFICATION_METHODS.filter((m) => m !== SUP_RESNET_METHOD).map((m) => m.name)];

/** The folder of the teacher every method's run of this dataset, fraction, seed and budget shares: the sup-resnet run's key. */
export function teacherFolder(outDir: string, spec: RunSpec): string {
  return join(outDir, 'teachers', `${spec.dataset}-${keyHash(runKey({ ...spec, method: SUP_RESNET_METHOD.name }))}`);
}

async function runCdSpec(spec: RunSpec, context: RunContext): Promise<RunOutcome> {
  const dataset = loadDataset(spec.dataset);
  const outcome = await classifyDataset(dataset, {
    method: classificationMethod(spec.method),
    labelled: Number(spec.settings['labelled']),
    values: { epochs: Number(spec.settings['epochs']), batchNormMomentum: Number(spec.settings['batchNormMomentum']) },
    seed: spec.seed,
    withFeatures: true,
    teacherDir: teacherFolder(context.outDir, spec),
  });
  const layout = tsneLayout(outcome.features!, { seed: spec.seed, maxPoints: 500 });
  return {
    metrics: { accuracy: outcome.accuracy, precision: outcome.precision, recall: outcome.recall },
    artifact: {
      layout: { points: layout.points, classes: layout.indices.map((i) => Math.max(0, dataset.test.labels[i]!)), classNames: dataset.classNames },
      history: outcome.history,
    },
  };
}

export const CD_EXPERIMENT: Experiment = {
  name: 'cd',
  title: 'Cluster Distillation (Goyo and Ñanculef)',
  methods: CLASSIFICATION_METHODS.map((m) => m.name),
  reference: 'cd-hard',
  baseline: 'sup-resnet',
  metrics: ['accuracy', 'precision', 'recall'],
  groupBy: 'labelled',
  describeBudget: (budget) => {
    const b = CD_BUDGETS[budget];
    return `${b.epochs} epochs per network, labelled ${b.fractions.join('/')}, BatchNorm momentum ${b.batchNormMomentum}`;
  },
  availableDatasets: () => datasetsInDataFolder([...(paperTable('cd_paper_accuracy', 2)?.keys() ?? [])].map((k) => k.split('|')[0]!)),
  plan: (datasets, seeds, budget) => {
    const b = CD_BUDGETS[budget];
    return datasets.flatMap((dataset) =>
      b.fractions.flatMap((labelled) =>
        RUN_ORDER.flatMap((method) =>
          Array.from({ length: seeds }, (_, seed): RunSpec => ({ dataset, method, seed, settings: { budget, labelled, epochs: b.epochs, batchNormMomentum: b.batchNormMomentum } })),
        ),
      ),
    );
  },
  paperValue: (dataset, method, metric, group) => {
    const column = PAPER_COLUMN.get(Number(group));
    const name = classificationMethod(method).cdPaperName;
    if (metric !== 'accuracy' || column === undefined || name === undefined) return undefined;
    return paperTable('cd_paper_accuracy', 2)?.get(`${dataset}|${name}`)?.get(column);
  },
  run: runCdSpec,
};
