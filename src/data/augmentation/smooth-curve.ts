/**
 * The smooth random curves of the warping augmentations: a natural cubic spline through knots
 * evenly spaced over the series, evaluated at every time step.
 */

/**
 * Values at t = 0..length-1 of the natural cubic spline through `knots` values placed at evenly
 * spaced times from 0 to length-1 (the first and last knots at the series' ends).
 */
export function splineCurve(knots: ArrayLike<number>, length: number): Float64Array {
  const n = knots.length;
  const out = new Float64Array(length);
  if (n === 1 || length === 1) return out.fill(knots[0]!);
  const step = (length - 1) / (n - 1);
  const second = naturalSecondDerivatives(knots, step);
  for (let t = 0; t < length; t++) {
    const i = Math.min(n - 2, Math.floor(t / step));
    const a = (t - i * step) / step;
    const b = 1 - a;
    out[t] = b * knots[i]! + a * knots[i + 1]! + (((b * b * b - b) * second[i]! + (a * a * a - a) * second[i + 1]!) * step * step) / 6;
  }
  return out;
}

/** Second derivatives at the knots of the natural spline (zero at both ends): a tridiagonal solve. */
function naturalSecondDerivatives(y: ArrayLike<number>, h: number): Float64Array {
  const n = y.length;
  const m = new Float64Array(n);
  if (n < 3) return m;
  // Thomas algorithm on h*m[i-1] + 4h*m[i] + h*m[i+1] = 6 (y[i+1] - 2y[i] + y[i-1]) / h.
  const diagonal = new Float64Array(n);
  const rhs = new Float64Array(n);
  for (let i = 1; i < n - 1; i++) {
    diagonal[i] = 4 * h;
    rhs[i] = (6 * (y[i + 1]! - 2 * y[i]! + y[i - 1]!)) / h;
  }
  for (let i = 2; i < n - 1; i++) {
    const w = h / diagonal[i - 1]!;
    diagonal[i] -= w * h;
    rhs[i] -= w * rhs[i - 1]!;
  }
  for (let i = n - 2; i >= 1; i--) m[i] = (rhs[i]! - h * m[i + 1]!) / diagonal[i]!;
  return m;
}

/** Linear interpolation of `values` (stride `stride`, offset `offset`) at a fractional position in [0, length-1]. */
export function interpolateAt(values: ArrayLike<number>, offset: number, stride: number, length: number, position: number): number {
  const p = Math.min(length - 1, Math.max(0, position));
  const i = Math.min(length - 2, Math.floor(p));
  if (length === 1) return values[offset]!;
  const a = p - i;
  return (1 - a) * values[offset + i * stride]! + a * values[offset + (i + 1) * stride]!;
}
