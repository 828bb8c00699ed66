/**
 * The residual block of Wang et al.'s ResNet as written by Fawaz et al.: convolutions with
 * BatchNorm then ReLU (no ReLU after the last BatchNorm), a shortcut that is a 1x1 convolution plus
 * BatchNorm where the channel count changes and BatchNorm alone otherwise, the sum, then ReLU (the
 * last two BatchNorms, the sum and the ReLU as one step: BatchNorm.applyAddRelu).
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Random } from '../core/random.js';
import { BatchNorm, type BatchNormOptions } from './batch-norm.js';
import { Conv1D } from './conv1d.js';
import type { Parameters } from './parameters.js';

export interface ResidualBlockArgs {
  /** Parameter name prefix, unique within the model. */
  name: string;
  inputChannels: number;
  filters: number;
  /** One convolution per entry, in order (the paper: 8, 5, 3). */
  kernelSizes: readonly number[];
  batchNorm?: BatchNormOptions;
}

export class ResidualBlock {
  private readonly convolutions: Conv1D[] = [];
  private readonly norms: BatchNorm[] = [];
  private readonly shortcutConvolution: Conv1D | null;
  private readonly shortcutNorm: BatchNorm;

  constructor(params: Parameters, rng: Random, readonly args: ResidualBlockArgs) {
    let channels = args.inputChannels;
    args.kernelSizes.forEach((kernelSize, i) => {
      const name = `${args.name}/conv${i + 1}`;
      this.convolutions.push(new Conv1D(params, rng, { name, inputChannels: channels, filters: args.filters, kernelSize }));
      this.norms.push(new BatchNorm(params, { ...args.batchNorm, name: `${name}/bn`, channels: args.filters }));
      channels = args.filters;
    });
    this.shortcutConvolution =
      args.inputChannels === args.filters
        ? null
        : new Conv1D(params, rng, { name: `${args.name}/shortcut`, inputChannels: args.inputChannels, filters: args.filters, kernelSize: 1 });
    this.shortcutNorm = new BatchNorm(params, { ...args.batchNorm, name: `${args.name}/shortcut/bn`, channels: args.filters });
  }

  apply(x: tf.Tensor3D, training: boolean): tf.Tensor3D {
    let h = x;
    const last = this.convolutions.length - 1;
    this.convolutions.slice(0, last).forEach((conv, i) => {
      h = this.norms[i]!.apply(conv.apply(h), training, true);
    });
    const end = this.convolutions[last]!.apply(h);
    const shortcut = this.shortcutConvolution ? this.shortcutConvolution.apply(x) : x;
    return this.norms[last]!.applyAddRelu(end, this.shortcutNorm, shortcut, training);
  }
}
