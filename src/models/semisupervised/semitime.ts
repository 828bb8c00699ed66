/**
 * SemiTime (Fan et al., ICASSP 2021) on the ResNet: besides fitting the labels of the labelled
 * rows, the encoder learns on every row to tell whether a past segment and a future segment come
 * from the same series (temporal relation prediction). Each series is cut into its past (the first
 * `pastFraction` of the steps) and its future (the rest); a pair is positive when both parts are of
 * one series, negative when the future is another row's of the batch. A relation head (dense 256,
 * leaky ReLU, dense 2) over the two segments' concatenated features predicts the relation. Both
 * losses train together from the first step (the paper's joint objective: there is no separate
 * pretext stage). The relation head lives among the network's weights while it trains, so that
 * checkpoints keep it and its optimiser moments; the network kept for prediction drops it.
 */
import * as tf from '@tensorflow/tfjs-core';
import { OptionError } from '../../core/errors.js';
import { parseNumber } from '../../core/parse-options.js';
import { deriveSeed, Random } from '../../core/random.js';
import { Dense } from '../../nn/dense.js';
import { checkNumber } from '../base/check-options.js';
import type { ClassificationMethod } from '../base/method-spec.js';
import { batchLabelMask, batchOneHot, OneNetworkClassifier, oneNetworkConfig, oneNetworkFrom, type BatchTraining, type OneNetworkConfig, type OneNetworkOptions, type TrainingData } from './one-network.js';
import { ResNetClassifier } from './resnet-classifier.js';
import { CLASS_HEAD, NETWORK_OPTIONS } from './resnet-estimator.js';
import { maskedMeanCrossEntropy } from './semi-supervised-losses.js';

export interface SemiTimeOptions extends OneNetworkOptions {
  /** Fraction of the steps in the past segment (default 0.5, the split of the authors' code). */
  pastFraction?: number;
  /** Weight of the relation loss (default 1: the paper sums the two losses). */
  relationWeight?: number;
}

export type SemiTimeConfig = OneNetworkConfig & { pastFraction: number; relationWeight: number };

const PAIRS = 0x5e41;
const RELATION_UNITS = 256;
/** Name prefix of the relation head's weights. */
const RELATION = 'relation/';

/**
 * For each row of a batch of n >= 2 rows, the row whose future makes its negative pair: a shift of
 * 1..n-1 places, so never the row itself.
 */
export function negativePartners(n: number, rng: Random): Int32Array {
  const shift = 1 + rng.int(n - 1);
  return Int32Array.from({ length: n }, (_, i) => (i + shift) % n);
}

export class SemiTime extends OneNetworkClassifier<SemiTimeConfig> {
  readonly kind = 'SemiTime';

  constructor(options: SemiTimeOptions = {}) {
    const pastFraction = options.pastFraction ?? 0.5;
    if (!(pastFraction > 0 && pastFraction < 1)) throw new OptionError(`pastFraction must be in (0, 1), got ${pastFraction}`);
    super({ ...oneNetworkConfig(options), pastFraction, relationWeight: checkNumber('relationWeight', options.relationWeight ?? 1, 0) });
  }

  protected training(network: ResNetClassifier, { input, labels, classes }: TrainingData, seed: number): BatchTraining {
    const { pastFraction, relationWeight } = this.config;
    const length = input.shape[1];
    if (length < 2) throw new OptionError('SemiTime cuts each series into a past and a future: it needs series of at least 2 steps');
    const cut = Math.min(length - 1, Math.max(1, Math.round(pastFraction * length)));
    const headRng = new Random(deriveSeed(seed, PAIRS, 0));
    const hidden = new Dense(network.params, headRng, { name: `${RELATION}hidden`, inputUnits: 2 * network.featureSize, units: RELATION_UNITS });
    const output = new Dense(network.params, headRng, { name: `${RELATION}output`, inputUnits: RELATION_UNITS, units: 2 });
    return {
      step: (batch, random) =>
        tf.tidy(() => {
          const x = tf.gather(input, tf.tensor1d(batch, 'int32'));
          const targets = batchOneHot(labels, batch, classes);
          const labelled = batchLabelMask(labels, batch);
          const n = batch.length;
          const partners = n >= 2 ? negativePartners(n, random) : null;
          const relationTargets = tf.tensor2d(Float32Array.from({ length: 4 * n }, (_, i) => (i < 2 * n ? (i % 2 === 1 ? 1 : 0) : i % 2 === 0 ? 1 : 0)), [2 * n, 2]);
          const everyPair = tf.ones([2 * n]) as tf.Tensor1D;
          return network.minimizeTerms(() => {
            const logits = network.forward(x, true).logits.get(CLASS_HEAD)!;
            const terms = [{ name: 'labelled', value: maskedMeanCrossEntropy(logits, targets, labelled), weight: 1 }];
            if (partners === null) return terms;
            const past = network.forward(tf.slice(x, [0, 0, 0], [-1, cut, -1]), true).features;
            const future = network.forward(tf.slice(x, [0, cut, 0], [-1, -1, -1]), true).features;
            // rows 0..n-1: own future (related, class 1); rows n..2n-1: another row's future (class 0)
            const pairs = tf.concat([tf.concat([past, future], 1), tf.concat([past, tf.gather(future, tf.tensor1d(partners, 'int32'))], 1)], 0) as tf.Tensor2D;
            const relation = output.apply(tf.leakyRelu(hidden.apply(pairs), 0.01));
            return [...terms, { name: 'relation', value: maskedMeanCrossEntropy(relation, relationTargets, everyPair), weight: relationWeight }];
          });
        }),
      result: () => {
        const kept = new ResNetClassifier(network.config);
        kept.restore(network.snapshot().filter((w) => !w.name.startsWith(RELATION)));
        return kept;
      },
    };
  }
}

export const SEMITIME_METHOD: ClassificationMethod = {
  name: 'semitime',
  description: 'SemiTime (Fan et al. 2021): the labels, plus predicting whether a past and a future segment belong to one series',
  kind: 'SemiTime',
  options: [
    ...NETWORK_OPTIONS,
    { key: 'pastFraction', flags: '--past-fraction <f>', description: 'semitime: fraction of each series in its past segment (default 0.5)', parse: (v) => parseNumber('--past-fraction', v, (f) => f > 0 && f < 1, 'a number in (0, 1)') },
  ],
  usesTensors: true,
  hasTeacher: false,
  networks: 1,
  fromConfig: (c) => new SemiTime(c as ConstructorParameters<typeof SemiTime>[0]),
  create: (v) => new SemiTime({ ...oneNetworkFrom(v), ...(v['pastFraction'] !== undefined ? { pastFraction: Number(v['pastFraction']) } : {}) }),
};
