/**
 * The Cluster Distillation paper's protocol, shared by `tempora classify` and
 * `tempora reproduce cd`: a seeded stratified split keeps the labels of a fraction of TRAIN; the
 * method trains on all TRAIN rows with only those labels; accuracy and macro precision and recall
 * are measured on TEST.
 */
import { labelledFraction } from '../data/labelled-split.js';
import type { Dataset } from '../data/types.js';
import { accuracy } from '../evaluation/accuracy.js';
import { macroPrecisionRecallF1 } from '../evaluation/precision-recall-f1.js';
import { ClusterDistillation } from '../models/cluster-distillation/cluster-distillation.js';
import type { HardClustering } from '../models/cluster-distillation/pseudo-labels.js';
import type { EpochLog } from '../models/estimator.js';
import type { ResNetEstimator } from '../models/resnet-estimator.js';
import { SemiSupDistillation } from '../models/semisup-distillation.js';
import { SupResNet } from '../models/sup-resnet.js';

export const CLASSIFY_METHODS = ['cd-hard', 'cd-soft', 'sup-resnet', 'kd'] as const;
export type ClassifyMethod = (typeof CLASSIFY_METHODS)[number];

export interface ClassificationRunOptions {
  method: ClassifyMethod;
  /** Fraction of TRAIN rows that keep their label. */
  labelled: number;
  /** Epochs of each network. */
  epochs: number;
  seed: number;
  /** cd-hard: pseudo-labels from k-means (the paper) or a mixture's argmax (the authors' code). */
  hardClustering?: HardClustering;
  /** kd: temperature of the teacher's softmax targets. */
  temperature?: number;
  /** BatchNorm moving-average momentum (Keras 0.99). */
  batchNormMomentum?: number;
  checkpointDir?: string;
  saveDir?: string;
  /** Every epoch of every stage: 'teacher' and 'student' (one 'model' stage for sup-resnet). */
  onEpoch?: (stage: 'teacher' | 'student' | 'model', log: EpochLog) => void;
  /** Also return the final network's pooled features of the TEST rows. */
  withFeatures?: boolean;
}

export interface ClassificationOutcome {
  readonly accuracy: number;
  readonly precision: number;
  readonly recall: number;
  readonly labelledRows: number;
  readonly predicted: Int32Array;
  /** Losses of the final network (the student, or Sup-ResNet's one network) per epoch. */
  readonly history: readonly EpochLog[];
  readonly features?: readonly Float32Array[];
  readonly settings: Readonly<Record<string, unknown>>;
}

/** Number of networks a method trains one after the other (for progress totals). */
export function stagesOf(method: ClassifyMethod): number {
  return method === 'sup-resnet' ? 1 : 2;
}

export async function classifyOnTest(dataset: Dataset, options: ClassificationRunOptions): Promise<ClassificationOutcome> {
  const { method, epochs, seed } = options;
  const split = labelledFraction(dataset.train.labels, options.labelled, { seed, classNames: dataset.classNames });
  const classes = dataset.classNames.length;
  const history: EpochLog[] = [];
  const network = { epochs, ...(options.batchNormMomentum !== undefined ? { batchNorm: { momentum: options.batchNormMomentum } } : {}) };
  const onStage = (stage: 'teacher' | 'student', log: EpochLog): void => {
    if (stage === 'student') history.push(log);
    options.onEpoch?.(stage, log);
  };
  const shared = { classes, seed, checkpointDir: options.checkpointDir, teacher: network, student: network, onEpoch: onStage };
  let model: ResNetEstimator;
  if (method === 'sup-resnet') {
    model = new SupResNet({
      ...network,
      classes,
      seed,
      checkpointDir: options.checkpointDir,
      onEpoch: (log: EpochLog) => {
        history.push(log);
        options.onEpoch?.('model', log);
      },
    });
  } else if (method === 'kd') model = new SemiSupDistillation({ ...shared, temperature: options.temperature ?? 1 });
  else model = new ClusterDistillation({ ...shared, variant: method === 'cd-soft' ? 'soft' : 'hard', hardClustering: options.hardClustering ?? 'kmeans' });
  try {
    await model.fit(dataset.train, split.labels);
    const predicted = await model.predict(dataset.test);
    const scores = macroPrecisionRecallF1(dataset.test.labels, predicted);
    const features = options.withFeatures ? await model.transform(dataset.test) : undefined;
    if (options.saveDir !== undefined) await model.save(options.saveDir);
    return {
      accuracy: accuracy(dataset.test.labels, predicted),
      precision: scores.precision,
      recall: scores.recall,
      labelledRows: split.labelled.length,
      predicted,
      history,
      ...(features ? { features } : {}),
      settings: {
        labelled: options.labelled,
        labelledRows: split.labelled.length,
        trainRows: dataset.train.labels.length,
        testRows: dataset.test.labels.length,
        epochs,
        seed,
        ...(options.batchNormMomentum !== undefined ? { batchNormMomentum: options.batchNormMomentum } : {}),
        ...(method === 'cd-hard' ? { hardClustering: options.hardClustering ?? 'kmeans' } : {}),
        ...(method === 'kd' ? { temperature: options.temperature ?? 1 } : {}),
      },
    };
  } finally {
    model.dispose();
  }
}
