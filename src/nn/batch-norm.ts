/**
 * Batch normalisation over the last (channel) axis, as Keras's BatchNormalization: in training,
 * normalise with the batch's mean and (biased) variance and move the moving averages towards
 * them; in inference, normalise with the moving averages. The moving statistics are non-trainable
 * parameters, so they are saved with the model.
 */
import * as tf from '@tensorflow/tfjs-core';
import { backendHasKernel, BATCH_NORM_ADD_RELU_TRAIN, BATCH_NORM_RELU_TRAIN, BATCH_NORM_TRAIN, MOVING_AVERAGES } from '../backend/index.js';
import { OptionError } from '../core/errors.js';
import type { Parameters } from './parameters.js';

export interface BatchNormOptions {
  /** Weight of the old moving average at each update (default 0.99, Keras's). */
  momentum?: number;
  /** Added to the variance before the square root (default 1e-3, Keras's). */
  epsilon?: number;
}

export interface BatchNormArgs extends BatchNormOptions {
  /** Parameter name prefix, unique within the model. */
  name: string;
  channels: number;
}

export const BATCH_NORM_DEFAULTS = { momentum: 0.99, epsilon: 1e-3 } as const;

export class BatchNorm {
  readonly gamma: tf.Variable<tf.Rank.R1>;
  readonly beta: tf.Variable<tf.Rank.R1>;
  readonly movingMean: tf.Variable<tf.Rank.R1>;
  readonly movingVariance: tf.Variable<tf.Rank.R1>;
  readonly momentum: number;
  readonly epsilon: number;

  constructor(params: Parameters, readonly args: BatchNormArgs) {
    this.momentum = args.momentum ?? BATCH_NORM_DEFAULTS.momentum;
    this.epsilon = args.epsilon ?? BATCH_NORM_DEFAULTS.epsilon;
    if (!(this.momentum >= 0 && this.momentum < 1)) throw new OptionError(`batch-norm momentum must be in [0, 1), got ${this.momentum}`);
    if (!(this.epsilon > 0)) throw new OptionError(`batch-norm epsilon must be > 0, got ${this.epsilon}`);
    const c = args.channels;
    this.gamma = params.add(`${args.name}/gamma`, [c], new Float32Array(c).fill(1));
    this.beta = params.add(`${args.name}/beta`, [c], new Float32Array(c));
    this.movingMean = params.add(`${args.name}/moving_mean`, [c], new Float32Array(c), false);
    this.movingVariance = params.add(`${args.name}/moving_variance`, [c], new Float32Array(c).fill(1), false);
  }

  /**
   * x [..., C]; in training mode also updates the moving statistics. `relu` applies ReLU to the
   * result (fused with the normalisation where the backend can).
   */
  apply<T extends tf.Tensor>(x: T, training: boolean, relu = false): T {
    const shape = x.shape;
    const rows = tf.reshape(x, [-1, shape[shape.length - 1]!]) as tf.Tensor2D;
    const y = training
      ? this.train(rows, relu)
      : this.maybeRelu(tf.batchNorm2d(rows, this.movingMean, this.movingVariance, this.beta, this.gamma, this.epsilon), relu);
    return tf.reshape(y, shape) as T;
  }

  /**
   * relu(this.apply(x) + other.apply(otherX)), the end of ResNet's residual block. In training mode
   * one fused kernel where the backend has it, which keeps only x, otherX and the result for the
   * gradient (the plain ops keep both normalisations and their sum as well).
   */
  applyAddRelu<T extends tf.Tensor>(x: T, other: BatchNorm, otherX: T, training: boolean): T {
    if (!training || !backendHasKernel(BATCH_NORM_ADD_RELU_TRAIN) || !tf.util.arraysEqual(x.shape, otherX.shape)) {
      return tf.relu(tf.add(this.apply(x, training), other.apply(otherX, training))) as T;
    }
    const shape = x.shape;
    const rows = (t: T): tf.Tensor2D => tf.reshape(t, [-1, shape[shape.length - 1]!]);
    const [y, mean, variance, otherMean, otherVariance] = tf.engine().runKernel(BATCH_NORM_ADD_RELU_TRAIN,
      { a: rows(x), gammaA: this.gamma, betaA: this.beta, b: rows(otherX), gammaB: other.gamma, betaB: other.beta },
      { epsilonA: this.epsilon, epsilonB: other.epsilon }) as tf.Tensor[];
    this.updateMovingStatistics(mean!, variance!);
    other.updateMovingStatistics(otherMean!, otherVariance!);
    return tf.reshape(y!, shape) as T;
  }

  private maybeRelu(y: tf.Tensor2D, relu: boolean): tf.Tensor2D {
    return relu ? tf.relu(y) : y;
  }

  /** Training mode: one fused kernel where the backend has it, else the same from plain ops. */
  private train(rows: tf.Tensor2D, relu: boolean): tf.Tensor2D {
    const kernel = relu ? BATCH_NORM_RELU_TRAIN : BATCH_NORM_TRAIN;
    if (!backendHasKernel(kernel)) return this.maybeRelu(this.normaliseBatch(rows, this.gamma, this.beta), relu);
    const [y, mean, variance] = tf.engine().runKernel(kernel, { x: rows, gamma: this.gamma, beta: this.beta },
      { epsilon: this.epsilon }) as tf.Tensor[];
    this.updateMovingStatistics(mean!, variance!);
    return y as tf.Tensor2D;
  }

  private updateMovingStatistics(mean: tf.Tensor, variance: tf.Tensor): void {
    tf.tidy(() => {
      const keep = this.momentum;
      const [movingMean, movingVariance] = backendHasKernel(MOVING_AVERAGES)
        ? tf.engine().runKernel(MOVING_AVERAGES, { movingMean: this.movingMean, movingVariance: this.movingVariance, mean, variance },
          { momentum: keep }) as tf.Tensor1D[]
        : [tf.add(tf.mul(this.movingMean, keep), tf.mul(mean, 1 - keep)), tf.add(tf.mul(this.movingVariance, keep), tf.mul(variance, 1 - keep))];
      this.movingMean.assign(movingMean as tf.Tensor1D);
      this.movingVariance.assign(movingVariance as tf.Tensor1D);
    });
  }

  /**
   * Training-mode normalisation of rows [N, C] with the closed-form gradient
   * dx = gamma * rstd / N * (N dy - sum(dy) - xhat * sum(dy * xhat)): tfjs's own batchNorm
   * gradient tiles per-channel values to the input's size and differentiates only rank-4 input.
   */
  private readonly normaliseBatch = tf.customGrad<tf.Tensor2D>((...args) => {
    const [x, gamma, beta, save] = args as [tf.Tensor2D, tf.Tensor1D, tf.Tensor1D, tf.GradSaveFunc];
    const { mean, variance } = tf.moments(x, 0);
    this.updateMovingStatistics(mean, variance);
    const rstd = tf.rsqrt(tf.add(variance, this.epsilon));
    save([x, mean, rstd, gamma]);
    return {
      value: tf.batchNorm2d(x, mean as tf.Tensor1D, variance as tf.Tensor1D, beta, gamma, this.epsilon),
      gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
        const [xs, m, r, g] = saved as [tf.Tensor2D, tf.Tensor1D, tf.Tensor1D, tf.Tensor1D];
        const n = dy.shape[0];
        const xhat = tf.mul(tf.sub(xs, m), r);
        const dBeta = tf.sum(dy, 0);
        const dGamma = tf.sum(tf.mul(dy, xhat), 0);
        const inner = tf.sub(tf.sub(tf.mul(dy, n), dBeta), tf.mul(xhat, dGamma));
        return [tf.mul(inner, tf.div(tf.mul(g, r), n)), dGamma, dBeta];
      },
    };
  });
}
