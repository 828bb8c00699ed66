/**
 * DTCR's network (encoder, decoder, real/fake head) and its training loss:
 *   reconstruction + classification + lambda/2 * k-means term + weightDecay * sum(w²)/2.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Random } from '../../core/random.js';
import { Parameters } from '../../nn/parameters.js';
import { kmeansTrace } from './cluster-indicator.js';
import { DtcrDecoder } from './decoder.js';
import { DtcrEncoder, type EncoderArgs } from './encoder.js';
import type { DtcrOptions } from './options.js';
import { RealFakeHead } from './real-fake-head.js';

/** One optimisation step's inputs; B real rows (and their B fakes when the classifier is on). */
export interface DtcrBatch {
  /** Clean real series [B,T]: the reconstruction target. */
  readonly clean: tf.Tensor2D;
  /** Encoder input for the real rows [B,T,1] (noisy while training). */
  readonly real: tf.Tensor3D;
  /** Encoder input for the fakes [B,T,1], or null without the classifier. */
  readonly fake: tf.Tensor3D | null;
  /** The rows of F matching the real rows [B,K]. */
  readonly indicator: tf.Tensor2D;
}

/** How much of each loss counts in this step (0 switches a term off). */
export interface LossWeights {
  readonly reconstruction: number;
  readonly classification: number;
  /** lambda (the term enters as lambda/2 * trace). */
  readonly lambda: number;
}

export type LossName = 'reconstruction' | 'classification' | 'kmeans' | 'decay' | 'total';
export const LOSS_NAMES: readonly LossName[] = ['reconstruction', 'classification', 'kmeans', 'decay', 'total'];

export interface LossTensors {
  /** Each weighted component (kmeans = lambda/2 * trace) and their sum. */
  readonly losses: Record<LossName, tf.Scalar>;
  /** The real rows' representations [B,D]. */
  readonly representation: tf.Tensor2D;
}

export class DtcrNetwork {
  readonly params = new Parameters();
  readonly encoder: DtcrEncoder;
  readonly decoder: DtcrDecoder;
  readonly head: RealFakeHead;

  constructor(
    rng: Random,
    private readonly options: EncoderArgs & Pick<DtcrOptions, 'headUnits' | 'decoderStart' | 'weightDecay'>,
  ) {
    this.encoder = new DtcrEncoder(this.params, rng, 1, options);
    this.decoder = new DtcrDecoder(this.params, rng, this.encoder.size, options.gateBias);
    this.head = new RealFakeHead(this.params, rng, this.encoder.size, options.headUnits);
  }

  /** x [B,T,1] -> [B,D]. */
  represent(x: tf.Tensor3D): tf.Tensor2D {
    return this.encoder.encode(x);
  }

  /** The training loss of a batch; every returned tensor is the caller's to dispose. */
  loss(batch: DtcrBatch, weights: LossWeights): LossTensors {
    return tf.tidy(() => {
      const rows = batch.clean.shape[0];
      const steps = batch.clean.shape[1];
      const both = batch.fake ? tf.concat([batch.real, batch.fake], 0) : batch.real;
      const all = this.encoder.encode(both);
      const representation = batch.fake ? tf.slice(all, [0, 0], [rows, all.shape[1]]) : all;

      const firstInput =
        this.options.decoderStart === 'zero' ? tf.zeros([rows, 1]) : tf.reshape(tf.slice(batch.real, [0, 0, 0], [rows, 1, 1]), [rows, 1]);
      const reconstruction = tf.mean(tf.square(tf.sub(this.decoder.decode(representation, firstInput as tf.Tensor2D, steps), batch.clean)));

      let classification: tf.Scalar = tf.scalar(0);
      if (batch.fake && weights.classification > 0) {
        const logProbabilities = tf.logSoftmax(this.head.logits(all));
        const labels = tf.concat([tf.tile(tf.tensor2d([[1, 0]]), [rows, 1]), tf.tile(tf.tensor2d([[0, 1]]), [rows, 1])], 0);
        classification = tf.neg(tf.mean(tf.sum(tf.mul(labels, logProbabilities), 1))) as tf.Scalar;
      }
      const kmeans = weights.lambda > 0 ? tf.mul(weights.lambda / 2, kmeansTrace(representation, batch.indicator)) : tf.scalar(0);
      const decay = tf.mul(this.options.weightDecay / 2, this.params.squaredNorm());
      const total = tf.addN([tf.mul(weights.reconstruction, reconstruction), tf.mul(weights.classification, classification), kmeans, decay]) as tf.Scalar;
      return {
        losses: {
          reconstruction: tf.mul(weights.reconstruction, reconstruction) as tf.Scalar,
          classification: tf.mul(weights.classification, classification) as tf.Scalar,
          kmeans: kmeans as unknown as tf.Scalar,
          decay: decay as tf.Scalar,
          total,
        },
        representation,
      };
    });
  }

  dispose(): void {
    this.params.dispose();
  }
}
