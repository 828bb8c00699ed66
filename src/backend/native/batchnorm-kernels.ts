/**
 * Batch normalisation over the last (channel) axis on the native backend: the FusedBatchNorm kernel
 * and, in place of TF.js's gradient made of a dozen broadcast ops, one backward kernel. Other
 * layouts, dtypes and backends keep TF.js's kernel and gradient.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, Tensor, TensorInfo } from '@tensorflow/tfjs-core';
import type { NativeBackend } from './native-backend.js';

const BATCH_NORM_GRAD = 'TemporaBatchNormGrad';
const STATS = ['mean', 'variance', 'scale', 'offset'] as const;

/** The channel count when every statistic is one value per channel of x's last axis, else null. */
function channels(x: TensorInfo, stats: (TensorInfo | undefined)[]): number | null {
  const c = x.shape[x.shape.length - 1];
  if (c === undefined || x.dtype !== 'float32') return null;
  const fits = (s: TensorInfo | undefined): boolean => s === undefined
    || (s.dtype === 'float32' && tf.util.sizeFromShape(s.shape) === c && s.shape[s.shape.length - 1] === c);
  return stats.every(fits) ? c : null;
}

export function batchNormKernels(cpu: (name: string) => KernelFunc): KernelConfig[] {
  const cpuBatchNorm = cpu(tf.FusedBatchNorm);
  return [
    {
      kernelName: tf.FusedBatchNorm,
      backendName: 'native',
      kernelFunc: (args) => {
        const backend = args.backend as NativeBackend;
        const { x, mean, variance, offset, scale } = args.inputs as Record<string, TensorInfo | undefined>;
        const c = channels(x!, [mean, variance, offset, scale]);
        if (c === null) return cpuBatchNorm(args);
        const { varianceEpsilon } = args.attrs as unknown as tf.FusedBatchNormAttrs;
        const out = new Float32Array(tf.util.sizeFromShape(x!.shape));
        const v = (t: TensorInfo | undefined): Float32Array | null => (t === undefined ? null : backend.values(t));
        backend.addon.batchNorm(v(x)!, v(mean)!, v(variance)!, v(offset), v(scale), out.length / c, c, varianceEpsilon, out);
        return backend.output(x!.shape, out);
      },
    },
    {
      kernelName: BATCH_NORM_GRAD,
      backendName: 'native',
      kernelFunc: (args) => {
        const backend = args.backend as NativeBackend;
        const { x, mean, variance, scale, dy } = args.inputs as Record<string, TensorInfo | undefined>;
        const { varianceEpsilon } = args.attrs as unknown as tf.FusedBatchNormAttrs;
        const c = x!.shape[x!.shape.length - 1]!;
        const dx = new Float32Array(tf.util.sizeFromShape(x!.shape));
        const stats = STATS.map(() => new Float32Array(c));
        backend.addon.batchNormGrad(backend.values(x!), backend.values(mean!), backend.values(variance!),
          scale === undefined ? null : backend.values(scale), backend.values(dy!), dx.length / c, c, varianceEpsilon, dx,
          ...(stats as [Float32Array, Float32Array, Float32Array, Float32Array]));
        return [backend.output(x!.shape, dx), ...stats.map((s) => backend.output([c], s))];
      },
    },
  ];
}

/**
 * Replaces FusedBatchNorm's gradient by one that runs the backward kernel on the native backend and
 * TF.js's own gradient everywhere else.
 */
export function registerBatchNormGradient(): void {
  const original = tf.getGradient(tf.FusedBatchNorm);
  if (original === undefined) throw new Error('TF.js gradients are not registered');
  tf.registerGradient({
    ...original,
    inputsToSave: ['x', 'mean', 'variance', 'scale'],
    gradFunc: (dy, saved, attrs) => {
      const [x, mean, variance, scale] = saved as (Tensor | undefined)[];
      if (tf.getBackend() !== 'native' || channels(x!, [mean, variance, scale]) === null) {
        return original.gradFunc(dy, saved, attrs);
      }
      const inputs = { x: x!, mean: mean!, variance: variance!, dy: dy as Tensor, ...(scale ? { scale } : {}) };
      const [dx, dmean, dvariance, dscale, doffset] = tf.engine().runKernel(BATCH_NORM_GRAD, inputs, attrs) as Tensor[];
      const like = (g: Tensor, t: Tensor): Tensor => tf.reshape(g, t.shape);
      return {
        x: () => dx!,
        mean: () => like(dmean!, mean!),
        variance: () => like(dvariance!, variance!),
        scale: () => like(dscale!, scale!),
        offset: () => doffset!,
      };
    },
  });
}
