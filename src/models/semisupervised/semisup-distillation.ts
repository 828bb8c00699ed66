/**
 * SemiSup-Distillation (Orbes-Arteaga et al.), the knowledge-distillation baseline of the Cluster
 * Distillation paper: the student's class head fits the labels on labelled rows and the teacher's
 * softmax (at a temperature) on the unlabelled ones.
 */
import * as tf from '@tensorflow/tfjs-core';
import { OptionError } from '../../core/errors.js';
import { labelMask } from './class-labels.js';
import type { ResNetClassifier } from './resnet-classifier.js';
import { CLASS_HEAD } from './resnet-estimator.js';
import { TeacherStudent, type StudentTerms, type TeacherStudentOptions } from './teacher-student.js';

export interface SemiSupDistillationOptions extends TeacherStudentOptions {
  /** Softmax temperature of the teacher's targets and the student's fit to them (default 1, the authors'). */
  temperature?: number;
}

const KIND = 'SemiSupDistillation';

export class SemiSupDistillation extends TeacherStudent<SemiSupDistillationOptions> {
  constructor(options: SemiSupDistillationOptions = {}) {
    super(options);
  }

  static async load(dir: string): Promise<SemiSupDistillation> {
    return new SemiSupDistillation().readFrom(dir);
  }

  protected kind(): string {
    return KIND;
  }

  protected studentTerms(teacher: ResNetClassifier, input: tf.Tensor3D, labels: Int32Array, classes: number): StudentTerms {
    const temperature = this.options.temperature ?? 1;
    if (!(temperature > 0)) throw new OptionError(`temperature must be > 0, got ${temperature}`);
    const rows = teacher.probabilities(input, CLASS_HEAD, temperature);
    const targets = new Float32Array(rows.length * classes);
    rows.forEach((row, i) => targets.set(row, i * classes));
    return { heads: {}, terms: [{ name: 'teacher', head: CLASS_HEAD, targets, mask: labelMask(labels, true), temperature }] };
  }
}
