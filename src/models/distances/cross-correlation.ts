/**
 * Cross-correlation of equal-length series at every shift through the FFT, the engine of SBD and
 * of KSC's distance. Uses fft.js (radix-4, a real forward transform, works on typed arrays and is
 * widely used), which is faster than a hand-written radix-2 transform would be.
 */
import FFT from 'fft.js';
import { OptionError } from '../../core/errors.js';
import { checkInteger } from '../base/check-options.js';

/** A series made ready for many correlations: its spectra (one per channel) and its squared norm. */
export interface PreparedSeries {
  readonly values: Float64Array;
  /** Complex spectra, interleaved (re, im), `size` bins per channel, channel after channel. */
  readonly spectrum: Float64Array;
  readonly squaredNorm: number;
}

export class CrossCorrelation {
  readonly length: number;
  readonly channels: number;
  /** FFT size: the power of two ≥ 2·length − 1, so that no shift wraps around. */
  readonly size: number;
  private readonly fft: FFT;
  private readonly padded: Float64Array;
  private readonly product: Float64Array;
  private readonly inverse: Float64Array;
  private readonly correlations: Float64Array;

  constructor(length: number, channels = 1) {
    this.length = checkInteger('length', length, 1);
    this.channels = checkInteger('channels', channels, 1);
    let size = 2;
    while (size < 2 * length - 1) size *= 2;
    this.size = size;
    this.fft = new FFT(size);
    this.padded = new Float64Array(size);
    this.product = new Float64Array(2 * size);
    this.inverse = new Float64Array(2 * size);
    this.correlations = new Float64Array(2 * length - 1);
  }

  /** Spectra and squared norm of one series (channels × length values, channel-major). */
  prepare(values: Float64Array): PreparedSeries {
    const { length, size } = this;
    if (values.length !== length * this.channels) {
      throw new OptionError(
        `expected a series of ${this.channels} channel(s) of length ${length} (${length * this.channels} values), got ${values.length} values`,
      );
    }
    const spectrum = new Float64Array(2 * size * this.channels);
    let squaredNorm = 0;
    for (let c = 0; c < this.channels; c++) {
      const channel = values.subarray(c * length, (c + 1) * length);
      this.padded.set(channel);
      for (let t = 0; t < length; t++) squaredNorm += channel[t]! * channel[t]!;
      const out = spectrum.subarray(2 * size * c, 2 * size * (c + 1));
      this.fft.realTransform(out, this.padded);
      this.fft.completeSpectrum(out);
    }
    return { values, spectrum, squaredNorm };
  }

  /**
   * The correlation summed over channels at every shift, 2·length − 1 values in a buffer that the
   * next call overwrites: [s + length − 1] = Σ_c Σ_t x_c[t + s] · y_c[t] for s = −(length − 1) ..
   * length − 1, i.e. the dot product of x with y moved s steps to the right (zeros shifted in).
   */
  correlate(x: PreparedSeries, y: PreparedSeries): Float64Array {
    const { size, length, product, inverse, correlations: out } = this;
    const bins = 2 * size;
    const a = x.spectrum;
    const b = y.spectrum;
    for (let i = 0; i < bins; i += 2) {
      let re = 0;
      let im = 0;
      for (let offset = 0; offset < bins * this.channels; offset += bins) {
        const ar = a[offset + i]!;
        const ai = a[offset + i + 1]!;
        const br = b[offset + i]!;
        const bi = b[offset + i + 1]!;
        // x · conj(y)
        re += ar * br + ai * bi;
        im += ai * br - ar * bi;
      }
      product[i] = re;
      product[i + 1] = im;
    }
    this.fft.inverseTransform(inverse, product);
    for (let s = -(length - 1); s < length; s++) {
      const bin = s < 0 ? size + s : s;
      out[s + length - 1] = inverse[2 * bin]!;
    }
    return out;
  }
}
