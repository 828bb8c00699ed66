/**
 * Time-series augmentations (Um et al. 2017; Le Guennec et al. 2016; Iwana and Uchida 2021) for the
 * semi-supervised classifiers: jitter, scaling, magnitude warping, time warping and window slicing.
 * Each takes a batch [N, T, C] of float32 values and a seeded `Random`, and returns a new batch of
 * the same shape; every row and channel draws its own transform.
 */
import { OptionError } from '../../core/errors.js';
import type { Random } from '../../core/random.js';
import { interpolateAt, splineCurve } from './smooth-curve.js';

/** Series as one flat buffer [rows, length, channels], time-major within a row, channels innermost. */
export interface SeriesValues {
  readonly values: Float32Array;
  readonly shape: readonly [number, number, number];
}

export type AugmentationName = 'jitter' | 'scaling' | 'magnitude-warp' | 'time-warp' | 'window-slice';

export const AUGMENTATION_NAMES: readonly AugmentationName[] = ['jitter', 'scaling', 'magnitude-warp', 'time-warp', 'window-slice'];

/** Strengths of the augmentations; the defaults are Iwana and Uchida's (2021). */
export interface AugmentationOptions {
  /** Standard deviation of the added Gaussian noise (default 0.03). */
  jitterSigma?: number;
  /** Standard deviation of the scaling factor around 1 (default 0.1). */
  scalingSigma?: number;
  /** Standard deviation of the magnitude curve's knots around 1 (default 0.2). */
  magnitudeSigma?: number;
  /** Standard deviation of the time curve's speed knots around 1 (default 0.2). */
  timeWarpSigma?: number;
  /** Inner knots of the warping curves (default 4). */
  knots?: number;
  /** Fraction of the series a window slice keeps (default 0.9). */
  sliceRatio?: number;
}

/** The mild views: noise and a global scale (FixMatch's weak augmentation, the mean teacher's noise). */
export const WEAK_AUGMENTATIONS: readonly AugmentationName[] = ['jitter', 'scaling'];
/** The strong views: every augmentation (FixMatch's strong augmentation, Noisy Student's noise). */
export const STRONG_AUGMENTATIONS: readonly AugmentationName[] = ['jitter', 'magnitude-warp', 'time-warp', 'window-slice', 'scaling'];

/** Adds N(0, sigma) to every value. */
export function jitter(batch: SeriesValues, rng: Random, sigma = 0.03): SeriesValues {
  const values = Float32Array.from(batch.values, (v) => v + rng.normal(0, sigma));
  return { values, shape: batch.shape };
}

/** Multiplies each row and channel by one factor drawn from N(1, sigma). */
export function scaling(batch: SeriesValues, rng: Random, sigma = 0.1): SeriesValues {
  return mapChannels(batch, (read, write, length) => {
    const factor = rng.normal(1, sigma);
    for (let t = 0; t < length; t++) write(t, read(t) * factor);
  });
}

/** Multiplies each row and channel by a smooth curve: a spline through knots + 2 values drawn from N(1, sigma). */
export function magnitudeWarp(batch: SeriesValues, rng: Random, sigma = 0.2, knots = 4): SeriesValues {
  checkKnots(knots);
  return mapChannels(batch, (read, write, length) => {
    const curve = splineCurve(Array.from({ length: knots + 2 }, () => rng.normal(1, sigma)), length);
    for (let t = 0; t < length; t++) write(t, read(t) * curve[t]!);
  });
}

/**
 * Moves each row and channel along a smooth random clock: the speed is a spline through knots + 2
 * values drawn from N(1, sigma) (kept above 0.1 so time never runs backwards), integrated and
 * rescaled so the clock starts at the first step and ends at the last; the series is read at the
 * clock's positions by linear interpolation. Both ends stay in place.
 */
export function timeWarp(batch: SeriesValues, rng: Random, sigma = 0.2, knots = 4): SeriesValues {
  checkKnots(knots);
  return mapChannels(batch, (_read, write, length, source) => {
    const speed = splineCurve(Array.from({ length: knots + 2 }, () => rng.normal(1, sigma)), length);
    const clock = new Float64Array(length);
    for (let t = 1; t < length; t++) clock[t] = clock[t - 1]! + Math.max(0.1, (speed[t - 1]! + speed[t]!) / 2);
    const scale = length > 1 ? (length - 1) / clock[length - 1]! : 0;
    for (let t = 0; t < length; t++) write(t, source(clock[t]! * scale));
  });
}

/**
 * Keeps a random window of ceil(ratio * T) steps of each row (the same window for all its channels)
 * and stretches it back to T steps by linear interpolation.
 */
export function windowSlice(batch: SeriesValues, rng: Random, ratio = 0.9): SeriesValues {
  if (!(ratio > 0 && ratio <= 1)) throw new OptionError(`the window slice ratio must be in (0, 1], got ${ratio}`);
  const [rows, length, channels] = batch.shape;
  const window = Math.max(1, Math.ceil(ratio * length));
  const values = new Float32Array(batch.values.length);
  for (let row = 0; row < rows; row++) {
    const start = window < length ? rng.int(length - window + 1) : 0;
    const stretch = length > 1 ? (window - 1) / (length - 1) : 0;
    for (let c = 0; c < channels; c++) {
      const offset = row * length * channels + c;
      for (let t = 0; t < length; t++) values[offset + t * channels] = interpolateAt(batch.values, offset, channels, length, start + t * stretch);
    }
  }
  return { values, shape: batch.shape };
}

/** Applies the named augmentations in order, each drawing from `rng`. */
export function augment(batch: SeriesValues, names: readonly AugmentationName[], rng: Random, options: AugmentationOptions = {}): SeriesValues {
  const [rows, length, channels] = batch.shape;
  if (batch.values.length !== rows * length * channels) throw new OptionError(`a batch of shape [${batch.shape.join(', ')}] needs ${rows * length * channels} values, got ${batch.values.length}`);
  let out = batch;
  for (const name of names) {
    if (name === 'jitter') out = jitter(out, rng, options.jitterSigma);
    else if (name === 'scaling') out = scaling(out, rng, options.scalingSigma);
    else if (name === 'magnitude-warp') out = magnitudeWarp(out, rng, options.magnitudeSigma, options.knots);
    else if (name === 'time-warp') out = timeWarp(out, rng, options.timeWarpSigma, options.knots);
    else if (name === 'window-slice') out = windowSlice(out, rng, options.sliceRatio);
    else throw new OptionError(`unknown augmentation '${String(name)}' (allowed: ${AUGMENTATION_NAMES.join(', ')})`);
  }
  return out;
}

/** Rewrites every (row, channel) series through `transform`, which reads step t, writes step t, or reads at a fractional time. */
function mapChannels(
  batch: SeriesValues,
  transform: (read: (t: number) => number, write: (t: number, value: number) => void, length: number, source: (position: number) => number) => void,
): SeriesValues {
  const [rows, length, channels] = batch.shape;
  const values = new Float32Array(batch.values.length);
  for (let row = 0; row < rows; row++) {
    for (let c = 0; c < channels; c++) {
      const offset = row * length * channels + c;
      transform(
        (t) => batch.values[offset + t * channels]!,
        (t, value) => (values[offset + t * channels] = value),
        length,
        (position) => interpolateAt(batch.values, offset, channels, length, position),
      );
    }
  }
  return { values, shape: batch.shape };
}

function checkKnots(knots: number): void {
  if (!Number.isInteger(knots) || knots < 0) throw new OptionError(`knots must be an integer >= 0, got ${knots}`);
}

