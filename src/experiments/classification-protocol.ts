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
import { withFolderLock } from '../core/folder-lock.js';
import { labelledFraction } from '../data/labelled-split.js';
import type { Dataset, LabelledSplit } from '../data/types.js';
import { accuracy } from '../evaluation/metrics/accuracy.js';
import { macroPrecisionRecallF1 } from '../evaluation/metrics/precision-recall-f1.js';
import type { Classifier } from '../models/base/estimator.js';
import { epochLog, type EpochLog, type FitOptions } from '../models/base/fit-options.js';
import type { ClassificationMethod, MethodValues } from '../models/base/method-spec.js';
import { SupResNet, SUP_RESNET_METHOD } from '../models/semisupervised/sup-resnet.js';
import { ResNetEstimator } from '../models/semisupervised/resnet-estimator.js';

export interface ClassificationRunOptions {
  readonly method: ClassificationMethod;
  /** The method's parsed options (epochs, batchNormMomentum, ...; its defaults where absent). */
  readonly values?: MethodValues;
  /** Fraction of TRAIN rows that keep their label. */
  readonly labelled: number;
  readonly seed: number;
  /** Progress (stage 'teacher epoch', 'student epoch' or 'epoch'), stop signal and checkpoints. */
  readonly fit?: FitOptions;
  readonly saveDir?: string;
  /** Also return the final network's pooled features of the TEST rows. */
  readonly withFeatures?: boolean;
  /**
   * Folder caching the trained Sup-ResNet of this split, seed and settings, which every method
   * with a teacher shares (sup-resnet as its model, the others as their teacher): loaded when
   * there, else trained and written there atomically. Default: none (trained in memory, not kept).
   */
  readonly teacherDir?: string;
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

export async function classifyDataset(dataset: Dataset, options: ClassificationRunOptions): Promise<ClassificationOutcome> {
  const { method, seed } = options;
  const split = labelledFraction(dataset.train.labels, options.labelled, { seed, classNames: dataset.classNames });
  const classes = dataset.classNames.length;
  const values = { ...options.values, seed, classes };
  const isTeacher = method.kind === SUP_RESNET_METHOD.kind;
  const teacher = isTeacher || method.hasTeacher ? await splitTeacher(dataset.train, split.labels, values, options, isTeacher ? 'epoch' : 'teacher epoch') : null;
  const model: Classifier = isTeacher ? teacher!.model : method.create(values);
  let history = teacher?.history ?? [];
  try {
    if (!isTeacher) {
      const own: EpochLog[] = [];
      await model.fit(dataset.train, split.labels, {
        ...options.fit,
        onProgress: (event) => {
          if (event.losses && event.stage !== 'teacher epoch') own.push(epochLog(event));
          options.fit?.onProgress?.(event);
        },
        ...(teacher ? { teacher: teacher.model } : {}),
      });
      history = own;
    }
    const predicted = await model.predict(dataset.test);
    const scores = macroPrecisionRecallF1(dataset.test.labels, predicted);
    const features = options.withFeatures && model instanceof ResNetEstimator ? await model.transform(dataset.test) : undefined;
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
        seed,
        ...Object.fromEntries(Object.entries(options.values ?? {}).filter(([, v]) => v !== undefined)),
      },
    };
  } finally {
    model.dispose();
    if (teacher && teacher.model !== model) teacher.model.dispose();
  }
}

/** Where a cached teacher keeps the losses of its training, for the report's curves. */
const TEACHER_HISTORY = 'history.json';

/**
 * The Sup-ResNet of this split and seed, which is both the sup-resnet method's model and every
 * other method's teacher, with its per-epoch losses: read from options.teacherDir when cached
 * there, else trained (checkpoints in checkpointDir/teacher) and, given a teacherDir, written
 * there atomically. A run that needs the teacher while another process trains it waits for it
 * (the folder's lock) rather than train the same network a second time.
 */
async function splitTeacher(
  train: LabelledSplit,
  labels: Int32Array,
  values: MethodValues & { seed: number; classes: number },
  options: ClassificationRunOptions,
  stage: string,
): Promise<{ model: SupResNet; history: EpochLog[] }> {
  const trainNew = async (): Promise<{ model: SupResNet; history: EpochLog[] }> => {
    const history: EpochLog[] = [];
    const model = SUP_RESNET_METHOD.create(values) as SupResNet;
    const checkpointDir = options.fit?.checkpointDir;
    try {
      await model.fit(train, labels, {
        ...options.fit,
        ...(checkpointDir !== undefined ? { checkpointDir: join(checkpointDir, 'teacher') } : {}),
        onProgress: (event) => {
          const renamed = { ...event, stage };
          if (event.losses) history.push(epochLog(renamed));
          options.fit?.onProgress?.(renamed);
        },
      });
    } catch (err) {
      model.dispose();
      throw err;
    }
    return { model, history };
  };
  const dir = options.teacherDir;
  if (dir === undefined) return trainNew();
  return withFolderLock(dir, async () => {
    if (existsSync(dir)) return { model: await SupResNet.load(dir), history: readHistory(join(dir, TEACHER_HISTORY)) };
    const teacher = await trainNew();
    try {
      await writeFolderAtomic(dir, async (tmp) => {
        await teacher.model.save(tmp);
        writeFileSync(join(tmp, TEACHER_HISTORY), JSON.stringify(teacher.history) + '\n');
      });
    } catch (err) {
      teacher.model.dispose();
      throw err;
    }
    return teacher;
  });
}

function readHistory(path: string): EpochLog[] {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as EpochLog[];
  } catch (err) {
    throw new DataFormatError(`cannot read the cached teacher's training history (${(err as Error).message})`, path);
  }
}
