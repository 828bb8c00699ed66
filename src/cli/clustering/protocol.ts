/**
 * The DTCR paper's clustering protocol (../shared/papers/NOTES.md): cluster the TEST series into
 * K groups (K = number of classes unless given) and score them against the TEST labels.
 */
import { OptionError } from '../../core/errors.js';
import type { Dataset } from '../../data/types.js';
import { clusteringScores, type ClusteringScores } from '../../evaluation/clustering-scores.js';
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
  const k = settings.k ?? dataset.classNames.length;
  const rows = dataset.test.labels.length;
  if (!Number.isInteger(k) || k < 1 || k > rows) {
    throw new OptionError(`--k must be an integer between 1 and the ${rows} TEST series, got ${k}`);
  }
  const started = Date.now();
  const run = await method.run({ dataset, k, seed: settings.seed, options: settings.options, quiet: settings.quiet });
  const seconds = (Date.now() - started) / 1000;
  // Unlabelled TEST rows are clustered but cannot be scored.
  const labelled = [...dataset.test.labels.keys()].filter((i) => dataset.test.labels[i]! >= 0);
  const scores = clusteringScores(
    labelled.map((i) => dataset.test.labels[i]!),
    labelled.map((i) => run.labels[i]!),
  );
  const result = {
    dataset: dataset.name,
    method: method.name,
    ...scores,
    settings: { k, seed: settings.seed, split: 'test', rows, scored: labelled.length, ...run.settings, seconds },
  };
  return { result, run };
}
