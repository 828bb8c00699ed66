/**
 * `tempora cluster FILE`: every row of one file of series clustered, K given or chosen by a
 * label-free criterion (--k auto), one line per row in the file's order (row, cluster, distance or
 * probability) to --out or stdout; --save keeps the model for `tempora predict`, --report draws
 * the choice of K and the clusters. Labels in the file only score the result.
 */
import { resolve } from 'node:path';
import { writeFileAtomic } from '../../core/atomic.js';
import { OptionError } from '../../core/errors.js';
import { parseInteger } from '../../core/parse-options.js';
import type { ValidityCriterion } from '../../evaluation/validity/cluster-validity.js';
import { clusterSeries, DEFAULT_K_RANGE, parseKRange } from '../../experiments/own-series.js';
import { rowViews } from '../../models/base/matrix.js';
import type { ClusteringMethod, MethodValues } from '../../models/base/method-spec.js';
import { seriesReport } from '../../report/series-report.js';
import { startBackend } from '../backend-option.js';
import { fitProgress } from '../fit-progress.js';
import { writeAssignments } from '../assignment-lines.js';
import { readSeriesArgument, type SeriesFileFlags } from '../series-file-options.js';

/** The flags of `tempora cluster` that a FILE run reads (the dataset-only ones to refuse them). */
export interface ClusterFileFlags extends SeriesFileFlags {
  kRange?: string;
  criterion: string;
  out?: string;
  k?: string;
  json?: boolean;
  report?: string;
  save?: string;
  checkpoint?: string;
  evalEvery?: string;
  backend: string;
}

export async function clusterFile(file: string, method: ClusteringMethod, values: MethodValues, seed: number, opts: ClusterFileFlags): Promise<void> {
  const k = opts.k === undefined || opts.k === 'auto' ? 'auto' : parseInteger('--k', opts.k, 1);
  const givenRange = opts.kRange === undefined ? null : parseKRange(opts.kRange);
  if (opts.checkpoint !== undefined || opts.evalEvery !== undefined) throw new OptionError('--checkpoint and --eval-every belong to the dataset protocol, not to a FILE');
  const backend = method.usesTensors ? await startBackend(opts.backend) : null;
  const quiet = opts.json === true && !process.stderr.isTTY;
  const started = Date.now();
  const { split, input } = readSeriesArgument(file, opts, `the ${method.name} method`, { quiet });
  // The default range stops below the rows of a small file; a given one is checked as it is.
  const kRange = givenRange ?? [DEFAULT_K_RANGE[0], Math.max(DEFAULT_K_RANGE[0], Math.min(DEFAULT_K_RANGE[1], split.series.length - 1))];
  const progress = fitProgress(quiet);
  let run;
  try {
    run = await clusterSeries(split, input, {
      method,
      values,
      k,
      kRange,
      criterion: opts.criterion as ValidityCriterion,
      seed,
      fit: progress.fit,
      onK: ({ k: tried, value }) => {
        if (!quiet) process.stderr.write(`tempora: K=${tried} ${opts.criterion} ${value.toFixed(4)}\n`);
      },
    });
  } finally {
    progress.stop();
  }
  const { model, assignments } = run;
  try {
    const rows = split.series.length;
    const { nClusters: _k, seed: _seed, ...config } = model.getConfig() as unknown as Record<string, unknown>;
    const settings = {
      file,
      method: method.name,
      k: run.k,
      ...(run.curve ? { criterion: run.criterion, kRange: `${kRange[0]}..${kRange[1]}` } : {}),
      seed,
      rows,
      length: split.length,
      channels: split.channels,
      ...config,
      ...model.fitSummary(),
      ...(backend !== null ? { backend } : {}),
      seconds: Math.round((Date.now() - started) / 100) / 10,
    };
    const lines = writeAssignments(
      { column: 'cluster', values: assignments.clusters, ...(assignments.score ? { score: assignments.score } : {}) },
      opts.out,
      false,
    );
    if (opts.save !== undefined) await model.save(opts.save);
    if (opts.json === true) {
      const summary = {
        ...settings,
        ...(run.curve ? { curve: run.curve } : {}),
        ...(run.scores ? { scores: run.scores } : {}),
        ...(opts.out === undefined ? { clusters: Array.from(assignments.clusters) } : { out: opts.out }),
      };
      process.stdout.write(`${JSON.stringify(summary)}\n`);
    } else {
      if (lines !== null) process.stdout.write(lines);
      const say = (text: string): boolean => process.stderr.write(`${text}\n`);
      say(`${file}: ${method.name}, K=${run.k}${run.curve ? ` (best ${run.criterion} over K=${kRange[0]}..${kRange[1]})` : ''}, seed ${seed}, ${rows} rows`);
      if (run.curve) say(`K ${run.criterion}: ${run.curve.map((p) => `${p.k}:${p.value.toFixed(4)}`).join(' ')}`);
      if (run.scores) {
        const s = run.scores;
        say(`scores against the file's labels (${s.scored} labelled rows; not used to choose): RI ${s.ri.toFixed(4)} NMI ${s.nmi.toFixed(4)} ARI ${s.ari.toFixed(4)} ACC ${s.acc.toFixed(4)}`);
      }
      if (opts.out !== undefined) say(`${rows} rows written to ${opts.out}`);
      if (opts.save !== undefined) say(`model saved in ${opts.save}`);
    }
    if (opts.report !== undefined) {
      const path = resolve(opts.report);
      const { data, rows: n, cols } = run.representation;
      const html = seriesReport({
        title: `${method.name} on ${file}`,
        split,
        clusters: assignments.clusters,
        representation: rowViews(data, n, cols),
        representationName: run.representationName,
        ...(run.curve ? { curve: { criterion: run.criterion!, points: run.curve, chosen: run.k } } : {}),
        ...(run.scores ? { scores: { ri: run.scores.ri, nmi: run.scores.nmi, ari: run.scores.ari, acc: run.scores.acc } } : {}),
        settings,
        history: run.history,
        seed,
      });
      writeFileAtomic(path, html);
      process.stderr.write(`tempora: report written to ${path}\n`);
    }
  } finally {
    model.dispose();
  }
}
