/**
 * The 'native' TensorFlow.js backend: the CPU backend's storage and kernels, with the heavy kernels
 * replaced by calls into the addon. Also keeps per-output scratch (e.g. GRU gate activations) that a
 * backward kernel reuses, freed with the output tensor's data.
 */
import type { DataId, TensorInfo } from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { NativeAddon } from './addon.js';

export class NativeBackend extends MathBackendCPU {
  private readonly scratch = new Map<DataId, Float32Array[]>();

  constructor(readonly addon: NativeAddon) {
    super();
  }

  /** The float32 values of a tensor (a copy only when stored with another dtype). */
  values(t: TensorInfo): Float32Array {
    const v = this.data.get(t.dataId).values;
    return v instanceof Float32Array ? v : Float32Array.from(v as ArrayLike<number>);
  }

  /** A new float32 tensor over `values` (no copy). */
  output(shape: number[], values: Float32Array): TensorInfo {
    return this.makeTensorInfo(shape, 'float32', values);
  }

  /** Keeps arrays that the backward kernel of `out` reuses until `out`'s data is freed. */
  keepScratch(out: TensorInfo, arrays: Float32Array[]): void {
    this.scratch.set(out.dataId, arrays);
  }

  scratchOf(out: TensorInfo): Float32Array[] | undefined {
    return this.scratch.get(out.dataId);
  }

  override disposeData(dataId: DataId, force = false): boolean {
    const disposed = super.disposeData(dataId, force);
    if (!this.data.has(dataId)) this.scratch.delete(dataId);
    return disposed;
  }

  override dispose(): void {
    this.scratch.clear();
    super.dispose();
  }
}
