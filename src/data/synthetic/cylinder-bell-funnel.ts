/**
 * Cylinder-Bell-Funnel (Saito 1994), length 128, t = 1..128:
 *   cylinder c(t) = (6 + eta) * X[a,b](t) + eps(t)
 *   bell     b(t) = (6 + eta) * X[a,b](t) * (t - a) / (b - a) + eps(t)
 *   funnel   f(t) = (6 + eta) * X[a,b](t) * (b - t) / (b - a) + eps(t)
 * with X[a,b] the indicator of a <= t <= b, a ~ U{16..32}, b - a ~ U{32..96} (integers),
 * eta ~ N(0,1) once per series and eps(t) ~ N(0,1) at every step.
 */
import type { Random } from '../../core/random.js';
import type { SeriesGenerator } from './generator.js';

const LENGTH = 128;

export const CYLINDER_BELL_FUNNEL: SeriesGenerator = {
  name: 'CBF',
  classNames: ['cylinder', 'bell', 'funnel'],
  length: LENGTH,
  draw(random: Random, classIndex: number): Float64Array {
    const a = 16 + random.int(17);
    const b = a + 32 + random.int(65);
    const amplitude = 6 + random.normal();
    const out = new Float64Array(LENGTH);
    for (let i = 0; i < LENGTH; i++) {
      const t = i + 1;
      let shape = 0;
      if (t >= a && t <= b) {
        shape = classIndex === 0 ? 1 : classIndex === 1 ? (t - a) / (b - a) : (b - t) / (b - a);
      }
      out[i] = amplitude * shape + random.normal();
    }
    return out;
  },
};
