/**
 * Loads Tempora's N-API addon (native/*.cc, built by `npm ci` when OpenBLAS is present), with
 * OpenMP's threads set to wait passively (see `loadAddon`).
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The addon's functions: Float32Array inputs and preallocated outputs, integer sizes. */
export interface NativeAddon {
  batchMatMul(a: Float32Array, b: Float32Array, out: Float32Array, batch: number, m: number, n: number, k: number,
    transposeA: boolean, transposeB: boolean, strideA: number, strideB: number): void;
  conv2d(x: Float32Array, filter: Float32Array, y: Float32Array, bias: Float32Array | null, ...geometry: number[]): void;
  conv2dBackpropInput(dy: Float32Array, filter: Float32Array, dx: Float32Array, ...geometry: number[]): void;
  conv2dBackpropFilter(x: Float32Array, dy: Float32Array, dw: Float32Array, ...geometry: number[]): void;
  gruSequence(x: Float32Array, h0: Float32Array, wx: Float32Array, wh: Float32Array, bx: Float32Array,
    bh: Float32Array, batch: number, steps: number, features: number, units: number, dilation: number,
    reverse: boolean, hs: Float32Array, gates: Float32Array): void;
  gruSequenceGrad(x: Float32Array, h0: Float32Array, wx: Float32Array, wh: Float32Array, hs: Float32Array,
    gates: Float32Array, dhs: Float32Array, batch: number, steps: number, features: number, units: number,
    dilation: number, reverse: boolean, dx: Float32Array, dh0: Float32Array, dwx: Float32Array,
    dwh: Float32Array, dbx: Float32Array, dbh: Float32Array): void;
  gruDecode(x0: Float32Array, h0: Float32Array, wx: Float32Array, wh: Float32Array, bx: Float32Array,
    bh: Float32Array, p: Float32Array, pb: Float32Array, batch: number, units: number, steps: number,
    y: Float32Array, hs: Float32Array, gates: Float32Array, u: Float32Array): void;
  gruDecodeGrad(h0: Float32Array, wx: Float32Array, wh: Float32Array, p: Float32Array, hs: Float32Array,
    gates: Float32Array, u: Float32Array, dy: Float32Array, batch: number, units: number, steps: number,
    dx0: Float32Array, dh0: Float32Array, dwx: Float32Array, dwh: Float32Array, dbx: Float32Array,
    dbh: Float32Array, dp: Float32Array, dpb: Float32Array): void;
  lstmSequence(x: Float32Array, wx: Float32Array, wh: Float32Array, bias: Float32Array, batch: number, steps: number,
    features: number, units: number, hs: Float32Array, cs: Float32Array, kept: Float32Array): void;
  lstmSequenceGrad(x: Float32Array, wx: Float32Array, wh: Float32Array, hs: Float32Array, cs: Float32Array,
    kept: Float32Array, dhs: Float32Array, batch: number, steps: number, features: number, units: number,
    dx: Float32Array, dwx: Float32Array, dwh: Float32Array, dbias: Float32Array): void;
  /** Max pooling over time after a leaky ReLU (see kernel-names.ts, MAX_POOL_TIME), and its gradient. */
  maxPoolTime(x: Float32Array, batch: number, steps: number, channels: number, pool: number, slope: number,
    y: Float32Array): void;
  maxPoolTimeGrad(x: Float32Array, dy: Float32Array, batch: number, steps: number, channels: number, pool: number,
    slope: number, dx: Float32Array): void;
  /** Copies `shape` elements (4-byte) from src to dst, each side read/written through its offset and strides. */
  copy(src: Float32Array | Int32Array, srcOffset: number, srcStrides: number[], dst: Float32Array | Int32Array,
    dstOffset: number, dstStrides: number[], shape: number[]): void;
  /** out = a op b over `shape`, operands read through strides (0 = broadcast); op codes in op-codes.ts. */
  binary(op: number, a: Float32Array, aStrides: number[], b: Float32Array, bStrides: number[], shape: number[],
    out: Float32Array): void;
  /** out = f(x) elementwise; op codes in op-codes.ts; alpha is Step's value for x <= 0. */
  unary(op: number, x: Float32Array, out: Float32Array, alpha: number): void;
  /** out = scale * sum of dense x over the dimensions whose output stride is 0. */
  sum(x: Float32Array, shape: number[], outStrides: number[], out: Float32Array, scale: number): void;
  /** Channels-last batch norm of `rows` rows of `channels` values (offset and scale optional). */
  batchNorm(x: Float32Array, mean: Float32Array, variance: Float32Array, offset: Float32Array | null,
    scale: Float32Array | null, rows: number, channels: number, epsilon: number, out: Float32Array): void;
  batchNormGrad(x: Float32Array, mean: Float32Array, variance: Float32Array, scale: Float32Array | null,
    dy: Float32Array, rows: number, channels: number, epsilon: number, dx: Float32Array, dmean: Float32Array,
    dvariance: Float32Array, dscale: Float32Array, doffset: Float32Array): void;
  /**
   * (input..., rows, channels, y, relu), each of the one or two inputs being x [rows, channels],
   * gamma, beta, epsilon and the mean and variance it writes: training-mode batch norm with the
   * batch's statistics, the inputs' normalisations summed, followed by ReLU when `relu`.
   */
  batchNormTrain(...args: (Float32Array | number | boolean)[]): void;
  /**
   * Its gradient: (input..., dy, y|null, rows, channels), each input being x, mean, variance, gamma,
   * dmean, dvariance, epsilon and where dx, dgamma, dbeta go; y is the output after a ReLU.
   */
  batchNormTrainGrad(...args: (Float32Array | number | null)[]): void;
  /** One Adam step over a parameter (see kernel-names.ts, ADAM_UPDATE): writes newValue, newM, newV. */
  adamUpdate(value: Float32Array, m: Float32Array, v: Float32Array, gradient: Float32Array, correction1: Float32Array,
    correction2: Float32Array, beta1: number, beta2: number, epsilon: number, learningRate: number,
    newValue: Float32Array, newM: Float32Array, newV: Float32Array): void;
  /** The Gaussian mixture's kernels in float64 (see src/backend/clustering-kernels.ts). */
  mixtureDiagLogDensities(x: Float64Array, rows: number, cols: number, means: Float64Array, precisions: Float64Array,
    k: number, out: Float64Array): void;
  mixtureFullLogDensities(x: Float64Array, rows: number, cols: number, means: Float64Array,
    precisionCholesky: Float64Array, k: number, out: Float64Array): void;
  /** Means and, when `variances` is given, diagonal covariances, in one pass over x. */
  mixtureMoments(x: Float64Array, rows: number, cols: number, resp: Float64Array, k: number, nk: Float64Array,
    means: Float64Array, variances: Float64Array | null, regCovar: number): void;
  mixtureFullCovariances(x: Float64Array, rows: number, cols: number, resp: Float64Array, k: number,
    means: Float64Array, nk: Float64Array, regCovar: number, out: Float64Array): void;
  /** out = L⁻¹ for covariance = L Lᵀ (d × d, row-major); false when not positive definite. */
  inverseCholesky(covariance: Float64Array, d: number, out: Float64Array): boolean;
  /** k-means' squared distances (see src/models/squared-distances.ts), float64. */
  squaredDistances(x: Float64Array, cols: number, rowIndex: Int32Array | null, start: number, end: number,
    xNorms: Float64Array, centres: Float64Array, k: number, centreNorms: Float64Array, out: Float64Array): void;
  /** OpenMP's thread count for later kernels. */
  setThreads(threads: number): void;
  /** Switches oneDNN's convolutions on or off (im2col + sgemm instead); returns whether they are built in. */
  useOneDnn(on: boolean): boolean;
  /**
   * Whether subnormal floats are flushed: on JavaScript's thread now (false: kernels restore the
   * mode on return), or with `insideKernel`, on every thread of a kernel call.
   */
  flushes(insideKernel: boolean): boolean;
  /** The addon's operation names of `unary` and `binary`, in the order of their codes. */
  opCodes: { unary: string[]; binary: string[] };
}

/** Functions this version of the TypeScript side calls: a build that lacks one is out of date. */
const REQUIRED: (keyof NativeAddon)[] = ['batchMatMul', 'conv2d', 'conv2dBackpropInput', 'conv2dBackpropFilter',
  'gruSequence', 'gruSequenceGrad', 'gruDecode', 'gruDecodeGrad', 'lstmSequence', 'lstmSequenceGrad', 'maxPoolTime', 'maxPoolTimeGrad', 'copy', 'binary', 'unary', 'sum', 'batchNorm',
  'batchNormGrad', 'batchNormTrain', 'batchNormTrainGrad', 'adamUpdate', 'mixtureDiagLogDensities',
  'mixtureFullLogDensities', 'mixtureMoments', 'mixtureFullCovariances', 'inverseCholesky',
  'squaredDistances',
  'setThreads', 'useOneDnn', 'flushes'];

/** Where node-gyp puts the addon, from the package root. */
export const ADDON_PATH = path.join(
  path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'build', 'Release', 'tempora_native.node');

let cached: NativeAddon | null | undefined;
let failure = '';

/**
 * The addon, or null when it was not built or cannot load here (see `addonFailure`).
 *
 * OpenMP's threads wait passively between kernels (OMP_WAIT_POLICY, read once when the addon
 * loads OpenMP, unless already set): spinning threads took the cores from any other busy process
 * and, beside one, from each other (a DTCR step 4 to 5 times slower than on one thread). They are
 * as many as the cores, or TEMPORA_THREADS.
 */
export function loadAddon(): NativeAddon | null {
  if (cached === undefined) {
    try {
      process.env['OMP_WAIT_POLICY'] ??= 'passive';
      const addon = createRequire(import.meta.url)(ADDON_PATH) as NativeAddon;
      const missing = REQUIRED.filter((name) => typeof addon[name] !== 'function');
      if (missing.length > 0) throw new Error(`the built addon is out of date (no ${missing.join(', ')}): run npm ci`);
      const threads = Number(process.env['TEMPORA_THREADS']);
      if (Number.isInteger(threads) && threads > 0) addon.setThreads(threads);
      cached = addon;
    } catch (err) {
      cached = null;
      failure = (err as Error).message.split('\n')[0] ?? 'unknown error';
    }
  }
  return cached;
}

/** Why the addon did not load ('' when it did). */
export function addonFailure(): string {
  loadAddon();
  return failure;
}
