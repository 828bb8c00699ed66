/**
 * The frame both semi-supervised methods share: a teacher (Sup-ResNet) trained on the labelled
 * rows, then a student trained on all rows with alpha * (masked CE on the labels) + (1 - alpha) *
 * (masked terms on the unlabelled rows that the method derives from the teacher). Unlabelled rows
 * keep their place in every batch, masked, as in the authors' code.
 */
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { OptionError } from '../../core/errors.js';
import { Random } from '../../core/random.js';
import { seriesTensor, type SeriesInput } from '../../nn/input.js';
import { classCount, labelMask, oneHot, readLabels } from './class-labels.js';
import type { EpochLog } from '../base/estimator.js';
import { ResNetClassifier, type HeadTarget } from './resnet-classifier.js';
import { architectureOf, CLASS_HEAD, ResNetEstimator, trainOptions, type NetworkOptions } from './resnet-estimator.js';
import { settingsOf, SupResNet } from './sup-resnet.js';

export type Stage = 'teacher' | 'student';

export interface TeacherStudentOptions {
  /** Number of classes (default: the largest label + 1). */
  classes?: number;
  /** Seed of both networks, their batches and the clustering (default 0). */
  seed?: number;
  /** Weight of the labelled term (default: the fraction of rows that are labelled, as the authors). */
  alpha?: number;
  /** The teacher's network and training (batch size default 16). */
  teacher?: NetworkOptions;
  /** The student's network and training (batch size default 32). */
  student?: NetworkOptions;
  /** Called after every epoch of either network; return 'stop' to end that network's training. */
  onEpoch?: (stage: Stage, log: EpochLog) => void | 'stop' | Promise<void | 'stop'>;
  /** Folder for resumable checkpoints (teacher/ and student/ inside). Default: none. */
  checkpointDir?: string;
  /** Epochs between checkpoints (default 50). */
  checkpointEvery?: number;
}

/** What a method adds to the student: extra heads and the terms on the unlabelled rows (weight 1 - alpha). */
export interface StudentTerms {
  heads: Record<string, number>;
  terms: Omit<HeadTarget, 'weight'>[];
}

export interface TeacherStudentFitOptions {
  /**
   * An already trained Sup-ResNet to use as the teacher instead of training one (the options'
   * `teacher` settings are then not used). Its class count, channels and series length must match
   * the data. The estimator keeps its own copy: the caller still owns, and disposes, the given one.
   */
  teacher?: SupResNet;
}

/** The authors' student batch size. */
export const STUDENT_BATCH = 32;

/**
 * Salt of the student's seed stream (its weights, batches and the clustering): the teacher draws
 * from the seed itself, as Sup-ResNet does, so the student needs a stream of its own.
 */
const STUDENT_STREAM = 0x5eed5717;

function studentStream(seed: number): Random {
  return new Random((Math.trunc(seed) ^ STUDENT_STREAM) >>> 0);
}

/** A given teacher must have been trained for this data: same classes, channels and series length. */
function checkTeacher(teacher: SupResNet, [, length, channels]: readonly number[], classes: number): void {
  const network = teacher.classifier;
  const teacherClasses = network.config.heads[CLASS_HEAD];
  if (teacherClasses !== classes) throw new OptionError(`the given teacher predicts ${teacherClasses} classes, the data has ${classes}`);
  if (network.config.channels !== channels) throw new OptionError(`the given teacher was trained on ${network.config.channels}-channel series, the data has ${channels} channels`);
  if (teacher.seriesLength !== null && teacher.seriesLength !== length) {
    throw new OptionError(`the given teacher was trained on series of length ${teacher.seriesLength}, the data has length ${length}`);
  }
}

interface TeacherStudentState {
  classes: number;
  alpha: number;
}

export abstract class TeacherStudent<Options extends TeacherStudentOptions> extends ResNetEstimator {
  /** The trained teacher (after fit or load). */
  teacher: SupResNet | null = null;
  /** The weight the labelled term had (after fit or load). */
  alpha: number | null = null;

  constructor(readonly options: Options) {
    super();
  }

  /** The student's extra heads and unlabelled-row terms, from the trained teacher. */
  protected abstract studentTerms(teacher: ResNetClassifier, input: tf.Tensor3D, labels: Int32Array, classes: number, seed: number): StudentTerms;

  /**
   * Trains the teacher on the labelled rows (or takes fitOptions.teacher), then the student on all
   * rows. The teacher it trains is exactly the Sup-ResNet that `new SupResNet({ ...teacher options,
   * classes, seed })` would train, so one trained Sup-ResNet can serve as the teacher of every method.
   */
  async fit(x: SeriesInput, y: ArrayLike<number | null>, fitOptions: TeacherStudentFitOptions = {}): Promise<this> {
    const o = this.options;
    const input = seriesTensor(x);
    let teacher: SupResNet | null = null;
    try {
      const labels = readLabels(y, input.shape[0]);
      const classes = classCount(labels, o.classes);
      const labelledRows = labels.filter((c) => c >= 0).length;
      const alpha = o.alpha ?? labelledRows / labels.length;
      if (!(alpha >= 0 && alpha <= 1)) throw new OptionError(`alpha must be in [0, 1], got ${alpha}`);
      const seed = o.seed ?? 0;
      if (fitOptions.teacher) {
        checkTeacher(fitOptions.teacher, input.shape, classes);
        teacher = fitOptions.teacher.copy();
      } else {
        teacher = new SupResNet({
          ...o.teacher,
          classes,
          seed,
          onEpoch: o.onEpoch && ((log) => o.onEpoch!('teacher', log)),
          checkpointDir: o.checkpointDir && join(o.checkpointDir, 'teacher'),
          checkpointEvery: o.checkpointEvery,
        });
        await teacher.fitTensor(input, labels, classes);
      }
      const rng = studentStream(seed);
      const { heads, terms } = this.studentTerms(teacher.classifier, input, labels, classes, rng.uint32());
      const student = new ResNetClassifier(
        { channels: input.shape[2], heads: { [CLASS_HEAD]: classes, ...heads }, architecture: architectureOf(o.student ?? {}), seed: rng.uint32() },
        o.student?.learningRate,
      );
      const labelledTerm = { name: 'labelled', head: CLASS_HEAD, targets: oneHot(labels, classes), mask: labelMask(labels), weight: alpha };
      try {
        await student.train(input, [labelledTerm, ...terms.map((t) => ({ ...t, weight: 1 - alpha }))], {
          ...trainOptions(o.student ?? {}, STUDENT_BATCH, rng.uint32()),
          onEpoch: o.onEpoch && ((log) => o.onEpoch!('student', log)),
          checkpointDir: o.checkpointDir && join(o.checkpointDir, 'student'),
          checkpointEvery: o.checkpointEvery,
        });
      } catch (err) {
        student.dispose();
        throw err;
      }
      this.dispose();
      this.network = student;
      this.teacher = teacher;
      teacher = null;
      this.alpha = alpha;
    } finally {
      teacher?.dispose();
      input.dispose();
    }
    return this;
  }

  /** Saves the student in dir and the teacher in dir/teacher. */
  async save(dir: string): Promise<void> {
    if (!this.teacher || this.alpha === null) throw new OptionError(`${this.constructor.name} is not fitted: call fit or load first`);
    await this.teacher.save(join(dir, 'teacher'));
    this.writeNetwork<Options, TeacherStudentState>(dir, this.kind(), settingsOf(this.options), { classes: this.classifier.config.heads[CLASS_HEAD]!, alpha: this.alpha });
  }

  override dispose(): void {
    super.dispose();
    this.teacher?.dispose();
    this.teacher = null;
  }

  /** The name saved models of this method carry. */
  protected abstract kind(): string;

  /** Fills a new instance from a saved folder (the static load of each method calls this). */
  protected async readFrom(dir: string): Promise<this> {
    const { settings, state } = this.readNetwork<Options, TeacherStudentState>(dir, this.kind());
    Object.assign(this.options, settings);
    this.alpha = state.alpha;
    this.teacher = await SupResNet.load(join(dir, 'teacher'));
    return this;
  }
}
