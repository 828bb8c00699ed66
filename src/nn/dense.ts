/** A fully connected layer y = x·W + b over the last axis. */
import * as tf from '@tensorflow/tfjs-core';
import type { Random } from '../core/random.js';
import { glorotUniform, zeros } from './init.js';
import type { Parameters } from './parameters.js';

export interface DenseArgs {
  /** Parameter name prefix, unique within the model. */
  name: string;
  inputUnits: number;
  units: number;
  /** Whether to add a bias (default true). */
  useBias?: boolean;
}

export class Dense {
  readonly kernel: tf.Variable<tf.Rank.R2>;
  readonly bias: tf.Variable<tf.Rank.R1> | null;

  constructor(params: Parameters, rng: Random, readonly args: DenseArgs) {
    this.kernel = params.add(`${args.name}/kernel`, [args.inputUnits, args.units], glorotUniform(rng, [args.inputUnits, args.units]));
    this.bias = args.useBias === false ? null : params.add(`${args.name}/bias`, [args.units], zeros([args.units]));
  }

  apply(x: tf.Tensor2D): tf.Tensor2D {
    const y = tf.matMul<tf.Tensor2D>(x, this.kernel);
    return this.bias ? (tf.add(y, this.bias) as tf.Tensor2D) : y;
  }
}
