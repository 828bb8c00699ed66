/** k-means on the raw TEST series (the DTCR paper's k-means baseline). */
import { OptionError } from '../../core/errors.js';
import { toSeriesMatrix } from '../../data/series-matrix.js';
import { KMeans } from '../../models/kmeans.js';
import { Progress } from '../progress.js';
import type { ClusterMethod } from './method.js';

export const KMEANS_METHOD: ClusterMethod = {
  name: 'kmeans',
  description: 'k-means (k-means++ seeding, restarts keeping the lowest inertia) on the raw TEST series',
  options: [{ flags: '--n-init <n>', description: 'k-means restarts (kmeans)', defaultValue: '10' }],
  async run({ dataset, k, seed, options, quiet }) {
    const nInit = parseCount('--n-init', options['nInit'] ?? '10');
    const x = toSeriesMatrix(dataset.test);
    const progress = new Progress({ label: 'k-means run', total: nInit, quiet });
    const model = new KMeans({
      k,
      nInit,
      seed,
      onProgress: (p) => progress.update(p.run, `inertia ${p.inertia.toPrecision(6)}`),
    });
    const labels = model.fitPredict(x);
    progress.stop();
    return {
      labels,
      representation: Array.from({ length: x.rows }, (_, i) => x.data.subarray(i * x.length, (i + 1) * x.length)),
      representationName: 'the raw TEST series',
      settings: { nInit, maxIter: model.maxIter, tol: model.tol, init: model.init, inertia: model.inertia },
    };
  },
};

function parseCount(flag: string, value: unknown): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new OptionError(`${flag} must be an integer >= 1, got '${String(value)}'`);
  return n;
}
