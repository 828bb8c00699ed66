/**
 * Batch normalisation over the last (channel) axis on the native backend: the FusedBatchNorm kernel
 * and, in place of TF.js's gradient made of a dozen broadcast ops, one backward kernel. Other
 * layouts, dtypes and backends keep TF.js's kernel and gradient. Also Tempora's fused training-mode
 * batch norm (statistics and normalisation in one kernel, see ../kernel-names.ts) and its gradient.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, Tensor, TensorInfo } from '@tensorflow/tfjs-core';
import { backendHasKernel } from '../has-kernel.js';
import { BATCH_NORM_TRAIN } from '../kernel-names.js';
import type { NativeBackend } from './native-backend.js';

const BATCH_NORM_GRAD = 'TemporaBatchNormGrad';
const BATCH_NORM_TRAIN_GRAD = `${BATCH_NORM_TRAIN}Grad`;
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
        const out = backend.floats(tf.util.sizeFromShape(x!.shape));
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
        const dx = backend.floats(tf.util.sizeFromShape(x!.shape));
        const stats = STATS.map(() => backend.floats(c));
        backend.addon.batchNormGrad(backend.values(x!), backend.values(mean!), backend.values(variance!),
          scale === undefined ? null : backend.values(scale), backend.values(dy!), dx.length / c, c, varianceEpsilon, dx,
          ...(stats as [Float32Array, Float32Array, Float32Array, Float32Array]));
        return [backend.output(x!.shape, dx), ...stats.map((s) => backend.output([c], s))];
      },
    },
    {
      kernelName: BATCH_NORM_TRAIN,
      backendName: 'native',
      kernelFunc: (args) => {
        const backend = args.backend as NativeBackend;
        const { x, gamma, beta } = args.inputs as Record<string, TensorInfo>;
        const { epsilon } = args.attrs as { epsilon: number };
        const [rows, c] = x!.shape as [number, number];
        const y = backend.floats(rows * c);
        const mean = backend.floats(c);
        const variance = backend.floats(c);
        backend.addon.batchNormTrain(backend.values(x!), backend.values(gamma!), backend.values(beta!), rows, c, epsilon,
          y, mean, variance);
        return [backend.output(x!.shape, y), backend.output([c], mean), backend.output([c], variance)];
      },
    },
    {
      kernelName: BATCH_NORM_TRAIN_GRAD,
      backendName: 'native',
      kernelFunc: (args) => {
        const backend = args.backend as NativeBackend;
        const { x, gamma, mean, variance, dy, dmean, dvariance } = args.inputs as Record<string, TensorInfo>;
        const { epsilon } = args.attrs as { epsilon: number };
        const [rows, c] = x!.shape as [number, number];
        const dx = backend.floats(rows * c);
        const dgamma = backend.floats(c);
        const dbeta = backend.floats(c);
        const v = (t: TensorInfo | undefined): Float32Array => backend.values(t!);
        backend.addon.batchNormTrainGrad(v(x), v(mean), v(variance), v(gamma), v(dy), v(dmean), v(dvariance), rows, c,
          epsilon, dx, dgamma, dbeta);
        return [backend.output(x!.shape, dx), backend.output([c], dgamma), backend.output([c], dbeta)];
      },
    },
  ];
}

/** The gradient of the fused training-mode batch norm (it only runs where the forward kernel ran). */
export function registerBatchNormTrainGradient(): void {
  tf.registerGradient({
    kernelName: BATCH_NORM_TRAIN,
    inputsToSave: ['x', 'gamma'],
    outputsToSave: [false, true, true],
    gradFunc: (dys, saved, attrs) => {
      const [x, gamma, mean, variance] = saved as Tensor[];
      const [dy, dmean, dvariance] = dys as Tensor[];
      const [dx, dgamma, dbeta] = tf.engine().runKernel(BATCH_NORM_TRAIN_GRAD,
        { x: x!, gamma: gamma!, mean: mean!, variance: variance!, dy: dy!, dmean: dmean!, dvariance: dvariance! },
        attrs as unknown as tf.NamedAttrMap) as Tensor[];
      return { x: () => dx!, gamma: () => dgamma!, beta: () => dbeta! };
    },
  });
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
      if (!backendHasKernel(BATCH_NORM_GRAD) || channels(x!, [mean, variance, scale]) === null) {
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
