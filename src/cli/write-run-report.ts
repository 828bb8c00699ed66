/** One clustering run as the commands print it (--json) and its HTML report (`--report FILE`). */
import { resolve } from 'node:path';
import { writeFileAtomic } from '../core/atomic.js';
import type { Dataset } from '../data/types.js';
import type { ClusteringScores } from '../evaluation/metrics/clustering-scores.js';
import type { ClusteringOutcome } from '../experiments/clustering-protocol.js';
import { runReport } from '../report/run-report.js';

export interface ClusteringResult extends ClusteringScores {
  readonly dataset: string;
  readonly method: string;
  readonly settings: Readonly<Record<string, unknown>>;
}

export function clusteringResult(dataset: string, method: string, outcome: ClusteringOutcome, backend: string | null): ClusteringResult {
  const { ri, nmi, ari, acc } = outcome;
  const seconds = Math.round(outcome.seconds * 1000) / 1000;
  return { dataset, method, ri, nmi, ari, acc, settings: { ...outcome.settings, ...(backend !== null ? { backend } : {}), seconds } };
}

export function writeRunReport(file: string, dataset: Dataset, result: ClusteringResult, run: ClusteringOutcome, title: string): string {
  const path = resolve(file);
  const html = runReport({
    title,
    scores: { ri: result.ri, nmi: result.nmi, ari: result.ari, acc: result.acc },
    settings: { dataset: result.dataset, method: result.method, ...result.settings },
    representation: run.representation,
    representationName: run.representationName,
    truth: dataset.test.labels,
    predicted: run.labels,
    classNames: dataset.classNames,
    history: run.history,
    seed: Number(result.settings['seed'] ?? 0),
  });
  writeFileAtomic(path, html);
  return path;
}
