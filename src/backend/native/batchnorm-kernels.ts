/**
 * Batch normalisation over the last (channel) axis on the native backend: the FusedBatchNorm kernel
 * and, in place of TF.js's gradient made of a dozen broadcast ops, one backward kernel. Other
 * layouts, dtypes and backends keep TF.js's kernel and gradient. Also Tempora's fused training-mode
 * batch norm (statistics and normalisation in one kernel, see ../kernel-names.ts), with or without
 * the ReLU that follows it, and their gradient, and the update of the moving statistics.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, Tensor, TensorInfo } from '@tensorflow/tfjs-core';
import { backendHasKernel } from '../has-kernel.js';
import { BATCH_NORM_RELU_TRAIN, BATCH_NORM_TRAIN, MOVING_AVERAGES } from '../kernel-names.js';
import { nativeKernel } from './native-kernel.js';

const BATCH_NORM_GRAD = 'TemporaBatchNormGrad';
const BATCH_NORM_TRAIN_GRAD = `${BATCH_NORM_TRAIN}Grad`;
/** The fused training-mode kernels: name, whether ReLU follows. */
const TRAINING_KERNELS: [string, boolean][] = [[BATCH_NORM_TRAIN, false], [BATCH_NORM_RELU_TRAIN, true]];
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
    nativeKernel(tf.FusedBatchNorm, (backend, args) => {
      const { x, mean, variance, offset, scale } = args.inputs as Record<string, TensorInfo | undefined>;
      const c = channels(x!, [mean, variance, offset, scale]);
      if (c === null) return cpuBatchNorm(args);
      const { varianceEpsilon } = args.attrs as unknown as tf.FusedBatchNormAttrs;
      const out = backend.floats(tf.util.sizeFromShape(x!.shape));
      const v = (t: TensorInfo | undefined): Float32Array | null => (t === undefined ? null : backend.values(t));
      backend.addon.batchNorm(v(x)!, v(mean)!, v(variance)!, v(offset), v(scale), out.length / c, c, varianceEpsilon, out);
      return backend.output(x!.shape, out);
    }),
    nativeKernel(BATCH_NORM_GRAD, (backend, args) => {
      const { x, mean, variance, scale, dy } = args.inputs as Record<string, TensorInfo | undefined>;
      const { varianceEpsilon } = args.attrs as unknown as tf.FusedBatchNormAttrs;
      const c = x!.shape[x!.shape.length - 1]!;
      const dx = backend.floats(tf.util.sizeFromShape(x!.shape));
      const stats = STATS.map(() => backend.floats(c));
      backend.addon.batchNormGrad(backend.values(x!), backend.values(mean!), backend.values(variance!),
        scale === undefined ? null : backend.values(scale), backend.values(dy!), dx.length / c, c, varianceEpsilon, dx,
        ...(stats as [Float32Array, Float32Array, Float32Array, Float32Array]));
      return [backend.output(x!.shape, dx), ...stats.map((s) => backend.output([c], s))];
    }),
    nativeKernel(MOVING_AVERAGES, (backend, args) => {
      const { movingMean, movingVariance, mean, variance } = args.inputs as Record<string, TensorInfo>;
      const { momentum } = args.attrs as { momentum: number };
      // A loop over the channels in JavaScript: too short to be worth a call into the addon.
      const [keep, rest] = [Math.fround(momentum), Math.fround(1 - momentum)];
      return [[movingMean!, mean!], [movingVariance!, variance!]].map(([average, batch]) => {
        const [a, b] = [backend.values(average!), backend.values(batch!)];
        const out = backend.floats(a.length);
        for (let i = 0; i < a.length; i++) out[i] = Math.fround(a[i]! * keep) + Math.fround(b[i]! * rest);
        return backend.output(average!.shape, out);
      });
    }),
    ...TRAINING_KERNELS.map(([kernelName, relu]): KernelConfig => nativeKernel(kernelName, (backend, args) => {
      const { x, gamma, beta } = args.inputs as Record<string, TensorInfo>;
      const { epsilon } = args.attrs as { epsilon: number };
      const [rows, c] = x!.shape as [number, number];
      const y = backend.floats(rows * c);
      const mean = backend.floats(c);
      const variance = backend.floats(c);
      backend.addon.batchNormTrain(backend.values(x!), backend.values(gamma!), backend.values(beta!), rows, c, epsilon,
        y, mean, variance, relu);
      return [backend.output(x!.shape, y), backend.output([c], mean), backend.output([c], variance)];
    })),
    nativeKernel(BATCH_NORM_TRAIN_GRAD, (backend, args) => {
      const { x, gamma, mean, variance, dy, dmean, dvariance, y } = args.inputs as Record<string, TensorInfo | undefined>;
      const { epsilon } = args.attrs as { epsilon: number };
      const [rows, c] = x!.shape as [number, number];
      const dx = backend.floats(rows * c);
      const dgamma = backend.floats(c);
      const dbeta = backend.floats(c);
      const v = (t: TensorInfo | undefined): Float32Array => backend.values(t!);
      backend.addon.batchNormTrainGrad(v(x), v(mean), v(variance), v(gamma), v(dy), v(dmean), v(dvariance), rows, c,
        epsilon, dx, dgamma, dbeta, y === undefined ? null : v(y));
      return [backend.output(x!.shape, dx), backend.output([c], dgamma), backend.output([c], dbeta)];
    }),
  ];
}

/**
 * The gradients of the fused training-mode batch norms (they only run where the forward kernels
 * ran); after a ReLU the output is kept too, for ReLU's mask.
 */
export function registerBatchNormTrainGradient(): void {
  for (const [kernelName, relu] of TRAINING_KERNELS) {
    tf.registerGradient({
      kernelName,
      inputsToSave: ['x', 'gamma'],
      outputsToSave: [relu, true, true],
      gradFunc: (dys, saved, attrs) => {
        const [x, gamma, ...outputs] = saved as Tensor[];
        const [y, mean, variance] = relu ? outputs : [undefined, ...outputs];
        const [dy, dmean, dvariance] = dys as Tensor[];
        const [dx, dgamma, dbeta] = tf.engine().runKernel(BATCH_NORM_TRAIN_GRAD,
          { x: x!, gamma: gamma!, mean: mean!, variance: variance!, dy: dy!, dmean: dmean!, dvariance: dvariance!, ...(y ? { y } : {}) },
          attrs as unknown as tf.NamedAttrMap) as Tensor[];
        return { x: () => dx!, gamma: () => dgamma!, beta: () => dbeta! };
      },
    });
  }
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
