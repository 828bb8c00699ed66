/**
 * SemiSup-Distillation (Orbes-Arteaga et al.), the knowledge-distillation baseline of the Cluster
 * Distillation paper: the student's class head fits the labels on labelled rows and the teacher's
 * softmax (at a temperature) on the unlabelled ones.
 */
import * as tf from '@tensorflow/tfjs-core';
import { parseNumber } from '../../core/parse-options.js';
import { checkNumber } from '../base/check-options.js';
import type { ClassificationMethod } from '../base/method-spec.js';
import { labelMask } from './class-labels.js';
import type { ResNetClassifier } from './resnet-classifier.js';
import { CLASS_HEAD, NETWORK_OPTIONS } from './resnet-estimator.js';
import { TeacherStudent, teacherStudentConfig, teacherStudentFrom, type StudentTerms, type TeacherStudentConfig, type TeacherStudentOptions } from './teacher-student.js';

export interface SemiSupDistillationOptions extends TeacherStudentOptions {
  /** Softmax temperature of the teacher's targets and the student's fit to them (default 1, the authors'). */
  temperature?: number;
}

export type SemiSupDistillationConfig = TeacherStudentConfig & { temperature: number };

export class SemiSupDistillation extends TeacherStudent<SemiSupDistillationConfig> {
  readonly kind = 'SemiSupDistillation';

  constructor(options: SemiSupDistillationOptions = {}) {
    super({ ...teacherStudentConfig(options), temperature: checkNumber('temperature', options.temperature ?? 1, 0, true) });
  }

  protected async studentTerms(teacher: ResNetClassifier, input: tf.Tensor3D, labels: Int32Array, classes: number): Promise<StudentTerms> {
    const { temperature } = this.config;
    const rows = teacher.probabilities(input, CLASS_HEAD, temperature);
    const targets = new Float32Array(rows.length * classes);
    rows.forEach((row, i) => targets.set(row, i * classes));
    return { heads: {}, terms: [{ name: 'teacher', head: CLASS_HEAD, targets, mask: labelMask(labels, true), temperature }] };
  }
}

export const KD_METHOD: ClassificationMethod = {
  name: 'kd',
  description: "SemiSup-Distillation (Orbes-Arteaga et al.): the student fits the teacher's softmax on the unlabelled rows",
  kind: 'SemiSupDistillation',
  options: [
    ...NETWORK_OPTIONS,
    { key: 'temperature', flags: '--temperature <t>', description: "kd: softmax temperature of the teacher's targets (default 1)", parse: (v) => parseNumber('--temperature', v, (t) => t > 0, 'a number > 0') },
  ],
  usesTensors: true,
  cdPaperName: 'SemiSupDistillation',
  hasTeacher: true,
  networks: 2,
  fromConfig: (c) => new SemiSupDistillation(c as ConstructorParameters<typeof SemiSupDistillation>[0]),
  create: (v) => new SemiSupDistillation({ ...teacherStudentFrom(v), ...(v['temperature'] !== undefined ? { temperature: Number(v['temperature']) } : {}) }),
};
