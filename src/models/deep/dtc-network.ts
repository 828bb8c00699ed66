/**
 * DTC's autoencoder (Madiraju et al. 2018, as in their public Keras code): a 1-D convolution with
 * leaky ReLU, max pooling over time by P, then two bidirectional LSTMs (50 and 1 units, directions
 * summed), so the latent representation is a univariate sequence of ceil(T/P) steps; the decoder
 * repeats every latent step P times and convolves back to C channels.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Random } from '../../core/random.js';
import { Conv1D } from '../../nn/conv1d.js';
import { addLstmWeights, bidirectionalLstm, type LstmWeights } from '../../nn/lstm.js';
import type { Parameters } from '../../nn/parameters.js';
import { maxPoolTime, repeatTime } from '../../nn/temporal-pooling.js';
import type { SeriesAutoencoder } from './series-autoencoder.js';

export interface DtcArchitecture {
  /** Filters and kernel size of the convolution (the paper: 50 and 10). */
  readonly filters: number;
  readonly kernelSize: number;
  /** Pooling size P: the latent sequence has ceil(T/P) steps. */
  readonly poolSize: number;
  /** Units of the two bidirectional LSTMs (the paper: 50, 1); the last is the latent's channels. */
  readonly units: readonly [number, number];
}

/** Slope of the leaky ReLU after the convolution (Keras's LeakyReLU default). */
const LEAK = 0.3;

export class DtcNetwork implements SeriesAutoencoder {
  readonly latentSize: number;
  private readonly convolution: Conv1D;
  private readonly layers: { forward: LstmWeights; backward: LstmWeights }[];
  private readonly output: Conv1D;

  constructor(params: Parameters, rng: Random, private readonly architecture: DtcArchitecture, private readonly length: number, channels: number) {
    const { filters, kernelSize, poolSize, units } = architecture;
    this.latentSize = Math.ceil(length / poolSize) * units[1];
    this.convolution = new Conv1D(params, rng, { name: 'encoder/conv', inputChannels: channels, filters, kernelSize });
    let inputs = filters;
    this.layers = units.map((u, i) => {
      const layer = { forward: addLstmWeights(params, rng, `encoder/bilstm${i + 1}/forward`, inputs, u), backward: addLstmWeights(params, rng, `encoder/bilstm${i + 1}/backward`, inputs, u) };
      inputs = u;
      return layer;
    });
    this.output = new Conv1D(params, rng, { name: 'decoder/conv', inputChannels: units[1], filters: channels, kernelSize });
  }

  encode(x: tf.Tensor3D): tf.Tensor2D {
    return tf.tidy(() => {
      let h = maxPoolTime(this.convolution.apply(x), this.architecture.poolSize, { slope: LEAK });
      for (const layer of this.layers) h = bidirectionalLstm(h, layer.forward, layer.backward, 'sum');
      return tf.reshape(h, [x.shape[0], -1]);
    });
  }

  decode(z: tf.Tensor2D): tf.Tensor3D {
    return tf.tidy(() => {
      const channels = this.architecture.units[1];
      const sequence = tf.reshape<tf.Rank.R3>(z, [z.shape[0], z.shape[1] / channels, channels]);
      return this.output.apply(repeatTime(sequence, this.architecture.poolSize, this.length));
    });
  }
}
