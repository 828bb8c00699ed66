/**
 * The one training loop of Tempora's networks (DTCR, the ResNet family, the deep clusterers):
 * epochs of optimisation steps with the fused Adam, each epoch drawing from a generator derived
 * from (seed, purpose, epoch) alone, a log after each epoch, a stop after the current step when the AbortSignal fires,
 * an optional schedule on the epoch loss, an optional convergence test, and crash-safe checkpoints
 * from which a killed run resumes to exactly the result of an uninterrupted one.
 */
import { OptionError, TrainingDivergedError } from '../../core/errors.js';
import type { SavedWeights } from '../../core/model-files.js';
import { deriveSeed, Random } from '../../core/random.js';
import { Adam } from '../adam.js';
import type { Parameters } from '../parameters.js';
import { readCheckpoint, writeCheckpoint } from './checkpoint.js';
import type { EpochLog } from './epoch-log.js';

/** What a model gives the trainer. */
export interface Trainable {
  readonly params: Parameters;
  readonly optimizer: Adam;
  /**
   * Starts epoch `epoch` (1-based) with its generator, the epoch's only source of randomness
   * (batch order, noise, fresh samples); returns the epoch's batches of row indices.
   */
  beginEpoch(epoch: number, random: Random): Int32Array[];
  /** One optimisation step on the given rows; returns each loss component on them. */
  step(rows: Int32Array): Record<string, number>;
  /** What a resumed run needs beyond the weights and the optimiser (default: nothing). */
  saveState?(): ModelState;
  restoreState?(state: ModelState): void;
  /**
   * The trainable parameters the optimiser updates, in the order it is given them, each with a
   * gradient in every step (default: every trainable parameter). All parameters are saved either way.
   */
  readonly optimized?: readonly string[];
  /**
   * Checked after each epoch but the last: true ends training there, finished (DEC's tolerance on
   * changed assignments). The checkpoint then written says so, and a resume from it trains no further.
   */
  converged?(): boolean;
}

/** A model's own training state: JSON, and float32 arrays by name. */
export interface ModelState {
  json: unknown;
  arrays: SavedWeights[];
}

/** A learning-rate schedule driven by one of the epoch's losses (the ResNet family's plateau schedule). */
export interface LossSchedule<State = unknown> {
  /** The name of the loss it watches. */
  readonly monitor: string;
  step(loss: number): unknown;
  snapshot(): State;
  restore(state: State): void;
}

export interface CheckpointOptions {
  dir: string;
  /** Epochs between checkpoints; one is also written after the last epoch and when stopped between epochs. */
  every: number;
  /** The run's data and settings (see fingerprint.ts), without the epoch budget so that it may grow. */
  fingerprint: string;
}

export interface TrainingOptions {
  epochs: number;
  /** Epoch e draws from `epochRandom(seed, purpose, e)`. */
  seed: number;
  /** Keeps the epoch streams of different uses of one seed apart. */
  purpose: number;
  /** Stops training after the current step; an epoch left unfinished does not count. */
  signal?: AbortSignal;
  /** Called after every epoch. */
  onEpoch?: (log: EpochLog) => void;
  /** Diagnostics for the epoch's log, computed after its steps and before the schedule. */
  metrics?: (epoch: number) => Record<string, number> | undefined | Promise<Record<string, number> | undefined>;
  schedule?: LossSchedule;
  /** Resume from and write checkpoints in a folder (default: none). */
  checkpoint?: CheckpointOptions;
}

export interface TrainingOutcome {
  /** Epochs completed, those of a resumed checkpoint included. */
  epochs: number;
  /** Whether the signal ended training before its last epoch. */
  stopped: boolean;
  /** Present when the model's convergence test ended training before its last epoch. */
  converged?: true;
}

/** The loop's own state in a checkpoint. */
interface LoopState {
  learningRate: number;
  schedule: unknown;
  model: unknown;
  /** Present when the convergence test ended the run at this checkpoint. */
  converged?: true;
}

const MODEL_PREFIX = 'model/';

/** The generator of one epoch: a function of its arguments alone, so there is no generator state to save. */
export function epochRandom(seed: number, purpose: number, epoch: number): Random {
  return new Random(deriveSeed(seed, purpose, epoch));
}

export async function train(model: Trainable, options: TrainingOptions): Promise<TrainingOutcome> {
  if (!Number.isInteger(options.epochs) || options.epochs < 0) throw new OptionError(`epochs must be an integer >= 0, got ${options.epochs}`);
  const checkpoint = options.checkpoint;
  if (checkpoint && (!Number.isInteger(checkpoint.every) || checkpoint.every < 1)) {
    throw new OptionError(`checkpointEvery must be a positive integer, got ${checkpoint.every}`);
  }
  const resumed = checkpoint ? await resume(model, checkpoint, options.schedule) : { epoch: 0, converged: false };
  let epoch = resumed.epoch;
  if (resumed.converged) return { epochs: epoch, stopped: false, converged: true };
  const started = Date.now();
  while (epoch < options.epochs) {
    const batches = model.beginEpoch(epoch + 1, epochRandom(options.seed, options.purpose, epoch + 1));
    const sums: Record<string, number> = {};
    let rows = 0;
    for (let i = 0; i < batches.length; i++) {
      const batch = batches[i]!;
      for (const [name, value] of Object.entries(model.step(batch))) sums[name] = (sums[name] ?? 0) + value * batch.length;
      rows += batch.length;
      // Let timers and signal handlers (Ctrl-C) run between steps.
      await new Promise((resolve) => setImmediate(resolve));
      if (options.signal?.aborted && i < batches.length - 1) return { epochs: epoch, stopped: true };
    }
    epoch += 1;
    const losses = Object.fromEntries(Object.entries(sums).map(([name, sum]) => [name, sum / Math.max(rows, 1)]));
    checkFinite(losses, epoch);
    const metrics = await options.metrics?.(epoch);
    const log: EpochLog = { epoch, epochs: options.epochs, losses, seconds: (Date.now() - started) / 1000, ...(metrics ? { metrics } : {}) };
    if (options.schedule) options.schedule.step(monitored(options.schedule, losses));
    options.onEpoch?.(log);
    const converged = epoch < options.epochs && model.converged?.() === true;
    const stop = !converged && options.signal?.aborted === true && epoch < options.epochs;
    if (checkpoint && (epoch % checkpoint.every === 0 || epoch === options.epochs || stop || converged)) await save(model, checkpoint, options.schedule, epoch, converged);
    if (converged) return { epochs: epoch, stopped: false, converged: true };
    if (stop) return { epochs: epoch, stopped: true };
  }
  return { epochs: epoch, stopped: false };
}

/** Stops a run whose loss is no longer a number, before it writes a checkpoint of useless weights. */
function checkFinite(losses: Record<string, number>, epoch: number): void {
  const bad = Object.entries(losses).filter(([, value]) => !Number.isFinite(value));
  if (bad.length > 0) {
    throw new TrainingDivergedError(`training diverged at epoch ${epoch} (${bad.map(([name, value]) => `${name} = ${value}`).join(', ')}): a lower learning rate (--lr) may help`);
  }
}

function monitored(schedule: LossSchedule, losses: Record<string, number>): number {
  const loss = losses[schedule.monitor];
  if (loss === undefined) throw new OptionError(`the schedule watches the loss "${schedule.monitor}", which training does not report (it has ${Object.keys(losses).join(', ')})`);
  return loss;
}

/** The parameters the optimiser updates, in the order it is given them. */
function optimizedNames(model: Trainable): readonly string[] {
  return model.optimized ?? model.params.names().filter((name) => model.params.get(name).trainable);
}

async function save(model: Trainable, checkpoint: CheckpointOptions, schedule: LossSchedule | undefined, epoch: number, converged: boolean): Promise<void> {
  const own = model.saveState?.() ?? { json: null, arrays: [] };
  const state: LoopState = { learningRate: model.optimizer.rate, schedule: schedule?.snapshot() ?? null, model: own.json, ...(converged ? { converged: true as const } : {}) };
  const weights = [
    ...model.params.snapshot(),
    ...(await model.optimizer.stateSnapshot(optimizedNames(model))),
    ...own.arrays.map((a) => ({ ...a, name: MODEL_PREFIX + a.name })),
  ];
  await writeCheckpoint(checkpoint.dir, { epoch, fingerprint: checkpoint.fingerprint, state, weights });
}

/** Restores the checkpoint in the folder, if any; returns the epochs it had completed (0 without one) and whether it had converged. */
async function resume(model: Trainable, checkpoint: CheckpointOptions, schedule: LossSchedule | undefined): Promise<{ epoch: number; converged: boolean }> {
  const saved = readCheckpoint<LoopState>(checkpoint.dir);
  if (!saved) return { epoch: 0, converged: false };
  if (saved.fingerprint !== checkpoint.fingerprint) {
    throw new OptionError(`the checkpoint in ${checkpoint.dir} was written for other data or options; remove it or choose another checkpoint folder`);
  }
  const own = (name: string): boolean => name.startsWith(MODEL_PREFIX);
  model.params.restore(saved.weights.filter((w) => !own(w.name) && !Adam.isStateEntry(w.name)));
  await model.optimizer.restoreState(saved.weights.filter((w) => Adam.isStateEntry(w.name)), optimizedNames(model));
  model.optimizer.setRate(saved.state.learningRate);
  if (schedule && saved.state.schedule !== null) schedule.restore(saved.state.schedule);
  const arrays = saved.weights.filter((w) => own(w.name)).map((w) => ({ ...w, name: w.name.slice(MODEL_PREFIX.length) }));
  model.restoreState?.({ json: saved.state.model, arrays });
  return { epoch: saved.epoch, converged: saved.state.converged === true };
}
