/** How every estimator's fit reports progress, is stopped and keeps checkpoints: one way for all. */
import type { EpochLog } from '../../nn/training/epoch-log.js';

/** What a training epoch leaves in a run's history (the report's training curves); the trainer writes it. */
export type { EpochLog };

/** One unit of work done: a k-means restart, an EM iteration, a training epoch. */
export interface ProgressEvent {
  /** What is counted, for display: 'k-means run', 'epoch', 'teacher epoch', ... */
  readonly stage: string;
  /** 1-based count within the stage. */
  readonly step: number;
  readonly total: number;
  /** Seconds since fit started. */
  readonly seconds: number;
  /** Training losses of this step (the report's curves). */
  readonly losses?: Readonly<Record<string, number>>;
  /** Anything else worth showing: inertia, lower bound, learning rate, diagnostics. */
  readonly metrics?: Readonly<Record<string, number>>;
}

export type ProgressCallback = (event: ProgressEvent) => void;

export interface FitOptions {
  /** Called after every unit of work. */
  onProgress?: ProgressCallback;
  /**
   * Stops fitting after the current step: trained methods keep what they learnt so far and still
   * finish (a fitted model comes back), methods without training ignore it.
   */
  signal?: AbortSignal;
  /**
   * Folder for resumable checkpoints of methods that train; a rerun with the same settings and
   * data resumes from it. Ignored by methods without training.
   */
  checkpointDir?: string;
  /** Epochs between checkpoints in `checkpointDir` (default: the method's; one is also written at the end and when stopped). */
  checkpointEvery?: number;
  /**
   * Diagnostics the caller computes during training (for example RI/NMI on held-out series), put in
   * the epoch's progress metrics; never used by the method. Called every `evaluateEvery` epochs
   * (default 1) and after the last, by methods that train in epochs.
   */
  evaluate?: (epoch: number) => Promise<Record<string, number>>;
  evaluateEvery?: number;
}

/** The trainer's diagnostics of a fit: its `evaluate` every `evaluateEvery` epochs and after the last of `epochs`. */
export function epochMetrics(fit: FitOptions, epochs: number): ((epoch: number) => Promise<Record<string, number>> | undefined) | undefined {
  const { evaluate } = fit;
  const every = fit.evaluateEvery ?? 1;
  return evaluate && ((epoch) => (epoch % every === 0 || epoch === epochs ? evaluate(epoch) : undefined));
}

/** The progress event of a finished epoch. */
export function epochEvent(stage: string, log: EpochLog): ProgressEvent {
  return { stage, step: log.epoch, total: log.epochs, seconds: log.seconds, losses: log.losses, ...(log.metrics ? { metrics: log.metrics } : {}) };
}

/** Back from an epoch's progress event to its history entry. */
export function epochLog(event: ProgressEvent): EpochLog {
  return { epoch: event.step, epochs: event.total, losses: event.losses ?? {}, seconds: event.seconds, ...(event.metrics ? { metrics: event.metrics } : {}) };
}
