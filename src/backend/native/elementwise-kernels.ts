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
import type { NativeBackend } from './native-backend.js';
import { broadcastStrides, collapse, stridesOf } from './strides.js';

/** Operation codes of the addon's `binary` (native/tempora.cc, enum BinaryOp). */
const BINARY_OPS: [string, number][] = [
  [tf.Add, 0], [tf.Sub, 1], [tf.Multiply, 2], [tf.RealDiv, 3], [tf.SquaredDifference, 4], [tf.Maximum, 5],
  [tf.Minimum, 6],
];

/** dy * step(x) for float32 dy and x (the addon's binary op 7); only ReLU's gradient below runs it. */
const RELU_GRAD = 'TemporaReluGrad';
const RELU_GRAD_OP = 7;

/** Operation codes of the addon's `unary` (native/tempora.cc, enum UnaryOp). */
const UNARY_OPS: [string, number][] = [
  [tf.Relu, 0], [tf.Step, 1], [tf.Square, 2], [tf.Neg, 3], [tf.Sqrt, 4], [tf.Rsqrt, 5], [tf.Exp, 6], [tf.Sigmoid, 7],
  [tf.Tanh, 8],
];

function unaryKernel(name: string, op: number, fallback: KernelFunc): KernelConfig {
  return {
    kernelName: name,
    backendName: 'native',
    kernelFunc: (args) => {
      const backend = args.backend as NativeBackend;
      const { x } = args.inputs as { x: TensorInfo };
      if (x.dtype !== 'float32') return fallback(args);
      const out = backend.floats(tf.util.sizeFromShape(x.shape));
      backend.addon.unary(op, backend.values(x), out, (args.attrs as { alpha?: number } | undefined)?.alpha ?? 0);
      return backend.output(x.shape, out);
    },
  };
}

function binaryKernel(name: string, op: number, fallback: KernelFunc): KernelConfig {
  return {
    kernelName: name,
    backendName: 'native',
    kernelFunc: (args) => {
      const backend = args.backend as NativeBackend;
      const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
      if (a.dtype !== 'float32' || b.dtype !== 'float32') return fallback(args);
      const shape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
      const out = backend.floats(tf.util.sizeFromShape(shape));
      const c = collapse(shape, [broadcastStrides(a.shape, shape), broadcastStrides(b.shape, shape)]);
      backend.addon.binary(op, backend.values(a), c.strides[0]!, backend.values(b), c.strides[1]!, c.shape, out);
      return backend.output(shape, out);
    },
  };
}

function reduceKernel(name: string, mean: boolean, fallback: KernelFunc): KernelConfig {
  return {
    kernelName: name,
    backendName: 'native',
    kernelFunc: (args) => {
      const backend = args.backend as NativeBackend;
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
    },
  };
}

export function elementwiseKernels(cpu: (name: string) => KernelFunc): KernelConfig[] {
  return [
    ...UNARY_OPS.map(([name, op]) => unaryKernel(name, op, cpu(name))),
    ...BINARY_OPS.map(([name, op]) => binaryKernel(name, op, cpu(name))),
    reduceKernel(tf.Sum, false, cpu(tf.Sum)),
    reduceKernel(tf.Mean, true, cpu(tf.Mean)),
    binaryKernel(RELU_GRAD, RELU_GRAD_OP, () => {
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
