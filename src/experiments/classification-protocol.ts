/**
 * The Cluster Distillation paper's protocol, shared by `tempora classify` and
 * `tempora reproduce cd`: a seeded stratified split keeps the labels of a fraction of TRAIN; the
 * method trains on all TRAIN rows with only those labels; accuracy and macro precision and recall
 * are measured on TEST.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFolderAtomic } from '../core/atomic.js';
import { DataFormatError } from '../core/errors.js';
import { labelledFraction } from '../data/labelled-split.js';
import type { Dataset, LabelledSplit } from '../data/types.js';
import { accuracy } from '../evaluation/metrics/accuracy.js';
import { macroPrecisionRecallF1 } from '../evaluation/metrics/precision-recall-f1.js';
import { ClusterDistillation } from '../models/semisupervised/cluster-distillation.js';
import type { HardClustering } from '../models/semisupervised/pseudo-labels.js';
import type { EpochLog } from '../models/base/estimator.js';
import type { ResNetEstimator } from '../models/semisupervised/resnet-estimator.js';
import { SemiSupDistillation } from '../models/semisupervised/semisup-distillation.js';
import { SupResNet, type SupResNetOptions } from '../models/semisupervised/sup-resnet.js';

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
  /** Every epoch of every network trained: 'teacher' and 'student' (one 'model' stage for sup-resnet); none for a cached teacher. */
  onEpoch?: (stage: 'teacher' | 'student' | 'model', log: EpochLog) => void;
  /** Also return the final network's pooled features of the TEST rows. */
  withFeatures?: boolean;
  /**
   * Folder caching the trained Sup-ResNet of this split, seed and settings, which every method
   * shares (sup-resnet as its model, the others as their teacher): loaded when there, else trained
   * and written there atomically. Default: none (trained in memory, not kept).
   */
  teacherDir?: string;
}

export interface ClassificationOutcome {
  readonly accuracy: number;
  readonly precision: number;
  readonly recall: number;
  readonly labelledRows: number;
  readonly predicted: Int32Array;
  /** Losses of the final network (the student, or Sup-ResNet's one network, also when cached) per epoch. */
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
  const network = { epochs, ...(options.batchNormMomentum !== undefined ? { batchNorm: { momentum: options.batchNormMomentum } } : {}) };
  const teacher = await splitTeacher(dataset.train, split.labels, { ...network, classes, seed }, options);
  let model: ResNetEstimator = teacher.model;
  let history = teacher.history;
  try {
    if (method !== 'sup-resnet') {
      const studentHistory: EpochLog[] = [];
      const onEpoch = (stage: 'teacher' | 'student', log: EpochLog): void => {
        studentHistory.push(log);
        options.onEpoch?.(stage, log);
      };
      const shared = { classes, seed, checkpointDir: options.checkpointDir, teacher: network, student: network, onEpoch };
      const student =
        method === 'kd'
          ? new SemiSupDistillation({ ...shared, temperature: options.temperature ?? 1 })
          : new ClusterDistillation({ ...shared, variant: method === 'cd-soft' ? 'soft' : 'hard', hardClustering: options.hardClustering ?? 'kmeans' });
      model = student;
      await student.fit(dataset.train, split.labels, { teacher: teacher.model });
      history = studentHistory;
    }
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
    teacher.model.dispose();
  }
}

/** Where a cached teacher keeps the losses of its training, for the report's curves. */
const TEACHER_HISTORY = 'history.json';

/**
 * The Sup-ResNet of this split and seed, which is both the sup-resnet method's model and every
 * other method's teacher, with its per-epoch losses: read from options.teacherDir when cached
 * there, else trained (checkpoints in checkpointDir/teacher) and, given a teacherDir, written
 * there atomically. Two processes racing on one folder write the same network; the first rename wins.
 */
async function splitTeacher(
  train: LabelledSplit,
  labels: Int32Array,
  settings: SupResNetOptions,
  options: ClassificationRunOptions,
): Promise<{ model: SupResNet; history: EpochLog[] }> {
  const dir = options.teacherDir;
  if (dir !== undefined && existsSync(dir)) return { model: await SupResNet.load(dir), history: readHistory(join(dir, TEACHER_HISTORY)) };
  const stage = options.method === 'sup-resnet' ? 'model' : 'teacher';
  const history: EpochLog[] = [];
  const model = new SupResNet({
    ...settings,
    ...(options.checkpointDir !== undefined ? { checkpointDir: join(options.checkpointDir, 'teacher') } : {}),
    onEpoch: (log) => {
      history.push(log);
      options.onEpoch?.(stage, log);
    },
  });
  try {
    await model.fit(train, labels);
    if (dir !== undefined) {
      await writeFolderAtomic(dir, async (tmp) => {
        await model.save(tmp);
        writeFileSync(join(tmp, TEACHER_HISTORY), JSON.stringify(history) + '\n');
      });
    }
  } catch (err) {
    model.dispose();
    throw err;
  }
  return { model, history };
}

function readHistory(path: string): EpochLog[] {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as EpochLog[];
  } catch (err) {
    throw new DataFormatError(`cannot read the cached teacher's training history (${(err as Error).message})`, path);
  }
}
