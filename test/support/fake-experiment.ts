/** A tiny experiment for the reproduce tests: scores come from the spec; "Crash" kills its worker once. */
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
    const score = (spec.method === 'good' ? 0.9 : 0.6) + 0.01 * spec.seed;
    return { metrics: { score }, artifact: { history: [{ epoch: 1, epochs: 1, losses: { total: 1 - score }, seconds: 0 }] } };
  },
};
