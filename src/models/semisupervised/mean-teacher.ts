/**
 * The mean teacher (Tarvainen and Valpola 2017) on the ResNet: a student fits the labels of the
 * labelled rows and, on every row, the probabilities of a teacher whose weights are an exponential
 * moving average of the student's, each network seeing its own noisy view (jitter and scaling). The
 * consistency weight ramps up as exp(-5 (1 - t)^2) over the first part of training. The teacher
 * predicts after training (the paper's better model); its BatchNorm statistics come from its own
 * forward passes, as in the authors' code. A checkpoint keeps the teacher's weights (statistics
 * included) and the step count beside the student's.
 */
import * as tf from '@tensorflow/tfjs-core';
import { parseNumber } from '../../core/parse-options.js';
import { WEAK_AUGMENTATIONS } from '../../data/augmentation/augmentations.js';
import { checkNumber } from '../base/check-options.js';
import type { ClassificationMethod } from '../base/method-spec.js';
import { augmentedView, batchValues } from './augmented-views.js';
import { batchLabelMask, batchOneHot, checkProbability, OneNetworkClassifier, oneNetworkConfig, oneNetworkFrom, type BatchTraining, type OneNetworkConfig, type OneNetworkOptions, type TrainingData } from './one-network.js';
import { ResNetClassifier } from './resnet-classifier.js';
import { CLASS_HEAD, NETWORK_OPTIONS } from './resnet-estimator.js';
import { consistencyLoss, maskedMeanCrossEntropy } from './semi-supervised-losses.js';

export interface MeanTeacherOptions extends OneNetworkOptions {
  /**
   * Largest weight of each step's old teacher in the moving average (default 0.95: a window of about
   * 20 steps, since the short runs of few-label data take 1 to 10 steps an epoch; the paper's 0.99
   * to 0.999 suit runs of many thousand steps).
   */
  emaDecay?: number;
  /** Weight of the consistency cost once ramped up (default 10; not tuned). */
  consistencyWeight?: number;
  /** Fraction of the epochs over which the consistency weight ramps up (default 0.3). */
  rampUp?: number;
}

export type MeanTeacherConfig = OneNetworkConfig & { emaDecay: number; consistencyWeight: number; rampUp: number };

/** The sigmoid-shaped ramp-up of Laine and Aila, used by the mean teacher: exp(-5 (1 - t)^2) for t in [0, 1]. */
export function rampUpWeight(epoch: number, rampUpEpochs: number): number {
  if (rampUpEpochs <= 0 || epoch >= rampUpEpochs) return 1;
  const t = 1 - Math.max(0, epoch) / rampUpEpochs;
  return Math.exp(-5 * t * t);
}

export class MeanTeacher extends OneNetworkClassifier<MeanTeacherConfig> {
  readonly kind = 'MeanTeacher';

  constructor(options: MeanTeacherOptions = {}) {
    super({
      ...oneNetworkConfig(options),
      emaDecay: checkProbability('emaDecay', options.emaDecay ?? 0.95),
      consistencyWeight: checkNumber('consistencyWeight', options.consistencyWeight ?? 10, 0),
      rampUp: checkProbability('rampUp', options.rampUp ?? 0.3),
    });
  }

  /** The ramp-up spans a fraction of the epoch budget. */
  protected override readonly stepsDependOnBudget = true;

  protected training(student: ResNetClassifier, { input, labels, classes }: TrainingData): BatchTraining {
    const { emaDecay, consistencyWeight, rampUp, epochs } = this.config;
    // Same config, same seed: the teacher starts as a copy of the student.
    let teacher: ResNetClassifier | null = new ResNetClassifier(student.config);
    const teacherWeights = teacher.params.trainable();
    const studentWeights = student.params.trainable();
    let steps = 0;
    return {
      step: (batch, rng, epoch) => {
        const values = batchValues(input, batch);
        const losses = tf.tidy(() => {
          const targets = batchOneHot(labels, batch, classes);
          const labelled = batchLabelMask(labels, batch);
          const all = tf.ones([batch.length]) as tf.Tensor1D;
          const studentView = augmentedView(values, WEAK_AUGMENTATIONS, rng);
          const teacherProbabilities = tf.softmax(teacher!.forward(augmentedView(values, WEAK_AUGMENTATIONS, rng), true).logits.get(CLASS_HEAD)!);
          const weight = consistencyWeight * rampUpWeight(epoch - 1, rampUp * epochs!);
          return student.minimizeTerms(() => {
            const logits = student.forward(studentView, true).logits.get(CLASS_HEAD)!;
            return [
              { name: 'labelled', value: maskedMeanCrossEntropy(logits, targets, labelled), weight: 1 },
              { name: 'consistency', value: consistencyLoss(logits, teacherProbabilities, all), weight },
            ];
          });
        });
        steps += 1;
        // Early on the average covers all steps so far (the authors' min(1 - 1/(step + 1), decay)).
        const decay = Math.min(1 - 1 / (steps + 1), emaDecay);
        tf.tidy(() => teacherWeights.forEach((w, i) => w.assign(tf.add(tf.mul(w, decay), tf.mul(studentWeights[i]!, 1 - decay)))));
        return losses;
      },
      saveState: () => ({ json: { steps }, arrays: teacher!.snapshot() }),
      restoreState: ({ json, arrays }) => {
        teacher!.restore(arrays);
        steps = (json as { steps: number }).steps;
      },
      result: () => {
        const kept = teacher!;
        teacher = null;
        return kept;
      },
      dispose: () => teacher?.dispose(),
    };
  }
}

export const MEAN_TEACHER_METHOD: ClassificationMethod = {
  name: 'mean-teacher',
  description: "Mean teacher (Tarvainen and Valpola 2017): a student fits the labels and the probabilities of its weights' moving average",
  kind: 'MeanTeacher',
  options: [
    ...NETWORK_OPTIONS,
    { key: 'emaDecay', flags: '--ema-decay <d>', description: "mean-teacher: weight of the teacher's old weights at each step (default 0.95)", parse: (v) => parseNumber('--ema-decay', v, (d) => d >= 0 && d <= 1, 'a number in [0, 1]') },
  ],
  usesTensors: true,
  hasTeacher: false,
  networks: 1,
  fromConfig: (c) => new MeanTeacher(c as ConstructorParameters<typeof MeanTeacher>[0]),
  create: (v) => new MeanTeacher({ ...oneNetworkFrom(v), ...(v['emaDecay'] !== undefined ? { emaDecay: Number(v['emaDecay']) } : {}) }),
};
