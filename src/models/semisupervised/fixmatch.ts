/**
 * FixMatch (Sohn et al. 2020) on the ResNet: each batch is seen twice, weakly augmented (jitter,
 * scaling) and strongly augmented (all the time-series augmentations); the labelled rows fit their
 * labels on the weak view, and every unlabelled row whose weak view the network classifies with
 * probability >= threshold fits that class on its strong view. Both views go through one forward
 * pass, so BatchNorm sees them together, as in the paper.
 */
import * as tf from '@tensorflow/tfjs-core';
import { STRONG_AUGMENTATIONS, WEAK_AUGMENTATIONS } from '../../data/augmentation/augmentations.js';
import { checkNumber } from '../base/check-options.js';
import type { ClassificationMethod } from '../base/method-spec.js';
import { augmentedView, batchValues } from './augmented-views.js';
import { batchLabelMask, batchOneHot, checkProbability, OneNetworkClassifier, oneNetworkConfig, oneNetworkFrom, THRESHOLD_OPTION, type BatchTraining, type OneNetworkConfig, type OneNetworkOptions, type TrainingData } from './one-network.js';
import type { ResNetClassifier } from './resnet-classifier.js';
import { CLASS_HEAD, NETWORK_OPTIONS } from './resnet-estimator.js';
import { confidentFraction, maskedMeanCrossEntropy, pseudoLabelLoss } from './semi-supervised-losses.js';

export interface FixMatchOptions extends OneNetworkOptions {
  /** Confidence a weak view needs for its class to become the strong view's target (default 0.95, the paper's). */
  threshold?: number;
  /** Weight of the unlabelled term (default 1, the paper's lambda_u). */
  unlabelledWeight?: number;
}

export type FixMatchConfig = OneNetworkConfig & { threshold: number; unlabelledWeight: number };

export class FixMatch extends OneNetworkClassifier<FixMatchConfig> {
  readonly kind = 'FixMatch';

  constructor(options: FixMatchOptions = {}) {
    super({ ...oneNetworkConfig(options), threshold: checkProbability('threshold', options.threshold ?? 0.95), unlabelledWeight: checkNumber('unlabelledWeight', options.unlabelledWeight ?? 1, 0) });
  }

  protected training(network: ResNetClassifier, { input, labels, classes }: TrainingData): BatchTraining {
    const { threshold, unlabelledWeight } = this.config;
    return {
      step: (batch, rng) => {
        const values = batchValues(input, batch);
        return tf.tidy(() => {
          const weak = augmentedView(values, WEAK_AUGMENTATIONS, rng);
          const strong = augmentedView(values, STRONG_AUGMENTATIONS, rng);
          const targets = batchOneHot(labels, batch, classes);
          const labelled = batchLabelMask(labels, batch);
          const unlabelled = batchLabelMask(labels, batch, true);
          let confident = 0;
          const losses = network.minimizeTerms(() => {
            const logits = network.forward(tf.concat([weak, strong], 0), true).logits.get(CLASS_HEAD)!;
            const [weakLogits, strongLogits] = tf.split(logits, 2, 0) as [tf.Tensor2D, tf.Tensor2D];
            confident = confidentFraction(weakLogits, unlabelled, threshold).dataSync()[0]!;
            return [
              { name: 'labelled', value: maskedMeanCrossEntropy(weakLogits, targets, labelled), weight: 1 },
              { name: 'pseudo', value: pseudoLabelLoss(weakLogits, strongLogits, unlabelled, threshold), weight: unlabelledWeight },
            ];
          });
          return { ...losses, confident };
        });
      },
    };
  }
}

export const FIXMATCH_METHOD: ClassificationMethod = {
  name: 'fixmatch',
  description: 'FixMatch (Sohn et al. 2020): confident classes of weakly augmented series as targets of their strongly augmented views',
  kind: 'FixMatch',
  options: [
    ...NETWORK_OPTIONS,
    THRESHOLD_OPTION,
  ],
  usesTensors: true,
  hasTeacher: false,
  networks: 1,
  fromConfig: (c) => new FixMatch(c as ConstructorParameters<typeof FixMatch>[0]),
  create: (v) => new FixMatch({ ...oneNetworkFrom(v), ...(v['threshold'] !== undefined ? { threshold: Number(v['threshold']) } : {}) }),
};
