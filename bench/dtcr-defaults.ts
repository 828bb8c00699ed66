/**
 * How DTCR's defaults are chosen: each candidate setting trained on TRAIN of several datasets and
 * seeds, scored by k-means on the TRAIN representations against the TRAIN labels (the only number
 * used to choose) and, for the record, by the paper's protocol on TEST. Resumable: every finished
 * run is appended to --out, and a rerun skips it.
 *
 *   npm run build && node dist/bench/dtcr-defaults.js --datasets SonyAIBORobotSurface1,ECG200 \
 *     --settings previous,authors --seeds 2 --epochs 100 --out runs/dtcr-defaults.jsonl
 */
import { parseArgs } from 'node:util';
import { initBackend } from '../src/backend/index.js';
import { loadDataset } from '../src/data/dataset.js';
import { clusteringScores } from '../src/evaluation/metrics/clustering-scores.js';
import { ResultsStore } from '../src/experiments/results-store.js';
import { DTCR } from '../src/models/dtcr/dtcr.js';
import type { DtcrOptions } from '../src/models/dtcr/options.js';
import { KMeans } from '../src/models/classic/kmeans.js';

/** What the authors' code does where the paper is silent, at the default rates (the defaults since session 4). */
const AUTHORS: Partial<DtcrOptions> = { encoderStacks: 'separate', gateBias: 1, fakes: 'every-epoch' };

/** Candidate settings over the library's defaults. */
const SETTINGS: Record<string, Partial<DtcrOptions>> = {
  // The defaults before session 4: joined stacks, Keras's zero gate bias, fakes drawn once.
  previous: { encoderStacks: 'joined', gateBias: 0, fakes: 'once' },
  authors: AUTHORS,
  separate: { encoderStacks: 'separate', gateBias: 0, fakes: 'once' },
  'gate-bias': { encoderStacks: 'joined', gateBias: 1, fakes: 'once' },
  // The defaults with the code's mini-batches of 10 real series: N/10 steps an epoch instead of one.
  'batch-10': { ...AUTHORS, batchSize: 10 },
  // The defaults with 150 epochs of reconstruction and real/fake training before the k-means term.
  'warmup-150': { ...AUTHORS, kmeansWarmup: 150 },
  // The defaults with smaller weights of the k-means term, from the paper's grid (1, 0.1, 0.01, 0.001).
  'lambda-0.01': { ...AUTHORS, lambda: 0.01 },
  'lambda-0.001': { ...AUTHORS, lambda: 0.001 },
  // The ablation without the k-means term (lambda 0).
  'no-kmeans': { ...AUTHORS, kmeansLoss: false },
};

const { values } = parseArgs({
  options: {
    datasets: { type: 'string', default: 'SonyAIBORobotSurface1,SonyAIBORobotSurface2' },
    settings: { type: 'string', default: 'previous,authors' },
    seeds: { type: 'string', default: '2' },
    epochs: { type: 'string', default: '100' },
    out: { type: 'string', default: 'runs/dtcr-defaults.jsonl' },
  },
});

await initBackend();
const store = new ResultsStore(values.out);
const epochs = Number(values.epochs);
const settings = values.settings.split(',');
for (const name of settings) if (!(name in SETTINGS)) throw new Error(`unknown setting ${name}: choose from ${Object.keys(SETTINGS).join(', ')}`);

for (const datasetName of values.datasets.split(',')) {
  const dataset = loadDataset(datasetName);
  const k = dataset.classNames.length;
  for (let seed = 0; seed < Number(values.seeds); seed++) {
    for (const setting of settings) {
      const spec = { dataset: datasetName, method: 'dtcr', seed, settings: { setting, epochs } };
      if (store.has(spec)) continue;
      const started = performance.now();
      const model = await new DTCR({ ...SETTINGS[setting], nClusters: k, epochs, seed }).fit(dataset.train);
      const train = clusteringScores(dataset.train.labels, model.clustering.labels);
      const testLabels = await new KMeans({ nClusters: k, nInit: 10, seed }).fitPredict(await model.transform(dataset.test));
      const test = clusteringScores(dataset.test.labels, testLabels);
      model.dispose();
      store.append({
        ...spec, metrics: { train_ri: train.ri, train_nmi: train.nmi, test_ri: test.ri, test_nmi: test.nmi },
        seconds: (performance.now() - started) / 1000, versions: {}, finishedAt: new Date().toISOString(),
      });
      process.stderr.write(`${datasetName} seed ${seed} ${setting}: TRAIN RI ${train.ri.toFixed(4)}, TEST RI ${test.ri.toFixed(4)}\n`);
    }
  }
}

// Means per setting over the runs of the asked datasets and seeds.
const rows = store.all().filter((r) => settings.includes(String(r.settings['setting'])) && r.settings['epochs'] === epochs);
process.stdout.write('| setting | runs | TRAIN RI | TRAIN NMI | TEST RI | TEST NMI |\n| --- | --: | --: | --: | --: | --: |\n');
for (const setting of settings) {
  const mine = rows.filter((r) => r.settings['setting'] === setting);
  const mean = (metric: string): string => (mine.reduce((a, r) => a + r.metrics[metric]!, 0) / mine.length).toFixed(4);
  process.stdout.write(`| ${setting} | ${mine.length} | ${mean('train_ri')} | ${mean('train_nmi')} | ${mean('test_ri')} | ${mean('test_nmi')} |\n`);
}
