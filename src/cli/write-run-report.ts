/** Writes the HTML report of one clustering run (`--report FILE`) and says where it is. */
import { resolve } from 'node:path';
import { writeFileAtomic } from '../core/atomic.js';
import type { Dataset } from '../data/types.js';
import { runReport } from '../report/run-report.js';
import type { ClusterRun } from './clustering/method.js';
import type { ProtocolResult } from './clustering/protocol.js';

export function writeRunReport(file: string, dataset: Dataset, result: ProtocolResult, run: ClusterRun, title: string): string {
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
