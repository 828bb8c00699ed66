/** The one shape of a native-backend kernel: the backend typed as NativeBackend for every kernel body. */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { NativeBackend } from './native-backend.js';

export const NATIVE = 'native';

/** The arguments TF.js passes a kernel (inputs, attrs, backend), handed on whole for CPU fallbacks. */
export type KernelArgs = Parameters<KernelFunc>[0];

/** Registers `compute` as the native backend's kernel `kernelName`. */
export function nativeKernel(kernelName: string,
  compute: (backend: NativeBackend, args: KernelArgs) => TensorInfo | TensorInfo[]): KernelConfig {
  return { kernelName, backendName: NATIVE, kernelFunc: (args) => compute(args.backend as NativeBackend, args) };
}
