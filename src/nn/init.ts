/** Weight initialisers drawing from Tempora's seeded generator, so that a seed fixes every weight. */
import { Matrix, QrDecomposition } from 'ml-matrix';
import type { Random } from '../core/random.js';

export type Shape = readonly number[];

export function sizeOf(shape: Shape): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function zeros(shape: Shape): Float32Array {
  return new Float32Array(sizeOf(shape));
}

export function uniform(rng: Random, shape: Shape, limit: number): Float32Array {
  return rng.uniformArray(sizeOf(shape), -limit, limit);
}

/**
 * Glorot (Xavier) uniform. For a kernel of shape [...receptive, fanIn, fanOut] (dense [in,out],
 * conv1d [k,in,out]) the receptive field multiplies both fans, as Keras does.
 */
export function glorotUniform(rng: Random, shape: Shape): Float32Array {
  const receptive = sizeOf(shape.slice(0, -2));
  const fanIn = (shape.at(-2) ?? 1) * receptive;
  const fanOut = (shape.at(-1) ?? 1) * receptive;
  return uniform(rng, shape, Math.sqrt(6 / (fanIn + fanOut)));
}

/** He (Kaiming) uniform for ReLU layers: limit sqrt(6 / fanIn). */
export function heUniform(rng: Random, shape: Shape): Float32Array {
  const fanIn = (shape.at(-2) ?? 1) * sizeOf(shape.slice(0, -2));
  return uniform(rng, shape, Math.sqrt(6 / fanIn));
}

/**
 * A 2-D matrix with orthonormal rows or columns (Saxe et al.), from the QR decomposition of a
 * normal draw with the signs of R's diagonal folded in, as Keras and PyTorch do.
 */
export function orthogonal(rng: Random, rows: number, cols: number): Float32Array {
  const tall = rows >= cols;
  const m = tall ? rows : cols;
  const n = tall ? cols : rows;
  const draw = new Matrix(m, n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) draw.set(i, j, rng.normal());
  const qr = new QrDecomposition(draw);
  const q = qr.orthogonalMatrix.subMatrix(0, m - 1, 0, n - 1);
  const r = qr.upperTriangularMatrix;
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const value = q.get(i, j) * (r.get(j, j) < 0 ? -1 : 1);
      if (tall) out[i * cols + j] = value;
      else out[j * cols + i] = value;
    }
  }
  return out;
}
