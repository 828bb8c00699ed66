/**
 * The ResNet autoencoder of Lafabregue et al. (2022): Wang et al.'s ResNet encoder (residual blocks,
 * global average pooling) and a linear layer to the latent vector; the decoder maps the latent
 * vector linearly to a [T,C] series, runs the residual blocks in reverse order of filters, and ends
 * with a convolution to C channels. The encoder pools over time, so it takes any length: the
 * triplet loss feeds it subseries.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Random } from '../../core/random.js';
import { Conv1D } from '../../nn/conv1d.js';
import { Dense } from '../../nn/dense.js';
import type { Parameters } from '../../nn/parameters.js';
import { ResidualBlock } from '../../nn/residual-block.js';
import { ResNetEncoder } from '../../nn/resnet.js';
import type { SeriesAutoencoder } from './series-autoencoder.js';

export interface ResNetAutoencoderArgs {
  readonly latentSize: number;
  readonly filters: readonly number[];
  readonly kernelSizes: readonly number[];
  readonly residualDecoder: boolean;
  readonly batchNormMomentum: number;
  readonly length: number;
  readonly channels: number;
}

export class ResNetAutoencoder implements SeriesAutoencoder {
  readonly latentSize: number;
  private readonly encoder: ResNetEncoder;
  private readonly latent: Dense;
  private readonly expand: Dense;
  private readonly blocks: ResidualBlock[] = [];
  private readonly output: Conv1D;

  constructor(params: Parameters, rng: Random, private readonly args: ResNetAutoencoderArgs) {
    this.latentSize = args.latentSize;
    const batchNorm = { momentum: args.batchNormMomentum };
    this.encoder = new ResNetEncoder(params, rng, 'encoder', args.channels, { filters: args.filters, kernelSizes: args.kernelSizes, batchNorm });
    this.latent = new Dense(params, rng, { name: 'encoder/latent', inputUnits: this.encoder.featureSize, units: args.latentSize });
    this.expand = new Dense(params, rng, { name: 'decoder/expand', inputUnits: args.latentSize, units: args.length * args.channels });
    let channels = args.channels;
    if (args.residualDecoder) {
      [...args.filters].reverse().forEach((filters, i) => {
        this.blocks.push(new ResidualBlock(params, rng, { name: `decoder/block${i + 1}`, inputChannels: channels, filters, kernelSizes: args.kernelSizes, batchNorm }));
        channels = filters;
      });
    }
    const kernelSize = args.kernelSizes[args.kernelSizes.length - 1]!;
    this.output = new Conv1D(params, rng, { name: 'decoder/output', inputChannels: channels, filters: args.channels, kernelSize });
  }

  encode(x: tf.Tensor3D, training: boolean): tf.Tensor2D {
    return tf.tidy(() => this.latent.apply(this.encoder.apply(x, training)));
  }

  decode(z: tf.Tensor2D, training: boolean): tf.Tensor3D {
    return tf.tidy(() => {
      let h = tf.reshape(this.expand.apply(z), [z.shape[0], this.args.length, this.args.channels]) as tf.Tensor3D;
      for (const block of this.blocks) h = block.apply(h, training);
      return this.output.apply(h);
    });
  }
}
