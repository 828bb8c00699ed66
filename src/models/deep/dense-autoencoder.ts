/**
 * The fully connected autoencoder of DEC (Xie et al. 2016) and IDEC (Guo et al. 2017): the series
 * flattened, hidden layers with ReLU (the papers: 500, 500, 2000), a linear latent layer (10), and
 * the mirror image back to a linear output.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Random } from '../../core/random.js';
import { Dense } from '../../nn/dense.js';
import type { Parameters } from '../../nn/parameters.js';
import type { SeriesAutoencoder } from './series-autoencoder.js';

export interface DenseAutoencoderArgs {
  readonly inputSize: number;
  readonly hidden: readonly number[];
  readonly latentSize: number;
  readonly length: number;
  readonly channels: number;
}

export class DenseAutoencoder implements SeriesAutoencoder {
  readonly latentSize: number;
  private readonly encoder: Dense[];
  private readonly decoder: Dense[];

  constructor(params: Parameters, rng: Random, private readonly args: DenseAutoencoderArgs) {
    this.latentSize = args.latentSize;
    const sizes = [args.inputSize, ...args.hidden, args.latentSize];
    this.encoder = sizes.slice(1).map((units, i) => new Dense(params, rng, { name: `encoder/dense${i + 1}`, inputUnits: sizes[i]!, units }));
    const back = [...sizes].reverse();
    this.decoder = back.slice(1).map((units, i) => new Dense(params, rng, { name: `decoder/dense${i + 1}`, inputUnits: back[i]!, units }));
  }

  encode(x: tf.Tensor3D): tf.Tensor2D {
    return tf.tidy(() => this.stack(this.encoder, tf.reshape(x, [x.shape[0], -1])));
  }

  decode(z: tf.Tensor2D): tf.Tensor3D {
    return tf.tidy(() => tf.reshape(this.stack(this.decoder, z), [z.shape[0], this.args.length, this.args.channels]));
  }

  /** ReLU after every layer but the last. */
  private stack(layers: readonly Dense[], input: tf.Tensor2D): tf.Tensor2D {
    let h = input;
    layers.forEach((layer, i) => {
      h = layer.apply(h);
      if (i < layers.length - 1) h = tf.relu(h);
    });
    return h;
  }
}
