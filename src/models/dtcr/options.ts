/**
 * DTCR's options, their defaults, the 'paper' and 'code' presets, and the checks that give a clear
 * OptionError before any training starts.
 */
import { OptionError } from '../../core/errors.js';
import { FINAL_CLUSTERING_DEFAULTS } from '../base/representation-clusterer.js';
import { checkChoice, checkInteger, checkNumber } from '../base/check-options.js';

/** Which loss the robustness run keeps beside the disrupted k-means term (paper, Section 4.3.3). */
export type RobustnessKeep = 'reconstruction' | 'classification';

/**
 * The paper's robustness analysis: from epoch `fromEpoch` (1-based) for `epochs` epochs, F is
 * replaced by its rows shuffled (a wrong cluster indicator), is not refreshed, and only `keep`
 * stays beside the k-means term; afterwards every loss is back and F is refreshed again.
 */
export interface RobustnessRun {
  fromEpoch: number;
  epochs: number;
  keep: RobustnessKeep;
}

export const ENCODER_STACKS = ['separate', 'joined'] as const;
export const FAKE_DRAWS = ['once', 'every-epoch'] as const;

export interface DtcrOptions {
  /** Number of clusters K (required, 2 <= K <= number of training series). */
  nClusters: number;
  /** Encoder units per layer, each direction. Default [100, 50, 50] (paper and code). */
  units: number[];
  /** Dilation per encoder layer. Default [1, 4, 16] (paper; the code uses [1, 2, 4]). */
  dilations: number[];
  /**
   * How the encoder's layers stack: 'separate' (the authors' code: each direction's layer l reads
   * that direction's layer l-1) or 'joined' (layer l > 1 of both directions reads both directions'
   * outputs of layer l-1). Default 'separate' (README, DTCR: how the defaults were chosen).
   */
  encoderStacks: (typeof ENCODER_STACKS)[number];
  /**
   * Initial input bias of every GRU's reset and update gates: 1 in TensorFlow 1's GRUCell (the
   * authors' code), 0 in Keras and PyTorch. Default 1.
   */
  gateBias: number;
  /**
   * Adam learning rate. Default 1e-3: between the paper's 5e-3 and the code's 1e-4, chosen by TRAIN-split
   * RI on SonyAIBORobotSurface1 and 2 at 50 epochs (README, DTCR).
   */
  learningRate: number;
  /** Weight of the k-means term, lambda/2 * [Tr(HᵀH) - Tr(FᵀHᵀHF)]. Default 0.1 (the code's on Coffee; measured as above). */
  lambda: number;
  /** Training epochs (passes over the training series). Default 300 (the code's). */
  epochs: number;
  /**
   * Real series per optimisation step; each step also sees their fakes (2x rows). Default null:
   * all N, so one step per epoch with 2N rows, as in the paper.
   */
  batchSize: number | null;
  /** Fraction of time steps shuffled in a fake series: int(alpha*T) positions. Default 0.2. */
  alpha: number;
  /**
   * When fakes are drawn: 'once' before training (paper, Algorithm 1) or anew every epoch (the
   * authors' code draws them for every batch). Default 'every-epoch'.
   */
  fakes: (typeof FAKE_DRAWS)[number];
  /** Standard deviation of the Gaussian noise added to real and fake inputs while training. Default 0.1. */
  noise: number;
  /** Coefficient of the L2 penalty, weightDecay * sum(w²)/2 over all weights (tf.nn.l2_loss). Default 1e-4. */
  weightDecay: number;
  /** F is refreshed after every this many optimisation steps, never at step 0. Default 10. */
  indicatorUpdateEvery: number;
  /** Decoder step 1 input: the (noisy) first input value (code) or zero. Default 'first-value'. */
  decoderStart: 'first-value' | 'zero';
  /** Units of the real/fake head's hidden layer. Default 128. */
  headUnits: number;
  /** Ablation switch: train with the k-means term. Default true. */
  kmeansLoss: boolean;
  /**
   * Epochs trained without the k-means term before it starts; F is then computed from the
   * representations of that moment instead of the random orthogonal start. Neither the paper nor
   * the code has one (default 0: the term from the first step). README, DTCR.
   */
  kmeansWarmup: number;
  /** Ablation switch: train with the real/fake classifier (and fakes). Default true. */
  classifier: boolean;
  /** The paper's robustness run (shuffled F for a number of epochs). Default null (off). */
  robustness: RobustnessRun | null;
  /** k-means restarts on the learned representation after training. Default 10. */
  kmeansRestarts: number;
  /** UMAP on the representation before the final k-means (not the paper's; Lafabregue et al.'s final step). Default false. */
  umap: boolean;
  /** Seed of every random choice (weights, fakes, noise, batches, k-means). Default 0. */
  seed: number;
}

export const DTCR_DEFAULTS: Omit<DtcrOptions, 'nClusters'> = {
  units: [100, 50, 50],
  dilations: [1, 4, 16],
  encoderStacks: 'separate',
  gateBias: 1,
  learningRate: 1e-3,
  lambda: 0.1,
  epochs: 300,
  batchSize: null,
  alpha: 0.2,
  fakes: 'every-epoch',
  noise: 0.1,
  weightDecay: 1e-4,
  indicatorUpdateEvery: 10,
  decoderStart: 'first-value',
  headUnits: 128,
  kmeansLoss: true,
  kmeansWarmup: 0,
  classifier: true,
  robustness: null,
  ...FINAL_CLUSTERING_DEFAULTS,
};

export const DTCR_PRESET_NAMES = ['paper', 'code'] as const;
export type DtcrPresetName = (typeof DTCR_PRESET_NAMES)[number];

/**
 * 'paper': Section 4 of the paper (lr 5e-3, dilations 1,4,16, lambda 1 from its grid, fakes drawn
 * once as in Algorithm 1).
 * 'code': the authors' public code (train_model.py: lr 1e-4, dilations 1,2,4, lambda 0.1, 300
 * epochs, batches of 10 real series, separate encoder stacks, gate bias 1 as TensorFlow 1's
 * GRUCell, fakes drawn anew for every batch).
 */
export const DTCR_PRESETS: Record<DtcrPresetName, Partial<DtcrOptions>> = {
  paper: { learningRate: 5e-3, dilations: [1, 4, 16], units: [100, 50, 50], lambda: 1, fakes: 'once' },
  code: {
    learningRate: 1e-4, dilations: [1, 2, 4], units: [100, 50, 50], lambda: 0.1, epochs: 300, batchSize: 10, encoderStacks: 'separate',
    gateBias: 1, fakes: 'every-epoch',
  },
};

export function parsePreset(name: string): DtcrPresetName {
  if ((DTCR_PRESET_NAMES as readonly string[]).includes(name)) return name as DtcrPresetName;
  throw new OptionError(`unknown DTCR preset "${name}": choose one of ${DTCR_PRESET_NAMES.join(', ')}`);
}

/** Defaults, then the preset (if any), then the given options. */
export function resolveOptions(given: Partial<DtcrOptions> & { nClusters: number }, preset?: DtcrPresetName): DtcrOptions {
  const merged: DtcrOptions = { ...DTCR_DEFAULTS, ...(preset ? DTCR_PRESETS[preset] : {}), ...stripUndefined(given) } as DtcrOptions;
  checkOptions(merged);
  return merged;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Checks that need no data. */
export function checkOptions(o: DtcrOptions): void {
  checkInteger('nClusters', o.nClusters, 2);
  if (!Array.isArray(o.units) || o.units.length === 0) throw new OptionError(`units must list at least one layer size, got ${String(o.units)}`);
  o.units.forEach((u, i) => checkInteger(`units[${i}]`, u, 1));
  if (!Array.isArray(o.dilations) || o.dilations.length !== o.units.length) {
    throw new OptionError(`dilations must give one value per layer (${o.units.length} layers from units), got [${String(o.dilations)}]`);
  }
  o.dilations.forEach((d, i) => checkInteger(`dilations[${i}]`, d, 1));
  checkChoice('encoderStacks', o.encoderStacks, ENCODER_STACKS);
  checkNumber('gateBias', o.gateBias, -Infinity);
  checkNumber('learningRate', o.learningRate, 0, true);
  checkNumber('lambda', o.lambda, 0);
  checkInteger('epochs', o.epochs, 1);
  if (o.batchSize !== null) checkInteger('batchSize', o.batchSize, 1);
  if (!(o.alpha > 0 && o.alpha <= 1)) throw new OptionError(`alpha must be in (0, 1], got ${o.alpha}`);
  checkChoice('fakes', o.fakes, FAKE_DRAWS);
  checkNumber('noise', o.noise, 0);
  checkNumber('weightDecay', o.weightDecay, 0);
  checkInteger('indicatorUpdateEvery', o.indicatorUpdateEvery, 1);
  checkChoice('decoderStart', o.decoderStart, ['first-value', 'zero']);
  checkInteger('headUnits', o.headUnits, 1);
  checkInteger('kmeansWarmup', o.kmeansWarmup, 0);
  if (o.kmeansLoss && o.kmeansWarmup >= o.epochs) {
    throw new OptionError(`kmeansWarmup (${o.kmeansWarmup}) leaves no epoch for the k-means term: it must be below epochs (${o.epochs})`);
  }
  checkInteger('kmeansRestarts', o.kmeansRestarts, 1);
  if (typeof o.umap !== 'boolean') throw new OptionError(`umap must be true or false, got ${String(o.umap)}`);
  checkInteger('seed', o.seed, 0);
  if (o.robustness !== null) {
    const r = o.robustness;
    checkInteger('robustness.fromEpoch', r.fromEpoch, 1);
    checkInteger('robustness.epochs', r.epochs, 1);
    checkChoice('robustness.keep', r.keep, ['reconstruction', 'classification']);
    if (r.fromEpoch + r.epochs - 1 > o.epochs) {
      throw new OptionError(`robustness run (epochs ${r.fromEpoch}..${r.fromEpoch + r.epochs - 1}) ends after the last epoch ${o.epochs}`);
    }
  }
}

/** Checks against the training data: K <= N, univariate, long enough for the widest dilation. */
export function checkData(o: DtcrOptions, rows: number, length: number, channels: number): void {
  if (o.nClusters > rows) throw new OptionError(`nClusters (${o.nClusters}) must not exceed the number of training series (${rows})`);
  if (channels !== 1) throw new OptionError(`DTCR reconstructs univariate series; got ${channels} channels`);
  const widest = Math.max(...o.dilations);
  if (length < 2 * widest) {
    throw new OptionError(`series of length ${length} are too short for dilation ${widest}: need length >= ${2 * widest} so every dilated chain sees two steps (lower --dilations)`);
  }
  if (o.batchSize !== null && o.batchSize > rows) throw new OptionError(`batchSize (${o.batchSize}) exceeds the number of training series (${rows})`);
}
