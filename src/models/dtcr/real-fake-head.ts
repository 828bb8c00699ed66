/** DTCR's auxiliary classifier: dense (ReLU) then dense 2, logits of real vs fake. */
import * as tf from '@tensorflow/tfjs-core';
import type { Random } from '../../core/random.js';
import { Dense } from '../../nn/dense.js';
import type { Parameters } from '../../nn/parameters.js';

export class RealFakeHead {
  private readonly hidden: Dense;
  private readonly output: Dense;

  constructor(params: Parameters, rng: Random, inputUnits: number, hiddenUnits: number) {
    this.hidden = new Dense(params, rng, { name: 'head/hidden', inputUnits, units: hiddenUnits });
    this.output = new Dense(params, rng, { name: 'head/output', inputUnits: hiddenUnits, units: 2 });
  }

  /** representation [B,D] -> logits [B,2] (column 0 real, column 1 fake). */
  logits(representation: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => this.output.apply(tf.relu(this.hidden.apply(representation))));
  }
}
