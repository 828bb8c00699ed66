/**
 * The frame the semi-supervised methods share: a teacher (Sup-ResNet) trained on the labelled
 * rows, then a student trained on all rows with alpha * (masked CE on the labels) + (1 - alpha) *
 * (masked terms on the unlabelled rows that the method derives from the teacher). Unlabelled rows
 * keep their place in every batch, masked, as in the authors' code.
 */
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { OptionError } from '../../core/errors.js';
import { deriveSeed, Random } from '../../core/random.js';
import { seriesTensor, type SeriesInput } from '../../nn/input.js';
import { checkInteger, checkNumber } from '../base/check-options.js';
import { nestModel, unnestModel, type EstimatorState } from '../base/estimator.js';
import { epochEvent, type FitOptions } from '../base/fit-options.js';
import { classCount, labelMask, oneHot, readLabels } from './class-labels.js';
import { ResNetClassifier, type HeadTarget } from './resnet-classifier.js';
import type { MethodValues } from '../base/method-spec.js';
import { architectureOf, CLASS_HEAD, networkFrom, ResNetEstimator, resolveNetwork, trainOptions, type NetworkOptions } from './resnet-estimator.js';
import { SupResNet, TEACHER_BATCH, type SupResNetConfig } from './sup-resnet.js';

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
}

/** The resolved options every teacher-student method has. */
export interface TeacherStudentConfig {
  classes?: number;
  seed: number;
  alpha?: number;
  teacher: NetworkOptions;
  student: NetworkOptions;
}

/** What a method adds to the student: extra heads and the terms on the unlabelled rows (weight 1 - alpha). */
export interface StudentTerms {
  heads: Record<string, number>;
  terms: Omit<HeadTarget, 'weight'>[];
}

export interface TeacherStudentFitOptions extends FitOptions {
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
 * Purpose of the student's seed stream (its weights, batches and the clustering; see deriveSeed):
 * the teacher draws from Sup-ResNet's own stream, so the student needs one of its own.
 */
const STUDENT_STREAM = 2;
const TEACHER_KEY = 'teacher';

function studentStream(seed: number): Random {
  return new Random(deriveSeed(seed, STUDENT_STREAM));
}

/** The options every teacher-student method shares, over their defaults, checked. */
export function teacherStudentConfig(options: TeacherStudentOptions): TeacherStudentConfig {
  const alpha = options.alpha;
  if (alpha !== undefined && !(checkNumber('alpha', alpha, 0) <= 1)) throw new OptionError(`alpha must be in [0, 1], got ${alpha}`);
  return {
    ...(options.classes !== undefined ? { classes: checkInteger('classes', options.classes, 2) } : {}),
    seed: checkInteger('seed', options.seed ?? 0, 0),
    ...(alpha !== undefined ? { alpha } : {}),
    teacher: resolveNetwork(options.teacher, TEACHER_BATCH),
    student: resolveNetwork(options.student, STUDENT_BATCH),
  };
}

/** Teacher and student options from a method's parsed command-line values (both networks alike). */
export function teacherStudentFrom(values: MethodValues & { seed: number; classes?: number }): TeacherStudentOptions {
  const network = networkFrom(values);
  return { seed: values.seed, ...(values.classes !== undefined ? { classes: values.classes } : {}), teacher: network, student: network };
}

/** A given teacher must have been trained for this data: same classes, channels and series length. */
function checkTeacher(teacher: SupResNet, [, length, channels]: readonly number[], classes: number): void {
  const network = teacher.classifier;
  const teacherClasses = network.config.heads[CLASS_HEAD];
  if (teacherClasses !== classes) throw new OptionError(`the given teacher predicts ${teacherClasses} classes, the data has ${classes}`);
  const shape = teacher.fittedShape;
  if (shape.channels !== channels) throw new OptionError(`the given teacher was trained on ${shape.channels}-channel series, the data has ${channels} channels`);
  if (shape.length !== length) throw new OptionError(`the given teacher was trained on series of length ${shape.length}, the data has length ${length}`);
}

export abstract class TeacherStudent<Config extends TeacherStudentConfig> extends ResNetEstimator<Config> {
  private trainedTeacher: SupResNet | null = null;
  private labelledWeight: number | null = null;

  /** The trained teacher (after fit or load). */
  get teacher(): SupResNet {
    if (!this.trainedTeacher) throw new OptionError(`${this.kind} is not fitted: call fit() or loadModel() first`);
    return this.trainedTeacher;
  }

  /** The weight the labelled term had (after fit or load). */
  get alpha(): number {
    if (this.labelledWeight === null) throw new OptionError(`${this.kind} is not fitted: call fit() or loadModel() first`);
    return this.labelledWeight;
  }

  override fit(x: SeriesInput, y: ArrayLike<number | null>, options: TeacherStudentFitOptions = {}): Promise<this> {
    return super.fit(x, y, options);
  }

  /** The student's extra heads and unlabelled-row terms, from the trained teacher. */
  protected abstract studentTerms(teacher: ResNetClassifier, input: tf.Tensor3D, labels: Int32Array, classes: number, seed: number): Promise<StudentTerms>;

  /**
   * Trains the teacher on the labelled rows (or takes options.teacher), then the student on all
   * rows. The teacher it trains is exactly the Sup-ResNet that `new SupResNet({ ...teacher options,
   * classes, seed })` would train, so one trained Sup-ResNet can serve as the teacher of every method.
   */
  protected async fitModel(x: SeriesInput, y: ArrayLike<number | null>, options: TeacherStudentFitOptions): Promise<void> {
    const o = this.config;
    const input = seriesTensor(x);
    let teacher: SupResNet | null = null;
    try {
      const labels = readLabels(y, input.shape[0]);
      const classes = classCount(labels, o.classes);
      const labelledRows = labels.filter((c) => c >= 0).length;
      const alpha = o.alpha ?? labelledRows / labels.length;
      const checkpoint = (stage: string) => (options.checkpointDir !== undefined ? { checkpointDir: join(options.checkpointDir, stage) } : {});
      const signal = options.signal ? { signal: options.signal } : {};
      if (options.teacher) {
        checkTeacher(options.teacher, input.shape, classes);
        teacher = await options.teacher.copy();
      } else {
        teacher = new SupResNet({ ...o.teacher, classes, seed: o.seed });
        await teacher.fitTensor(input, labels, classes, { ...options, ...checkpoint('teacher'), ...signal }, 'teacher epoch');
      }
      const rng = studentStream(o.seed);
      const { heads, terms } = await this.studentTerms(teacher.classifier, input, labels, classes, rng.uint32());
      const student = new ResNetClassifier(
        { channels: input.shape[2], heads: { [CLASS_HEAD]: classes, ...heads }, architecture: architectureOf(o.student), seed: rng.uint32() },
        o.student.learningRate,
      );
      const labelledTerm = { name: 'labelled', head: CLASS_HEAD, targets: oneHot(labels, classes), mask: labelMask(labels), weight: alpha };
      try {
        await student.train(input, [labelledTerm, ...terms.map((t) => ({ ...t, weight: 1 - alpha }))], {
          ...trainOptions(o.student, rng.uint32()),
          onEpoch: (log) => options.onProgress?.(epochEvent('student epoch', log)),
          ...checkpoint('student'),
          ...signal,
        });
      } catch (err) {
        student.dispose();
        throw err;
      }
      this.dispose();
      this.network = student;
      this.trainedTeacher = teacher;
      teacher = null;
      this.labelledWeight = alpha;
    } finally {
      teacher?.dispose();
      input.dispose();
    }
  }

  override dispose(): void {
    super.dispose();
    this.trainedTeacher?.dispose();
    this.trainedTeacher = null;
  }

  /** The student's network, the weight alpha, and the teacher nested under 'teacher'. */
  protected async saveState(): Promise<EstimatorState> {
    const own = this.networkState();
    const teacher = await nestModel(this.teacher, TEACHER_KEY);
    return { state: { ...own.state, alpha: this.alpha, ...teacher.state }, weights: [...own.weights, ...teacher.weights] };
  }

  protected async restoreState(saved: EstimatorState, source: string): Promise<void> {
    const nested = unnestModel(saved, TEACHER_KEY, source);
    const teacher = new SupResNet(nested.config as SupResNetConfig);
    await teacher.restore(nested, `${source} (teacher)`);
    const prefix = `${TEACHER_KEY}/`;
    this.restoreNetwork(saved.state, saved.weights.filter((w) => !w.name.startsWith(prefix)), source);
    this.trainedTeacher = teacher;
    this.labelledWeight = Number(saved.state['alpha']);
  }
}
