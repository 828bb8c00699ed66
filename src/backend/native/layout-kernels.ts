/**
 * Transpose, Reverse and Slice on the native backend: each is one strided copy in the addon (the
 * CPU backend moves elements one index object at a time, which dominated DTCR's time/direction
 * folding). Contiguous slices stay zero-copy views, and dtypes other than float32/int32 use the CPU
 * kernels.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { NativeBackend } from './native-backend.js';

function stridesOf(shape: number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) strides[i] = strides[i + 1]! * shape[i + 1]!;
  return strides;
}

/** The input's values when they are 4-byte numbers the addon can copy, else null. */
function words(backend: NativeBackend, x: TensorInfo): Float32Array | Int32Array | null {
  const v = backend.data.get(x.dataId).values;
  return v instanceof Float32Array || v instanceof Int32Array ? v : null;
}

function view(backend: NativeBackend, x: TensorInfo, src: Float32Array | Int32Array, offset: number, shape: number[],
  strides: number[]): TensorInfo {
  const dst = src instanceof Float32Array ? new Float32Array(tf.util.sizeFromShape(shape))
    : new Int32Array(tf.util.sizeFromShape(shape));
  backend.addon.copyView(src, offset, shape, strides, dst);
  return backend.makeTensorInfo(shape, x.dtype, dst);
}

export function layoutKernels(cpu: (name: string) => KernelFunc): KernelConfig[] {
  const cpuTranspose = cpu(tf.Transpose);
  const cpuReverse = cpu(tf.Reverse);
  const cpuSlice = cpu(tf.Slice);
  return [
    {
      kernelName: tf.Transpose,
      backendName: 'native',
      kernelFunc: (args) => {
        const backend = args.backend as NativeBackend;
        const { x } = args.inputs as { x: TensorInfo };
        const src = words(backend, x);
        if (src === null) return cpuTranspose(args);
        const { perm } = args.attrs as unknown as tf.TransposeAttrs;
        const strides = stridesOf(x.shape);
        return view(backend, x, src, 0, perm.map((p) => x.shape[p]!), perm.map((p) => strides[p]!));
      },
    },
    {
      kernelName: tf.Reverse,
      backendName: 'native',
      kernelFunc: (args) => {
        const backend = args.backend as NativeBackend;
        const { x } = args.inputs as { x: TensorInfo };
        const src = words(backend, x);
        if (src === null) return cpuReverse(args);
        const { dims } = args.attrs as unknown as tf.ReverseAttrs;
        const axes = tf.util.parseAxisParam(dims, x.shape);
        const strides = stridesOf(x.shape);
        let offset = 0;
        for (const a of axes) {
          offset += (x.shape[a]! - 1) * strides[a]!;
          strides[a] = -strides[a]!;
        }
        return view(backend, x, src, offset, [...x.shape], strides);
      },
    },
    {
      kernelName: tf.Slice,
      backendName: 'native',
      kernelFunc: (args) => {
        const backend = args.backend as NativeBackend;
        const { x } = args.inputs as { x: TensorInfo };
        const src = words(backend, x);
        const { begin, size } = args.attrs as unknown as tf.SliceAttrs;
        const [b, s] = tf.slice_util.parseSliceParams(x as tf.Tensor, begin, size);
        if (src === null || tf.slice_util.isSliceContinous(x.shape, b, s)) return cpuSlice(args);
        const strides = stridesOf(x.shape);
        const offset = b.reduce((acc, v, i) => acc + v * strides[i]!, 0);
        return view(backend, x, src, offset, s, strides);
      },
    },
  ];
}
