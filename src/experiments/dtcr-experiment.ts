/**
 * `tempora reproduce dtcr`: the DTCR paper's Table 1 (RI) and its supplement's NMI table, made
 * here: DTCR and every registered clustering method marked for the table (k-means...) on every
 * paper dataset in the data folder, under the paper's protocol (clustering-protocol.ts), each seed
 * a run. Methods with a representation also run as NAME+umap (--umap before the final k-means),
 * from the same trained network (OUT/representations/).
 */
import { join } from 'node:path';
import { withFolderLock } from '../core/folder-lock.js';
import { loadDataset } from '../data/dataset.js';
import { tsneLayout } from '../evaluation/embedding/tsne.js';
import type { ClusteringMethod } from '../models/base/method-spec.js';
import { UMAP_OPTION } from '../models/base/representation-clusterer.js';
import { CLUSTERING_METHODS, clusteringMethod } from '../models/registry.js';
import { clusterDataset, type ClusteringOutcome } from './clustering-protocol.js';
import type { Budget, Experiment, RunContext, RunOutcome } from './experiment.js';
import { datasetsInDataFolder, paperTable } from './paper-experiment.js';
import { keyHash, runKey, type RunSpec } from './results-store.js';

/** Training epochs per budget; 'paper' is the authors' code's 300 (the paper states none). */
export const DTCR_BUDGET_EPOCHS: Record<Budget, number> = { quick: 20, standard: 100, paper: 300 };

/** A column name ending so is its method with --umap: UMAP on the representation before the final k-means. */
const UMAP_SUFFIX = '+umap';

/** The columns of the table, DTCR first (the reference); each method with a representation also through UMAP. */
const TABLE_COLUMNS = CLUSTERING_METHODS.filter((m) => m.inDtcrTable)
  .sort((a, b) => Number(b.name === 'dtcr') - Number(a.name === 'dtcr'))
  .flatMap((m) => (m.options.includes(UMAP_OPTION) ? [m.name, `${m.name}${UMAP_SUFFIX}`] : [m.name]));

/** The registered method of a column, and whether the column puts UMAP before its final k-means. */
function tableColumn(name: string): { method: ClusteringMethod; umap: boolean } {
  const umap = name.endsWith(UMAP_SUFFIX);
  return { method: clusteringMethod(umap ? name.slice(0, -UMAP_SUFFIX.length) : name), umap };
}

/**
 * The training checkpoints of a method with a representation for this dataset, seed and budget,
 * which NAME and NAME+umap share: the one that runs second resumes the finished training and only
 * clusters anew (one at a time: concurrent checkpoint writes would remove each other's files).
 */
export function representationFolder(outDir: string, spec: RunSpec): string {
  const { method } = tableColumn(spec.method);
  return join(outDir, 'representations', `${spec.dataset}-${keyHash(runKey({ ...spec, method: method.name }))}`);
}

async function runDtcrSpec(spec: RunSpec, context: RunContext): Promise<RunOutcome> {
  const dataset = loadDataset(spec.dataset);
  const epochs = spec.settings['epochs'];
  const { method, umap } = tableColumn(spec.method);
  const values = { ...(epochs === undefined ? {} : { epochs: Number(epochs) }), ...(umap ? { umap: true } : {}) };
  const run = (fit: { checkpointDir?: string }): Promise<ClusteringOutcome> => clusterDataset(dataset, { method, values, seed: spec.seed, fit });
  const shared = method.options.includes(UMAP_OPTION) ? representationFolder(context.outDir, spec) : null;
  const outcome = shared === null ? await run({}) : await withFolderLock(shared, () => run({ checkpointDir: shared }));
  const { ri, nmi, ari, acc } = outcome;
  const layout = tsneLayout(outcome.representation, { seed: spec.seed, maxPoints: 500 });
  return {
    metrics: { ri, nmi, ari, acc },
    artifact: {
      layout: { points: layout.points, classes: layout.indices.map((i) => Math.max(0, dataset.test.labels[i]!)), classNames: dataset.classNames },
      ...(outcome.history.length > 0 ? { history: outcome.history } : {}),
    },
  };
}

export const DTCR_EXPERIMENT: Experiment = {
  name: 'dtcr',
  title: 'DTCR (Ma et al., NeurIPS 2019)',
  methods: TABLE_COLUMNS,
  reference: 'dtcr',
  baseline: 'kmeans',
  metrics: ['ri', 'nmi', 'ari', 'acc'],
  describeBudget: (budget) => `${DTCR_BUDGET_EPOCHS[budget]} epochs for the methods that train (model defaults otherwise); k-means with 10 restarts`,
  availableDatasets: () => datasetsInDataFolder(paperTable('dtcr_paper_ri')?.keys() ?? []),
  plan: (datasets, seeds, budget) => {
    const runs = datasets.flatMap((dataset) =>
      DTCR_EXPERIMENT.methods.flatMap((method) =>
        Array.from({ length: seeds }, (_, seed): RunSpec => {
          const settings: Record<string, string | number> = { budget };
          if (tableColumn(method).method.usesTensors) settings['epochs'] = DTCR_BUDGET_EPOCHS[budget];
          return { dataset, method, seed, settings };
        }),
      ),
    );
    // The +umap columns last: taken beside their own training, a worker would wait on the other's
    // lock for the whole training; after every training, each is a UMAP and a k-means on saved weights.
    const umap = (spec: RunSpec): boolean => tableColumn(spec.method).umap;
    return [...runs.filter((spec) => !umap(spec)), ...runs.filter(umap)];
  },
  study: {
    name: 'Lafabregue',
    value: (dataset, method, metric) => {
      const { method: registered, umap } = tableColumn(method);
      const column = umap || metric !== 'nmi' ? undefined : registered.lafabregueColumn;
      return column === undefined ? undefined : paperTable('lafabregue_nmi')?.get(dataset)?.get(column);
    },
  },
  paperValue: (dataset, method, metric) => {
    const table = metric === 'ri' ? paperTable('dtcr_paper_ri') : metric === 'nmi' ? paperTable('dtcr_paper_nmi') : null;
    const { method: registered, umap } = tableColumn(method);
    const column = umap ? undefined : registered.dtcrPaperColumn;
    return column === undefined ? undefined : table?.get(dataset)?.get(column);
  },
  run: runDtcrSpec,
};
