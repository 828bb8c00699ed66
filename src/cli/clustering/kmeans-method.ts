/** k-means on the raw TEST series (the DTCR paper's k-means baseline). */
import { kmeansOnTest, PROTOCOL_N_INIT } from '../../experiments/clustering-protocol.js';
import { parseInteger } from '../parse-options.js';
import { Progress } from '../progress.js';
import type { ClusterMethod } from './method.js';

export const KMEANS_METHOD: ClusterMethod = {
  name: 'kmeans',
  description: 'k-means (k-means++ seeding, restarts keeping the lowest inertia) on the raw TEST series',
  options: [{ flags: '--n-init <n>', description: 'k-means restarts (kmeans)', defaultValue: String(PROTOCOL_N_INIT) }],
  async run({ dataset, k, seed, options, quiet }) {
    const nInit = parseInteger('--n-init', options['nInit'] ?? PROTOCOL_N_INIT, 1);
    const progress = new Progress({ label: 'k-means run', total: nInit, quiet });
    try {
      return kmeansOnTest(dataset, { k, seed, nInit, onProgress: (p) => progress.update(p.run, `inertia ${p.inertia.toPrecision(6)}`) });
    } finally {
      progress.stop();
    }
  },
};
