/**
 * The time-series ResNet of Wang et al. (2017) in the form Fawaz et al. (2019) benchmarked:
 * residual blocks (filters 64, 128, 128; kernels 8, 5, 3) and global average pooling over time.
 * Heads are left to the model that uses it.
 */
import * as tf from '@tensorflow/tfjs-core';
import { OptionError } from '../core/errors.js';
import type { Random } from '../core/random.js';
import type { BatchNormOptions } from './batch-norm.js';
import type { Parameters } from './parameters.js';
import { globalAveragePool } from './global-average-pool.js';
import { ResidualBlock } from './residual-block.js';

export interface ResNetArchitecture {
  /** Filters of each residual block (default [64, 128, 128]). */
  filters?: readonly number[];
  /** Kernel sizes of the convolutions inside every block (default [8, 5, 3]). */
  kernelSizes?: readonly number[];
  /** BatchNorm momentum and epsilon (defaults 0.99 and 1e-3, Keras's). */
  batchNorm?: BatchNormOptions;
}

export const RESNET_DEFAULTS = { filters: [64, 128, 128], kernelSizes: [8, 5, 3] } as const;

export class ResNetEncoder {
  private readonly blocks: ResidualBlock[] = [];
  /** Size of the pooled feature vector. */
  readonly featureSize: number;

  constructor(params: Parameters, rng: Random, name: string, inputChannels: number, architecture: ResNetArchitecture = {}) {
    const filters = architecture.filters ?? RESNET_DEFAULTS.filters;
    const kernelSizes = architecture.kernelSizes ?? RESNET_DEFAULTS.kernelSizes;
    const positive = (values: readonly number[]): boolean => values.length > 0 && values.every((v) => Number.isInteger(v) && v >= 1);
    if (!positive(filters)) throw new OptionError(`ResNet filters must be positive integers, got [${filters.join(', ')}]`);
    if (!positive(kernelSizes)) throw new OptionError(`ResNet kernel sizes must be positive integers, got [${kernelSizes.join(', ')}]`);
    let channels = inputChannels;
    filters.forEach((f, i) => {
      this.blocks.push(new ResidualBlock(params, rng, { name: `${name}/block${i + 1}`, inputChannels: channels, filters: f, kernelSizes, batchNorm: architecture.batchNorm }));
      channels = f;
    });
    this.featureSize = channels;
  }

  /** x [B,T,C] -> pooled features [B, featureSize]. */
  apply(x: tf.Tensor3D, training: boolean): tf.Tensor2D {
    return tf.tidy(() => {
      let h = x;
      for (const block of this.blocks) h = block.apply(h, training);
      return globalAveragePool(h);
    });
  }
}
