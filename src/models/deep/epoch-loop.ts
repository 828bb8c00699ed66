/**
 * The training loop of the deep clusterers in this folder: seeded mini-batches per epoch, losses
 * averaged over each epoch, progress events, the caller's evaluation, and a stop signal honoured
 * between steps. Kept minimal so it can move onto Tempora's shared trainer.
 */
import { deriveSeed, Random } from '../../core/random.js';
import { miniBatches } from '../../nn/mini-batches.js';
import { epochEvent, type FitOptions } from '../base/fit-options.js';

export interface EpochLoop {
  /** What an epoch is called in progress events ('pretraining epoch', 'epoch', ...). */
  readonly stage: string;
  readonly epochs: number;
  /** Training rows, cut into batches of batchSize (the last one smaller). */
  readonly rows: number;
  readonly batchSize: number;
  /** Each epoch's batch order comes from deriveSeed(seed, purpose, epoch). */
  readonly seed: number;
  readonly purpose: number;
  /** One optimisation step on these training rows; returns each loss. */
  step(rows: Int32Array): Record<string, number>;
  /** Checked after every epoch: true ends training there (DEC's tolerance on changed assignments). */
  converged?(): boolean;
}

export interface LoopOutcome {
  /** Epochs completed. */
  readonly epochs: number;
  /** Whether the signal stopped training before the last epoch. */
  readonly stopped: boolean;
  /** Whether the loop's convergence test ended it before the last epoch. */
  readonly converged: boolean;
}

export async function runEpochs(loop: EpochLoop, fit: FitOptions, started = Date.now()): Promise<LoopOutcome> {
  const evaluateEvery = fit.evaluateEvery ?? 1;
  for (let epoch = 1; epoch <= loop.epochs; epoch++) {
    const sums: Record<string, number> = {};
    const batches = miniBatches(loop.rows, Math.min(loop.batchSize, loop.rows), new Random(deriveSeed(loop.seed, loop.purpose, epoch)));
    for (const rows of batches) {
      for (const [name, value] of Object.entries(loop.step(rows))) sums[name] = (sums[name] ?? 0) + value * rows.length;
      // Let timers and signal handlers (Ctrl-C) run between steps.
      await new Promise((resolve) => setImmediate(resolve));
      if (fit.signal?.aborted) return { epochs: epoch - 1, stopped: true, converged: false };
    }
    const losses = Object.fromEntries(Object.entries(sums).map(([name, sum]) => [name, sum / loop.rows]));
    const metrics = fit.evaluate && (epoch % evaluateEvery === 0 || epoch === loop.epochs) ? await fit.evaluate(epoch) : undefined;
    fit.onProgress?.(epochEvent(loop.stage, { epoch, epochs: loop.epochs, losses, seconds: (Date.now() - started) / 1000, ...(metrics ? { metrics } : {}) }));
    if (epoch < loop.epochs && loop.converged?.()) return { epochs: epoch, stopped: false, converged: true };
  }
  return { epochs: loop.epochs, stopped: false, converged: false };
}
