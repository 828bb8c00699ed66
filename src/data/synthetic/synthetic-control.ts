/**
 * Synthetic Control Chart time series (Alcock & Manolopoulos 1999; the UCI/UCR SyntheticControl
 * set), length 60, t = 1..60, m = 30, s = 2, r(t) ~ U[-3,3] at every step:
 *   normal          y = m + r s
 *   cyclic          y = m + r s + A sin(2 pi t / T),   A, T ~ U[10,15]
 *   increasing      y = m + r s + g t,                 g ~ U[0.2,0.5]
 *   decreasing      y = m + r s - g t
 *   upward shift    y = m + r s + k x,  x ~ U[7.5,20], k = 1 from t >= t3, t3 ~ U{n/3..2n/3}
 *   downward shift  y = m + r s - k x
 */
import type { Random } from '../../core/random.js';
import type { SeriesGenerator } from './generator.js';

const LENGTH = 60;
const MEAN = 30;
const SPREAD = 2;

export const SYNTHETIC_CONTROL: SeriesGenerator = {
  name: 'SyntheticControl',
  classNames: ['normal', 'cyclic', 'increasing trend', 'decreasing trend', 'upward shift', 'downward shift'],
  length: LENGTH,
  draw(random: Random, classIndex: number): Float64Array {
    const out = new Float64Array(LENGTH);
    let pattern: (t: number) => number;
    switch (classIndex) {
      case 1: {
        const amplitude = random.uniform(10, 15);
        const period = random.uniform(10, 15);
        pattern = (t) => amplitude * Math.sin((2 * Math.PI * t) / period);
        break;
      }
      case 2:
      case 3: {
        const slope = random.uniform(0.2, 0.5) * (classIndex === 2 ? 1 : -1);
        pattern = (t) => slope * t;
        break;
      }
      case 4:
      case 5: {
        const shift = random.uniform(7.5, 20) * (classIndex === 4 ? 1 : -1);
        const start = LENGTH / 3 + random.int(LENGTH / 3 + 1);
        pattern = (t) => (t >= start ? shift : 0);
        break;
      }
      default:
        pattern = () => 0;
    }
    for (let i = 0; i < LENGTH; i++) out[i] = MEAN + random.uniform(-3, 3) * SPREAD + pattern(i + 1);
    return out;
  },
};
