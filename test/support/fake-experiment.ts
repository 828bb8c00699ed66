/**
 * A tiny experiment for the reproduce tests: scores come from the spec; "Crash" kills its worker
 * once; "Hang" (method good, seed 0) writes its worker's parent's pid and hangs once (for a test to kill that worker
 * mid-run); "Bad" always throws.
 */
import { existsSync, writeFileSync } from 'node:fs';
import type { Experiment } from '../../src/experiments/experiment.js';

export const FAKE: Experiment = {
  name: 'fake',
  title: 'Fake paper',
  methods: ['good', 'bad'],
  reference: 'good',
  metrics: ['score'],
  describeBudget: (budget) => `${budget}: nothing to train`,
  availableDatasets: () => ['A', 'B'],
  plan: (datasets, seeds, budget) =>
    datasets.flatMap((dataset) => ['good', 'bad'].flatMap((method) => Array.from({ length: seeds }, (_, seed) => ({ dataset, method, seed, settings: { budget } })))),
  paperValue: (dataset, method) => (dataset === 'A' && method === 'good' ? 0.99 : undefined),
  async run(spec) {
    const marker = process.env['FAKE_CRASH_MARKER'];
    if (spec.dataset === 'Crash' && marker && !existsSync(marker)) {
      writeFileSync(marker, 'crashed once');
      process.exit(9);
    }
    const hangMarker = process.env['FAKE_HANG_MARKER'];
    if (spec.dataset === 'Hang' && spec.method === 'good' && spec.seed === 0 && hangMarker && !existsSync(hangMarker)) {
      writeFileSync(hangMarker, String(process.ppid));
      await new Promise((resolve) => setTimeout(resolve, 600_000));
    }
    if (spec.dataset === 'Bad') throw new Error(`bad data in ${spec.dataset}`);
    const score = (spec.method === 'good' ? 0.9 : 0.6) + 0.01 * spec.seed;
    return { metrics: { score }, artifact: { history: [{ epoch: 1, epochs: 1, losses: { total: 1 - score }, seconds: 0 }] } };
  },
};
