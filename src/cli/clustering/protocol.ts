/** Runs a method of `tempora cluster` under the DTCR paper's protocol and times it. */
import type { Dataset } from '../../data/types.js';
import type { ClusteringScores } from '../../evaluation/metrics/clustering-scores.js';
import { clusterCount, scoreTest } from '../../experiments/clustering-protocol.js';
import type { ClusterMethod, ClusterRun } from './method.js';

export interface ProtocolResult extends ClusteringScores {
  dataset: string;
  method: string;
  settings: Record<string, unknown>;
}

export async function runClusteringProtocol(
  dataset: Dataset,
  method: ClusterMethod,
  settings: { k?: number; seed: number; options: Record<string, unknown>; quiet: boolean },
): Promise<{ result: ProtocolResult; run: ClusterRun }> {
  const k = clusterCount(dataset, settings.k);
  const started = Date.now();
  const run = await method.run({ dataset, k, seed: settings.seed, options: settings.options, quiet: settings.quiet });
  const seconds = (Date.now() - started) / 1000;
  const { scored, ...scores } = scoreTest(dataset, run.labels);
  const result = {
    dataset: dataset.name,
    method: method.name,
    ...scores,
    settings: { k, seed: settings.seed, split: 'test', rows: dataset.test.labels.length, scored, ...run.settings, seconds },
  };
  return { result, run };
}
