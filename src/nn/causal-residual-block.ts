/**
 * The residual block of Franceschi et al.'s causal CNN (NeurIPS 2019): two causal convolutions with
 * the same dilation, each followed by LeakyReLU (slope 0.01, PyTorch's default), added to the block's
 * input, which passes through a 1x1 convolution where the channel count changes. No normalisation:
 * the authors' weight normalisation is left out (it reparametrises, it does not change the function
 * class).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Random } from '../core/random.js';
import { Conv1D } from './conv1d.js';
import { leakyRelu } from './leaky-relu.js';
import type { Parameters } from './parameters.js';

export const LEAKY_RELU_SLOPE = 0.01;

export interface CausalResidualBlockArgs {
  /** Parameter name prefix, unique within the model. */
  name: string;
  inputChannels: number;
  filters: number;
  kernelSize: number;
  dilation: number;
}

export class CausalResidualBlock {
  private readonly convolutions: [Conv1D, Conv1D];
  private readonly shortcut: Conv1D | null;

  constructor(params: Parameters, rng: Random, readonly args: CausalResidualBlockArgs) {
    const { name, inputChannels, filters, kernelSize, dilation } = args;
    const causal = { filters, kernelSize, dilation, padding: 'causal' } as const;
    this.convolutions = [
      new Conv1D(params, rng, { ...causal, name: `${name}/conv1`, inputChannels }),
      new Conv1D(params, rng, { ...causal, name: `${name}/conv2`, inputChannels: filters }),
    ];
    this.shortcut = inputChannels === filters ? null : new Conv1D(params, rng, { name: `${name}/shortcut`, inputChannels, filters, kernelSize: 1 });
  }

  /** [B,T,inputChannels] -> [B,T,filters]; output t depends on inputs <= t only. */
  apply(x: tf.Tensor3D): tf.Tensor3D {
    return tf.tidy(() => {
      let h = x;
      for (const conv of this.convolutions) h = leakyRelu(conv.apply(h), LEAKY_RELU_SLOPE);
      return tf.add<tf.Tensor3D>(h, this.shortcut ? this.shortcut.apply(x) : x);
    });
  }
}
