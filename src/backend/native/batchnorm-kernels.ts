/**
 * Batch normalisation over the last (channel) axis on the native backend: the FusedBatchNorm kernel
 * and, in place of TF.js's gradient made of a dozen broadcast ops, one backward kernel. Other
 * layouts, dtypes and backends keep TF.js's kernel and gradient. Also Tempora's fused training-mode
 * batch norms (statistics and normalisation in one kernel, see ../kernel-names.ts): alone, followed
 * by ReLU, or two summed then ReLU'd (ResNet's residual block's end); their gradient (one kernel
 * for all three); and the update of the moving statistics.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, Tensor, TensorInfo } from '@tensorflow/tfjs-core';
import { backendHasKernel } from '../has-kernel.js';
import { BATCH_NORM_ADD_RELU_TRAIN, BATCH_NORM_RELU_TRAIN, BATCH_NORM_TRAIN, MOVING_AVERAGES } from '../kernel-names.js';
import { nativeKernel } from './native-kernel.js';

const BATCH_NORM_GRAD = 'TemporaBatchNormGrad';
/**
 * The gradient of every fused training-mode kernel: inputs dy, y (the output, only after a ReLU)
 * and, for each batch-normalised input i, x{i}, mean{i}, variance{i}, gamma{i}, dmean{i},
 * dvariance{i}; attr epsilons; outputs dx, dgamma, dbeta of each input in turn.
 */
const BATCH_NORM_TRAIN_GRAD = `${BATCH_NORM_TRAIN}Grad`;

/** The names of one batch-normalised input of a fused training-mode kernel, and of its epsilon attribute. */
interface NormalisedInput { x: string; gamma: string; beta: string; epsilon: string }

/** A fused training-mode kernel: its normalised inputs (summed when two), and whether ReLU follows. */
interface TrainingKernel { name: string; inputs: NormalisedInput[]; relu: boolean }

const ALONE: NormalisedInput[] = [{ x: 'x', gamma: 'gamma', beta: 'beta', epsilon: 'epsilon' }];
const TRAINING_KERNELS: TrainingKernel[] = [
  { name: BATCH_NORM_TRAIN, inputs: ALONE, relu: false },
  { name: BATCH_NORM_RELU_TRAIN, inputs: ALONE, relu: true },
  {
    name: BATCH_NORM_ADD_RELU_TRAIN,
    inputs: [{ x: 'a', gamma: 'gammaA', beta: 'betaA', epsilon: 'epsilonA' }, { x: 'b', gamma: 'gammaB', beta: 'betaB', epsilon: 'epsilonB' }],
    relu: true,
  },
];
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
    ...TRAINING_KERNELS.map(({ name, inputs, relu }): KernelConfig => nativeKernel(name, (backend, args) => {
      const tensors = args.inputs as Record<string, TensorInfo>;
      const attrs = args.attrs as Record<string, number>;
      const [rows, c] = tensors[inputs[0]!.x]!.shape as [number, number];
      const y = backend.floats(rows * c);
      const statistics = inputs.map(() => [backend.floats(c), backend.floats(c)] as const);
      const perInput = inputs.flatMap((input, i) => [backend.values(tensors[input.x]!), backend.values(tensors[input.gamma]!),
        backend.values(tensors[input.beta]!), attrs[input.epsilon]!, ...statistics[i]!] as const);
      backend.addon.batchNormTrain(...perInput, rows, c, y, relu);
      return [backend.output([rows, c], y), ...statistics.flat().map((s) => backend.output([c], s))];
    })),
    nativeKernel(BATCH_NORM_TRAIN_GRAD, (backend, args) => {
      const tensors = args.inputs as Record<string, TensorInfo | undefined>;
      const { epsilons } = args.attrs as { epsilons: number[] };
      const [rows, c] = tensors.dy!.shape as [number, number];
      const v = (name: string): Float32Array => backend.values(tensors[name]!);
      const grads = epsilons.map(() => [backend.floats(rows * c), backend.floats(c), backend.floats(c)] as const);
      const perInput = epsilons.flatMap((epsilon, i) =>
        [v(`x${i}`), v(`mean${i}`), v(`variance${i}`), v(`gamma${i}`), v(`dmean${i}`), v(`dvariance${i}`), epsilon, ...grads[i]!] as const);
      backend.addon.batchNormTrainGrad(...perInput, v('dy'), tensors.y === undefined ? null : v('y'), rows, c);
      return grads.flatMap(([dx, dgamma, dbeta]) => [backend.output([rows, c], dx), backend.output([c], dgamma), backend.output([c], dbeta)]);
    }),
  ];
}

/**
 * The gradients of the fused training-mode batch norms (they only run where the forward kernels
 * ran), from each normalised input and its statistics; after a ReLU the output is kept too, for
 * ReLU's mask.
 */
export function registerBatchNormTrainGradient(): void {
  for (const { name, inputs, relu } of TRAINING_KERNELS) {
    tf.registerGradient({
      kernelName: name,
      inputsToSave: inputs.flatMap((input) => [input.x, input.gamma]),
      outputsToSave: [relu, ...inputs.flatMap(() => [true, true])],
      gradFunc: (dys, saved, attrs) => {
        const savedInputs = saved.slice(0, 2 * inputs.length) as Tensor[];
        const outputs = saved.slice(2 * inputs.length) as Tensor[];
        const statistics = relu ? outputs.slice(1) : outputs;
        const [dy, ...dStatistics] = dys as Tensor[];
        const gradInputs: tf.NamedTensorMap = { dy: dy!, ...(relu ? { y: outputs[0]! } : {}) };
        inputs.forEach((_, i) => Object.assign(gradInputs, {
          [`x${i}`]: savedInputs[2 * i], [`gamma${i}`]: savedInputs[2 * i + 1],
          [`mean${i}`]: statistics[2 * i], [`variance${i}`]: statistics[2 * i + 1],
          [`dmean${i}`]: dStatistics[2 * i], [`dvariance${i}`]: dStatistics[2 * i + 1],
        }));
        const epsilons = inputs.map((input) => (attrs as Record<string, number>)[input.epsilon]!);
        const grads = tf.engine().runKernel(BATCH_NORM_TRAIN_GRAD, gradInputs, { epsilons } as unknown as tf.NamedAttrMap) as Tensor[];
        return Object.fromEntries(inputs.flatMap((input, i) =>
          [[input.x, () => grads[3 * i]!], [input.gamma, () => grads[3 * i + 1]!], [input.beta, () => grads[3 * i + 2]!]]));
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
