/**
 * Common elementwise functions, broadcasting binary arithmetic and Sum/Mean reductions on the
 * native backend, for float32, and ReLU's gradient in one kernel instead of three. The CPU
 * backend computes every broadcast element through index objects and reduces non-trailing axes by
 * transposing first; batch norm's forward and backward passes are made of these. Other dtypes use
 * the CPU kernels.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, Tensor, TensorInfo } from '@tensorflow/tfjs-core';
import { backendHasKernel } from '../has-kernel.js';
import { nativeKernel } from './native-kernel.js';
import { binaryCode, unaryCode, type BinaryOp, type UnaryOp } from './op-codes.js';
import { broadcastStrides, collapse, stridesOf } from './strides.js';

/** TF.js's binary kernels the addon's `binary` computes, and its operation for each. */
const BINARY_KERNELS: [string, BinaryOp][] = [
  [tf.Add, 'add'], [tf.Sub, 'sub'], [tf.Multiply, 'mul'], [tf.RealDiv, 'div'], [tf.SquaredDifference, 'squaredDifference'],
  [tf.Maximum, 'maximum'], [tf.Minimum, 'minimum'],
];

/** dy * step(x) for float32 dy and x (the addon's reluGrad); only ReLU's gradient below runs it. */
const RELU_GRAD = 'TemporaReluGrad';

/** TF.js's unary kernels the addon's `unary` computes, and its operation for each. */
const UNARY_KERNELS: [string, UnaryOp][] = [
  [tf.Relu, 'relu'], [tf.Step, 'step'], [tf.Square, 'square'], [tf.Neg, 'neg'], [tf.Sqrt, 'sqrt'], [tf.Rsqrt, 'rsqrt'],
  [tf.Exp, 'exp'], [tf.Sigmoid, 'sigmoid'], [tf.Tanh, 'tanh'],
];

function unaryKernel(name: string, op: UnaryOp, fallback: KernelFunc): KernelConfig {
  return nativeKernel(name, (backend, args) => {
    const { x } = args.inputs as { x: TensorInfo };
    if (x.dtype !== 'float32') return fallback(args);
    const out = backend.floats(tf.util.sizeFromShape(x.shape));
    backend.addon.unary(unaryCode(op), backend.values(x), out, (args.attrs as { alpha?: number } | undefined)?.alpha ?? 0);
    return backend.output(x.shape, out);
  });
}

function binaryKernel(name: string, op: BinaryOp, fallback: KernelFunc): KernelConfig {
  return nativeKernel(name, (backend, args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    if (a.dtype !== 'float32' || b.dtype !== 'float32') return fallback(args);
    const shape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
    const out = backend.floats(tf.util.sizeFromShape(shape));
    const c = collapse(shape, [broadcastStrides(a.shape, shape), broadcastStrides(b.shape, shape)]);
    backend.addon.binary(binaryCode(op), backend.values(a), c.strides[0]!, backend.values(b), c.strides[1]!, c.shape, out);
    return backend.output(shape, out);
  });
}

function reduceKernel(name: string, mean: boolean, fallback: KernelFunc): KernelConfig {
  return nativeKernel(name, (backend, args) => {
    const { x } = args.inputs as { x: TensorInfo };
    if (x.dtype !== 'float32') return fallback(args);
    const { axis, keepDims } = args.attrs as unknown as tf.SumAttrs;
    const axes = tf.util.parseAxisParam(axis, x.shape);
    const kept = x.shape.map((n, i) => (axes.includes(i) ? 1 : n));
    const keptStrides = stridesOf(kept);
    const outStrides = x.shape.map((_, i) => (axes.includes(i) ? 0 : keptStrides[i]!));
    const c = collapse(x.shape, [stridesOf(x.shape), outStrides]);
    const count = axes.reduce((acc, i) => acc * x.shape[i]!, 1);
    const out = backend.floats(tf.util.sizeFromShape(kept));
    backend.addon.sum(backend.values(x), c.shape, c.strides[1]!, out, mean ? 1 / count : 1);
    return backend.output(keepDims ? kept : x.shape.filter((_, i) => !axes.includes(i)), out);
  });
}

export function elementwiseKernels(cpu: (name: string) => KernelFunc): KernelConfig[] {
  return [
    ...UNARY_KERNELS.map(([name, op]) => unaryKernel(name, op, cpu(name))),
    ...BINARY_KERNELS.map(([name, op]) => binaryKernel(name, op, cpu(name))),
    reduceKernel(tf.Sum, false, cpu(tf.Sum)),
    reduceKernel(tf.Mean, true, cpu(tf.Mean)),
    binaryKernel(RELU_GRAD, 'reluGrad', () => {
      throw new Error(`${RELU_GRAD} takes float32 inputs only`);
    }),
  ];
}

/** ReLU's gradient as one native kernel for float32 on the native backend, TF.js's own elsewhere. */
export function registerReluGradient(): void {
  const original = tf.getGradient(tf.Relu);
  if (original === undefined) throw new Error('TF.js gradients are not registered');
  tf.registerGradient({
    ...original,
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved as Tensor[];
      if (!backendHasKernel(RELU_GRAD) || x!.dtype !== 'float32' || (dy as Tensor).dtype !== 'float32') {
        return original.gradFunc(dy, saved, attrs);
      }
      return { x: () => tf.engine().runKernel(RELU_GRAD, { a: dy as Tensor, b: x! }) as Tensor };
    },
  });
}
