/**
 * A fit's progress events on stderr: one bar per stage (k-means runs, epochs, a teacher's then a
 * student's epochs), with the losses or metrics of the last step; Ctrl-C stops training after the
 * current step (the fit still finishes with what was learnt), a second Ctrl-C exits at once.
 */
import type { FitOptions, ProgressEvent } from '../models/base/fit-options.js';
import { Progress } from './progress.js';

export interface FitProgress {
  /** Progress and the stop signal to hand to fit. */
  readonly fit: Pick<FitOptions, 'onProgress' | 'signal'>;
  stop(): void;
}

export function fitProgress(quiet: boolean): FitProgress {
  const controller = new AbortController();
  let bar: Progress | null = null;
  let stage = '';
  const onInterrupt = (): void => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write('\ntempora: stopping after this step (Ctrl-C again to quit now)\n');
    controller.abort();
  };
  process.on('SIGINT', onInterrupt);
  return {
    fit: {
      signal: controller.signal,
      onProgress: (event: ProgressEvent) => {
        if (event.stage !== stage) {
          bar?.stop();
          stage = event.stage;
          bar = new Progress({ label: event.stage, total: event.total, quiet });
        }
        bar!.update(event.step, describe(event));
      },
    },
    stop: () => {
      bar?.stop();
      process.off('SIGINT', onInterrupt);
    },
  };
}

function describe(event: ProgressEvent): string {
  const parts = Object.entries({ ...event.losses, ...event.metrics }).map(([name, value]) => `${name} ${Number.isInteger(value) ? value : value.toPrecision(4)}`);
  return parts.join(' ');
}
