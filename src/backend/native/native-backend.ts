/**
 * The 'native' TensorFlow.js backend: the CPU backend's storage and kernels, with the heavy kernels
 * replaced by calls into the addon. Also keeps per-output scratch (e.g. GRU gate activations) that a
 * backward kernel reuses, freed with the output tensor's data, and recycles large output arrays
 * (see buffer-pool.ts): storage, freeing and reads report to the pool.
 */
import type { BackendValues, DataId, DataType, TensorInfo } from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { NativeAddon } from './addon.js';
import { BufferPool } from './buffer-pool.js';

export class NativeBackend extends MathBackendCPU {
  private readonly scratch = new Map<DataId, Float32Array[]>();
  private readonly pool = new BufferPool();

  constructor(readonly addon: NativeAddon) {
    super();
  }

  /** The float32 values of a tensor (a copy only when stored with another dtype). */
  values(t: TensorInfo): Float32Array {
    const v = this.data.get(t.dataId).values;
    return v instanceof Float32Array ? v : Float32Array.from(v as ArrayLike<number>);
  }

  /** A float32 array for a kernel's output, possibly recycled: the kernel must write every element. */
  floats(length: number): Float32Array {
    return this.pool.take(length);
  }

  /** A new float32 tensor over `values` (no copy). */
  output(shape: number[], values: Float32Array): TensorInfo {
    return this.makeTensorInfo(shape, 'float32', values);
  }

  /** Keeps arrays that the backward kernel of `out` reuses until `out`'s data is freed. */
  keepScratch(out: TensorInfo, arrays: Float32Array[]): void {
    arrays.forEach((a) => this.pool.use(a));
    this.scratch.set(out.dataId, arrays);
  }

  scratchOf(out: TensorInfo): Float32Array[] | undefined {
    return this.scratch.get(out.dataId);
  }

  override write(values: BackendValues, shape: number[], dtype: DataType): DataId {
    this.pool.use(values);
    return super.write(values, shape, dtype);
  }

  override move(dataId: DataId, values: BackendValues, shape: number[], dtype: DataType, refCount: number): void {
    if (this.data.has(dataId)) this.pool.release(this.data.get(dataId).values);
    this.pool.use(values);
    super.move(dataId, values, shape, dtype, refCount);
  }

  override readSync(dataId: DataId): BackendValues {
    if (this.data.has(dataId)) this.pool.escape(this.data.get(dataId).values);
    return super.readSync(dataId);
  }

  override disposeData(dataId: DataId, force = false): boolean {
    const values = this.data.has(dataId) ? this.data.get(dataId).values : undefined;
    const disposed = super.disposeData(dataId, force);
    if (!this.data.has(dataId)) {
      this.pool.release(values);
      this.scratch.get(dataId)?.forEach((a) => this.pool.release(a));
      this.scratch.delete(dataId);
    }
    return disposed;
  }

  override dispose(): void {
    this.scratch.clear();
    this.pool.clear();
    super.dispose();
  }
}
