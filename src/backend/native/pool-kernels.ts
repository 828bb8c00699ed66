/**
 * Max pooling over time after a leaky ReLU (see ../kernel-names.ts, MAX_POOL_TIME) on the native
 * backend, and its gradient, which finds each window's maximum again from x.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, Tensor, TensorInfo } from '@tensorflow/tfjs-core';
import { MAX_POOL_TIME } from '../kernel-names.js';
import { nativeKernel } from './native-kernel.js';

const MAX_POOL_TIME_GRAD = `${MAX_POOL_TIME}Grad`;

interface PoolAttrs { pool: number; slope: number }

export function poolKernels(): KernelConfig[] {
  return [
    nativeKernel(MAX_POOL_TIME, (b, { inputs, attrs }) => {
      const { x } = inputs as { x: TensorInfo };
      const { pool, slope } = attrs as unknown as PoolAttrs;
      const [batch, steps, channels] = x.shape as [number, number, number];
      const windows = Math.ceil(steps / pool);
      const y = b.floats(batch * windows * channels);
      b.addon.maxPoolTime(b.values(x), batch, steps, channels, pool, slope, y);
      return b.output([batch, windows, channels], y);
    }),
    nativeKernel(MAX_POOL_TIME_GRAD, (b, { inputs, attrs }) => {
      const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
      const { pool, slope } = attrs as unknown as PoolAttrs;
      const [batch, steps, channels] = x.shape as [number, number, number];
      const dx = b.floats(batch * steps * channels);
      b.addon.maxPoolTimeGrad(b.values(x), b.values(dy), batch, steps, channels, pool, slope, dx);
      return b.output(x.shape, dx);
    }),
  ];
}

/** The gradient of the pooling kernel (registered once; it only runs where the forward kernel ran). */
export function registerMaxPoolTimeGradient(): void {
  tf.registerGradient({
    kernelName: MAX_POOL_TIME,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved;
      return { x: () => tf.engine().runKernel(MAX_POOL_TIME_GRAD, { x: x!, dy: dy as Tensor }, attrs) as Tensor };
    },
  });
}
