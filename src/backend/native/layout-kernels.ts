/**
 * Transpose, Reverse, Slice, SplitV, Concat, Tile and PadV2 on the native backend: each is one strided copy in the addon (the
 * CPU backend moves elements one index object at a time, which dominated DTCR's time/direction
 * folding). Contiguous slices stay zero-copy views, and dtypes other than float32/int32 use the CPU
 * kernels.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { NativeBackend } from './native-backend.js';
import { nativeKernel } from './native-kernel.js';
import { collapse, stridesOf } from './strides.js';


/** The input's values when they are 4-byte numbers the addon can copy, else null. */
function words(backend: NativeBackend, x: TensorInfo): Float32Array | Int32Array | null {
  const v = backend.data.get(x.dataId).values;
  return v instanceof Float32Array || v instanceof Int32Array ? v : null;
}

/** The view of x's values at `offset` with `shape` and `strides`, as a new tensor of `outShape`. */
function view(backend: NativeBackend, x: TensorInfo, src: Float32Array | Int32Array, offset: number, shape: number[],
  strides: number[], outShape = shape): TensorInfo {
  const dst = src instanceof Float32Array ? backend.floats(tf.util.sizeFromShape(shape))
    : new Int32Array(tf.util.sizeFromShape(shape));
  const c = collapse(shape, [strides, stridesOf(shape)]);
  backend.addon.copy(src, offset, c.strides[0]!, dst, 0, c.strides[1]!, c.shape);
  return backend.makeTensorInfo(outShape, x.dtype, dst);
}

/** A slice as a strided copy, or null when the CPU kernel does better (contiguous view) or must. */
function slice(backend: NativeBackend, x: TensorInfo, begin: number[], size: number[]): TensorInfo | null {
  const src = words(backend, x);
  if (src === null || tf.slice_util.isSliceContinous(x.shape, begin, size)) return null;
  const strides = stridesOf(x.shape);
  const offset = begin.reduce((acc, v, i) => acc + v * strides[i]!, 0);
  return view(backend, x, src, offset, size, strides);
}

export function layoutKernels(cpu: (name: string) => KernelFunc): KernelConfig[] {
  const cpuTranspose = cpu(tf.Transpose);
  const cpuReverse = cpu(tf.Reverse);
  const cpuSlice = cpu(tf.Slice);
  const cpuTile = cpu(tf.Tile);
  const cpuPad = cpu(tf.PadV2);
  const cpuConcat = cpu(tf.Concat);
  return [
    nativeKernel(tf.Transpose, (backend, args) => {
      const { x } = args.inputs as { x: TensorInfo };
      const src = words(backend, x);
      if (src === null) return cpuTranspose(args);
      const { perm } = args.attrs as unknown as tf.TransposeAttrs;
      const strides = stridesOf(x.shape);
      return view(backend, x, src, 0, perm.map((p) => x.shape[p]!), perm.map((p) => strides[p]!));
    }),
    nativeKernel(tf.Reverse, (backend, args) => {
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
    }),
    // Broadcast gradients: a view that steps through each repetition with stride 0.
    nativeKernel(tf.Tile, (backend, args) => {
      const { x } = args.inputs as { x: TensorInfo };
      const src = words(backend, x);
      if (src === null) return cpuTile(args);
      const { reps } = args.attrs as unknown as tf.TileAttrs;
      const strides = stridesOf(x.shape);
      return view(backend, x, src, 0, x.shape.flatMap((n, i) => [reps[i]!, n]), strides.flatMap((s) => [0, s]),
        x.shape.map((n, i) => n * reps[i]!));
    }),
    // Constant fill, then the input copied into the interior.
    nativeKernel(tf.PadV2, (backend, args) => {
      const { x } = args.inputs as { x: TensorInfo };
      const src = words(backend, x);
      if (src === null) return cpuPad(args);
      const { paddings, constantValue } = args.attrs as unknown as tf.PadV2Attrs;
      const shape = x.shape.map((n, i) => paddings[i]![0] + n + paddings[i]![1]);
      const size = tf.util.sizeFromShape(shape);
      const dst = (src instanceof Float32Array ? backend.floats(size) : new Int32Array(size)).fill(constantValue);
      const strides = stridesOf(shape);
      const offset = paddings.reduce((acc, [before], i) => acc + before * strides[i]!, 0);
      const c = collapse(x.shape, [stridesOf(x.shape), strides]);
      backend.addon.copy(src, 0, c.strides[0]!, dst, offset, c.strides[1]!, c.shape);
      return backend.makeTensorInfo(shape, x.dtype, dst);
    }),
    // Each input copied into its band of the output along the axis.
    nativeKernel(tf.Concat, (backend, args) => {
      const inputs = args.inputs as unknown as TensorInfo[];
      const srcs = inputs.map((t) => words(backend, t));
      const first = srcs[0];
      if (first == null || srcs.some((v) => v === null || v.constructor !== first.constructor)) return cpuConcat(args);
      const { axis } = args.attrs as unknown as tf.ConcatAttrs;
      const a = tf.util.parseAxisParam(axis, inputs[0]!.shape)[0]!;
      const shape = tf.backend_util.computeOutShape(inputs.map((t) => t.shape), a);
      const size = tf.util.sizeFromShape(shape);
      const dst = first instanceof Float32Array ? backend.floats(size) : new Int32Array(size);
      const strides = stridesOf(shape);
      let offset = 0;
      inputs.forEach((t, i) => {
        const c = collapse(t.shape, [stridesOf(t.shape), strides]);
        backend.addon.copy(srcs[i]!, 0, c.strides[0]!, dst, offset, c.strides[1]!, c.shape);
        offset += t.shape[a]! * strides[a]!;
      });
      return backend.makeTensorInfo(shape, inputs[0]!.dtype, dst);
    }),
    nativeKernel(tf.Slice, (backend, args) => {
      const { x } = args.inputs as { x: TensorInfo };
      const { begin, size } = args.attrs as unknown as tf.SliceAttrs;
      const [b, s] = tf.slice_util.parseSliceParams(x as tf.Tensor, begin, size);
      return slice(backend, x, b, s) ?? cpuSlice(args);
    }),
    // Concat's gradient: every piece is a slice.
    nativeKernel(tf.SplitV, (backend, args) => {
      const { x } = args.inputs as { x: TensorInfo };
      const { numOrSizeSplits, axis } = args.attrs as unknown as tf.SplitVAttrs;
      const a = tf.util.parseAxisParam(axis, x.shape)[0]!;
      const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, numOrSizeSplits, a);
      const begin = new Array<number>(x.shape.length).fill(0);
      return sizes.map((s) => {
        const size = [...x.shape];
        size[a] = s;
        const piece = slice(backend, x, begin, size) ?? (cpuSlice({ ...args, attrs: { begin: [...begin], size } }) as TensorInfo);
        begin[a]! += s;
        return piece;
      });
    }),
  ];
}
