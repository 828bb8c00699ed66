/** Tempora's fused Adam step (see ../kernel-names.ts, ADAM_UPDATE) on the native backend. */
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs-core';
import { ADAM_UPDATE } from '../kernel-names.js';
import { nativeKernel } from './native-kernel.js';

interface AdamAttrs { beta1: number; beta2: number; epsilon: number; learningRate: number }

export function adamKernels(): KernelConfig[] {
  return [nativeKernel(ADAM_UPDATE, (b, { inputs, attrs }) => {
    const { value, m, v, gradient, correction1, correction2 } = inputs as Record<string, TensorInfo>;
    const { beta1, beta2, epsilon, learningRate } = attrs as unknown as AdamAttrs;
    const size = b.values(value!).length;
    const [newValue, newM, newV] = [b.floats(size), b.floats(size), b.floats(size)];
    b.addon.adamUpdate(b.values(value!), b.values(m!), b.values(v!), b.values(gradient!), b.values(correction1!),
      b.values(correction2!), beta1, beta2, epsilon, learningRate, newValue, newM, newV);
    return [newValue, newM, newV].map((a) => b.output(value!.shape, a));
  })];
}
