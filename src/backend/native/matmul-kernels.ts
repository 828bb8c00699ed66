/** BatchMatMul on the native backend: one sgemm per batch entry (or one for a shared right matrix). */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { NativeBackend } from './native-backend.js';
import { nativeKernel } from './native-kernel.js';

const size = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

/** The native product, or null when the batch dimensions broadcast in a way it does not cover. */
function nativeMatMul(backend: NativeBackend, a: TensorInfo, b: TensorInfo, transposeA: boolean,
  transposeB: boolean): TensorInfo | null {
  const ra = a.shape.length;
  const rb = b.shape.length;
  const m = transposeA ? a.shape[ra - 1]! : a.shape[ra - 2]!;
  const k = transposeA ? a.shape[ra - 2]! : a.shape[ra - 1]!;
  const k2 = transposeB ? b.shape[rb - 1]! : b.shape[rb - 2]!;
  const n = transposeB ? b.shape[rb - 2]! : b.shape[rb - 1]!;
  if (k !== k2) return null;
  const batchA = size(a.shape.slice(0, -2));
  const batchB = size(b.shape.slice(0, -2));
  if (batchA !== batchB && batchA !== 1 && batchB !== 1) return null;
  const outBatch = tf.backend_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const batch = Math.max(batchA, batchB);
  const out = backend.floats(batch * m * n);
  backend.addon.batchMatMul(backend.values(a), backend.values(b), out, batch, m, n, k, transposeA, transposeB,
    batchA === 1 ? 0 : m * k, batchB === 1 ? 0 : k * n);
  return backend.output([...outBatch, m, n], out);
}

export function matMulKernels(cpu: (name: string) => KernelFunc): KernelConfig[] {
  const cpuBatchMatMul = cpu(tf.BatchMatMul);
  return [nativeKernel(tf.BatchMatMul, (backend, args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
    return nativeMatMul(backend, a, b, transposeA, transposeB) ?? cpuBatchMatMul(args);
  })];
}
