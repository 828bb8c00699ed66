/**
 * The dilated causal CNN autoencoder of Lafabregue et al. (2022): Franceschi et al.'s encoder
 * (causal residual blocks, global max pooling) and a linear layer to the latent vector. The decoder
 * mirrors it as Lafabregue et al.'s does: a linear map from the latent vector to a [T,C] series, then
 * the encoder's blocks with their dilations in reverse order (2^depth down to 1), the last one back to
 * C channels; causal blocks lose nothing there, since the linear map already spreads the latent
 * vector over every step. The encoder pools over time, so it takes any length (the triplet loss feeds
 * it subseries).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Random } from '../../core/random.js';
import { CausalCnnEncoder, causalCnnDilations, stackCausalBlocks, type CausalCnnArchitecture } from '../../nn/causal-cnn.js';
import type { CausalResidualBlock } from '../../nn/causal-residual-block.js';
import { Dense } from '../../nn/dense.js';
import type { Parameters } from '../../nn/parameters.js';
import type { SeriesAutoencoder } from './series-autoencoder.js';

export interface DilatedAutoencoderArgs {
  readonly latentSize: number;
  readonly architecture: CausalCnnArchitecture;
  /** The series' length and channels. */
  readonly length: number;
  readonly channels: number;
}

export class DilatedAutoencoder implements SeriesAutoencoder {
  readonly latentSize: number;
  private readonly encoder: CausalCnnEncoder;
  private readonly latent: Dense;
  private readonly expand: Dense;
  private readonly blocks: CausalResidualBlock[];

  constructor(params: Parameters, rng: Random, private readonly args: DilatedAutoencoderArgs) {
    this.latentSize = args.latentSize;
    const { depth, channels, kernelSize } = args.architecture;
    this.encoder = new CausalCnnEncoder(params, rng, 'encoder', args.channels, args.architecture);
    this.latent = new Dense(params, rng, { name: 'encoder/latent', inputUnits: this.encoder.featureSize, units: args.latentSize });
    this.expand = new Dense(params, rng, { name: 'decoder/expand', inputUnits: args.latentSize, units: args.length * args.channels });
    const layers = causalCnnDilations(depth).reverse().map((dilation, i) => ({ dilation, filters: i < depth ? channels : args.channels }));
    this.blocks = stackCausalBlocks(params, rng, 'decoder', args.channels, kernelSize, layers);
  }

  encode(x: tf.Tensor3D): tf.Tensor2D {
    return tf.tidy(() => this.latent.apply(this.encoder.apply(x)));
  }

  decode(z: tf.Tensor2D): tf.Tensor3D {
    return tf.tidy(() => {
      const series = tf.reshape<tf.Rank.R3>(this.expand.apply(z), [z.shape[0], this.args.length, this.args.channels]);
      return this.blocks.reduce((h, block) => block.apply(h), series);
    });
  }
}
