/**
 * Recycles the large Float32Arrays of the native backend's outputs. A training step allocates and
 * frees hundreds of MB of same-sized tensors; fresh `new Float32Array(n)` of that size costs a
 * zeroing pass, page faults when the memory is first touched, and garbage collections driven by
 * external memory, which together took longer than the arithmetic.
 *
 * An array is handed out again only when nothing can still see it: every tensor storing it (or a
 * view of its buffer) has been freed, and no reader took it out (`escape`, for dataSync and the
 * like). Arrays handed out hold stale values: callers must write every element.
 */

/** Arrays shorter than this are left to the garbage collector (cheap, and many). */
const MIN_LENGTH = 4096;
/** Buffer sizes per doubling of length. */
const SIZES_PER_DOUBLING = 8;
/** At most this many bytes wait in the free lists; further releases are left to the collector. */
const MAX_FREE_BYTES = 1 << 30;

interface Tracked {
  array: Float32Array;
  /** Tensors (or scratch owners) currently storing this buffer. */
  users: number;
}

export class BufferPool {
  /** Keyed by buffer, so views of a pooled array (subarray slices) count as users too. */
  private readonly tracked = new WeakMap<ArrayBufferLike, Tracked>();
  private readonly free = new Map<number, Float32Array[]>();
  private freeBytes = 0;

  /**
   * A float32 array of `length` elements with unspecified contents: the start of a buffer whose
   * size is `length` rounded up to one of SIZES_PER_DOUBLING sizes per doubling (at most 1/8
   * more), so that shapes that vary from step to step (the triplet loss's random subseries
   * lengths) reuse buffers instead of leaving the heap full of sizes never asked for again.
   */
  take(length: number): Float32Array {
    if (length < MIN_LENGTH) return new Float32Array(length);
    const size = bufferLength(length);
    const reused = this.free.get(size)?.pop() ?? this.popLarger(size);
    if (reused !== undefined) this.freeBytes -= reused.byteLength;
    const array = reused ?? new Float32Array(size);
    this.tracked.set(array.buffer, { array, users: 0 });
    return array.length === length ? array : array.subarray(0, length);
  }

  /** Records that a tensor now stores `values` (a pooled array, a view of one, or anything else). */
  use(values: unknown): void {
    const entry = this.entry(values);
    if (entry !== undefined) entry.users += 1;
  }

  /** Records that a tensor storing `values` was freed; the last user returns the array to the pool. */
  release(values: unknown): void {
    const entry = this.entry(values);
    if (entry === undefined) return;
    entry.users -= 1;
    if (entry.users > 0) return;
    const { array } = entry;
    this.tracked.delete(array.buffer);
    if (this.freeBytes + array.byteLength > MAX_FREE_BYTES) return;
    const list = this.free.get(array.length);
    if (list === undefined) this.free.set(array.length, [array]);
    else list.push(array);
    this.freeBytes += array.byteLength;
  }

  /** `values` is handed to code outside the backend (a read): never recycle its buffer. */
  escape(values: unknown): void {
    const entry = this.entry(values);
    if (entry !== undefined) this.tracked.delete(entry.array.buffer);
  }

  clear(): void {
    this.free.clear();
    this.freeBytes = 0;
  }

  /**
   * The smallest free array of up to twice `size` elements: a backward pass frees gradients and
   * saved tensors of other shapes than those it then asks for (DTCR's GRU stacks), which would
   * otherwise wait unused while fresh memory is touched.
   */
  private popLarger(size: number): Float32Array | undefined {
    let best: number | undefined;
    for (const [length, list] of this.free) {
      if (length > size && length <= 2 * size && list.length > 0 && (best === undefined || length < best)) best = length;
    }
    return best === undefined ? undefined : this.free.get(best)!.pop();
  }

  private entry(values: unknown): Tracked | undefined {
    return ArrayBuffer.isView(values) ? this.tracked.get(values.buffer) : undefined;
  }
}

/** `length` rounded up to a multiple of 2^(floor(log2 length) - 3): one of 8 sizes per doubling. */
export function bufferLength(length: number): number {
  const step = 2 ** Math.max(0, Math.floor(Math.log2(length)) - Math.log2(SIZES_PER_DOUBLING));
  return Math.ceil(length / step) * step;
}
