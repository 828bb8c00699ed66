/**
 * Reduce the learning rate when the training loss stops improving, as Keras's ReduceLROnPlateau
 * (monitor 'loss', mode 'min') with which the reference ResNet and Cluster Distillation were
 * trained. One reusable callback for every Tempora training loop.
 */
import { OptionError } from '../../core/errors.js';
import type { EpochLog } from '../base/fit-options.js';

export interface PlateauOptions {
  /** Multiply the rate by this after a plateau (default 0.5). */
  factor?: number;
  /** Epochs without improvement before reducing (default 50). */
  patience?: number;
  /** The rate never goes below this (default 1e-4). */
  minimum?: number;
  /** Epochs after a reduction during which no plateau is counted (default 0). */
  cooldown?: number;
  /** An improvement must lower the best loss by more than this (default 1e-4, Keras's min_delta). */
  minDelta?: number;
  /** Which entry of EpochLog.losses to watch (default 'loss'). */
  monitor?: string;
}

/** What the schedule adjusts: an optimiser with a changeable rate. */
export interface RateControl {
  readonly rate: number;
  setRate(rate: number): void;
}

/** The schedule's counters, saved with checkpoints so that a resumed run continues it exactly. */
export interface PlateauState {
  best: number | null;
  wait: number;
  cooldownLeft: number;
}

export const PLATEAU_DEFAULTS = { factor: 0.5, patience: 50, minimum: 1e-4, cooldown: 0, minDelta: 1e-4, monitor: 'loss' } as const;

export class PlateauSchedule {
  readonly factor: number;
  readonly patience: number;
  readonly minimum: number;
  readonly cooldown: number;
  readonly minDelta: number;
  readonly monitor: string;
  private state: PlateauState = { best: null, wait: 0, cooldownLeft: 0 };

  constructor(
    private readonly control: RateControl,
    options: PlateauOptions = {},
  ) {
    this.factor = options.factor ?? PLATEAU_DEFAULTS.factor;
    this.patience = options.patience ?? PLATEAU_DEFAULTS.patience;
    this.minimum = options.minimum ?? PLATEAU_DEFAULTS.minimum;
    this.cooldown = options.cooldown ?? PLATEAU_DEFAULTS.cooldown;
    this.minDelta = options.minDelta ?? PLATEAU_DEFAULTS.minDelta;
    this.monitor = options.monitor ?? PLATEAU_DEFAULTS.monitor;
    if (!(this.factor > 0 && this.factor < 1)) throw new OptionError(`plateau factor must be in (0, 1), got ${this.factor}`);
    if (!Number.isInteger(this.patience) || this.patience < 1) throw new OptionError(`plateau patience must be a positive integer, got ${this.patience}`);
    if (!(this.minimum >= 0)) throw new OptionError(`plateau minimum must be >= 0, got ${this.minimum}`);
    if (!Number.isInteger(this.cooldown) || this.cooldown < 0) throw new OptionError(`plateau cooldown must be an integer >= 0, got ${this.cooldown}`);
    if (!(this.minDelta >= 0)) throw new OptionError(`plateau minDelta must be >= 0, got ${this.minDelta}`);
  }

  /** Takes one epoch's loss; returns the new rate when it was reduced, else null. */
  step(loss: number): number | null {
    const s = this.state;
    if (s.cooldownLeft > 0) {
      s.cooldownLeft -= 1;
      s.wait = 0;
    }
    if (s.best === null || loss < s.best - this.minDelta) {
      s.best = loss;
      s.wait = 0;
      return null;
    }
    if (s.cooldownLeft > 0) return null;
    s.wait += 1;
    if (s.wait < this.patience) return null;
    s.wait = 0;
    const old = this.control.rate;
    // Keras keeps rates in float32: compare there, so a rate at the minimum is not reduced again.
    if (!(Math.fround(old) > Math.fround(this.minimum))) return null;
    const next = Math.max(old * this.factor, this.minimum);
    this.control.setRate(next);
    s.cooldownLeft = this.cooldown;
    return next;
  }

  /** As an epoch callback reading `losses[monitor]`. */
  callback(): (log: EpochLog) => void {
    return (log: EpochLog) => {
      const loss = log.losses[this.monitor];
      if (loss === undefined) throw new OptionError(`plateau schedule: the epoch log has no "${this.monitor}" loss`);
      this.step(loss);
    };
  }

  snapshot(): PlateauState {
    return { ...this.state };
  }

  restore(state: PlateauState): void {
    this.state = { ...state };
  }
}
