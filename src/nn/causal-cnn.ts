/**
 * The encoder of Franceschi et al. (NeurIPS 2019), as Lafabregue et al. (2022) used it: `depth`
 * causal residual blocks of `channels` filters with dilations 1, 2, 4, ..., 2^(depth-1), a last block
 * to `reducedSize` filters with dilation 2^depth, then global max pooling over time, so it takes
 * series of any length. The linear map to the representation is left to the model that uses it.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Random } from '../core/random.js';
import { CausalResidualBlock } from './causal-residual-block.js';
import { globalMaxPool } from './global-max-pool.js';
import type { Parameters } from './parameters.js';

export interface CausalCnnArchitecture {
  /** Blocks of `channels` filters before the last one (the paper: 10). */
  readonly depth: number;
  /** Filters of those blocks (the paper: 40). */
  readonly channels: number;
  /** Filters of the last block, the pooled feature size (the paper: 160). */
  readonly reducedSize: number;
  /** Kernel size of every convolution (the paper: 3). */
  readonly kernelSize: number;
}

/** The dilation of each block, the last (reducing) one included: 1, 2, ..., 2^depth. */
export function causalCnnDilations(depth: number): number[] {
  return Array.from({ length: depth + 1 }, (_, i) => 2 ** i);
}

/** Causal residual blocks run one after the other, named NAME/block1, NAME/block2, ... */
export function stackCausalBlocks(params: Parameters, rng: Random, name: string, inputChannels: number, kernelSize: number, layers: readonly { filters: number; dilation: number }[]): CausalResidualBlock[] {
  let input = inputChannels;
  return layers.map(({ filters, dilation }, i) => {
    const block = new CausalResidualBlock(params, rng, { name: `${name}/block${i + 1}`, inputChannels: input, filters, kernelSize, dilation });
    input = filters;
    return block;
  });
}

export class CausalCnnEncoder {
  private readonly blocks: CausalResidualBlock[];
  /** Size of the pooled feature vector. */
  readonly featureSize: number;

  constructor(params: Parameters, rng: Random, name: string, inputChannels: number, architecture: CausalCnnArchitecture) {
    const { depth, channels, reducedSize, kernelSize } = architecture;
    const layers = causalCnnDilations(depth).map((dilation, i) => ({ dilation, filters: i < depth ? channels : reducedSize }));
    this.blocks = stackCausalBlocks(params, rng, name, inputChannels, kernelSize, layers);
    this.featureSize = reducedSize;
  }

  /** x [B,T,C] -> the features of the last block, before pooling [B,T,reducedSize]. */
  features(x: tf.Tensor3D): tf.Tensor3D {
    return tf.tidy(() => this.blocks.reduce((h, block) => block.apply(h), x));
  }

  /** x [B,T,C] -> pooled features [B, featureSize] (maximum over time). */
  apply(x: tf.Tensor3D): tf.Tensor2D {
    return tf.tidy(() => globalMaxPool(this.features(x)));
  }
}
