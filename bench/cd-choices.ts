/**
 * How Cluster Distillation's own choices are made: the hard pseudo-labels from k-means (the paper)
 * or from the Gaussian mixture's argmax (the authors' code), and the number of clusters (K, 2K as
 * the paper, 4K). Each (dataset, seed) takes the protocol's stratified labelled split of TRAIN and
 * trains one Sup-ResNet teacher that every setting shares; the score used to choose is the
 * accuracy on the TRAIN rows whose labels were hidden (they are the student's unlabelled rows,
 * never its targets). TEST accuracy is recorded for the record only. Resumable: every finished run
 * is appended to --out, and a rerun skips it.
 *
 *   npm run build && node dist/bench/cd-choices.js --datasets Coffee,ECG200 --seeds 2 \
 *     --epochs 60 --labelled 0.09 --out runs/cd-choices.jsonl
 */
import { parseArgs } from 'node:util';
import { initBackend } from '../src/backend/index.js';
import { loadDataset } from '../src/data/dataset.js';
import { labelledFraction } from '../src/data/labelled-split.js';
import { accuracy } from '../src/evaluation/metrics/accuracy.js';
import { ResultsStore, type RunSpec } from '../src/experiments/results-store.js';
import { summarise } from '../src/experiments/summary.js';
import { ClusterDistillation, type ClusterDistillationOptions } from '../src/models/semisupervised/cluster-distillation.js';
import { SupResNet } from '../src/models/semisupervised/sup-resnet.js';
import type { Classifier } from '../src/models/base/estimator.js';

/** Candidate settings of the hard variant; nClusters as a multiple of the class count K. */
const SETTINGS: Record<string, { hardClustering: 'kmeans' | 'mixture'; clustersPerClass: number }> = {
  'kmeans-2K': { hardClustering: 'kmeans', clustersPerClass: 2 },
  'mixture-2K': { hardClustering: 'mixture', clustersPerClass: 2 },
  'kmeans-K': { hardClustering: 'kmeans', clustersPerClass: 1 },
  'kmeans-4K': { hardClustering: 'kmeans', clustersPerClass: 4 },
};

const { values } = parseArgs({
  options: {
    datasets: { type: 'string', default: 'Coffee,ArrowHead,ECG200,Wine' },
    settings: { type: 'string', default: Object.keys(SETTINGS).join(',') },
    seeds: { type: 'string', default: '2' },
    epochs: { type: 'string', default: '60' },
    labelled: { type: 'string', default: '0.09' },
    'batch-norm-momentum': { type: 'string', default: '0.9' },
    out: { type: 'string', default: 'runs/cd-choices.jsonl' },
  },
});

await initBackend();
const store = new ResultsStore(values.out);
const epochs = Number(values.epochs);
const labelled = Number(values.labelled);
const network = { epochs, batchNorm: { momentum: Number(values['batch-norm-momentum']) } };
const settings = values.settings.split(',');
for (const name of settings) if (!(name in SETTINGS)) throw new Error(`unknown setting ${name}: choose from ${Object.keys(SETTINGS).join(', ')}`);

for (const datasetName of values.datasets.split(',')) {
  const dataset = loadDataset(datasetName);
  const classes = dataset.classNames.length;
  for (let seed = 0; seed < Number(values.seeds); seed++) {
    const split = labelledFraction(dataset.train.labels, labelled, { seed, classNames: dataset.classNames });
    const hiddenAccuracy = async (model: Classifier): Promise<number> => {
      const predicted = await model.predict(dataset.train);
      return accuracy(Array.from(split.unlabelled, (row) => dataset.train.labels[row]!), Array.from(split.unlabelled, (row) => predicted[row]!));
    };
    const record = async (spec: RunSpec, model: Classifier, started: number): Promise<void> => {
      const hidden = await hiddenAccuracy(model);
      const test = accuracy(dataset.test.labels, await model.predict(dataset.test));
      store.append({ ...spec, metrics: { hidden_train_accuracy: hidden, test_accuracy: test }, seconds: (performance.now() - started) / 1000, versions: {}, finishedAt: new Date().toISOString() });
      process.stderr.write(`${datasetName} seed ${seed} ${spec.method} ${String(spec.settings['setting'] ?? '')}: hidden TRAIN ${hidden.toFixed(4)}, TEST ${test.toFixed(4)}\n`);
    };
    const base = { labelled, epochs, batchNormMomentum: network.batchNorm.momentum };
    const todo = settings.filter((setting) => !store.has({ dataset: datasetName, method: 'cd-hard', seed, settings: { ...base, setting } }));
    const teacherSpec = { dataset: datasetName, method: 'sup-resnet', seed, settings: base };
    if (todo.length === 0 && store.has(teacherSpec)) continue;
    let started = performance.now();
    const teacher = await new SupResNet({ ...network, classes, seed }).fit(dataset.train, split.labels);
    if (!store.has(teacherSpec)) await record(teacherSpec, teacher, started);
    for (const setting of todo) {
      started = performance.now();
      const { hardClustering, clustersPerClass } = SETTINGS[setting]!;
      const options: ClusterDistillationOptions = { variant: 'hard', hardClustering, nClusters: clustersPerClass * classes, classes, seed, teacher: network, student: network };
      const model = await new ClusterDistillation(options).fit(dataset.train, split.labels, { teacher });
      await record({ dataset: datasetName, method: 'cd-hard', seed, settings: { ...base, setting } }, model, started);
      model.dispose();
    }
    teacher.dispose();
  }
}

// Means per setting over the runs of the asked datasets and seeds, and per dataset.
const rows = store.all().filter((r) => r.settings['epochs'] === epochs && r.settings['labelled'] === labelled);
const names = ['sup-resnet', ...settings];
const nameOf = (r: (typeof rows)[number]): string => (r.method === 'sup-resnet' ? 'sup-resnet' : String(r.settings['setting']));
const mean = (list: typeof rows, metric: string): string => (list.length === 0 ? '-' : (list.reduce((a, r) => a + r.metrics[metric]!, 0) / list.length).toFixed(4));
process.stdout.write(`| setting | runs | hidden TRAIN accuracy | TEST accuracy (record only) |\n| --- | --: | --: | --: |\n`);
for (const name of names) {
  const mine = rows.filter((r) => nameOf(r) === name);
  process.stdout.write(`| ${name} | ${mine.length} | ${mean(mine, 'hidden_train_accuracy')} | ${mean(mine, 'test_accuracy')} |\n`);
}
const datasets = [...new Set(rows.map((r) => r.dataset))];
process.stdout.write(`\n| dataset | ${names.join(' | ')} |\n| --- |${names.map(() => ' --: |').join('')}\n`);
for (const d of datasets) process.stdout.write(`| ${d} | ${names.map((n) => mean(rows.filter((r) => r.dataset === d && nameOf(r) === n), 'hidden_train_accuracy')).join(' | ')} |\n`);

// Average ranks over the datasets, and each setting against the paper's (k-means, 2K) by Wilcoxon.
const bySetting = summarise(rows.map((r) => ({ ...r, method: nameOf(r) })), { metric: 'hidden_train_accuracy', methods: names, reference: 'kmeans-2K' });
process.stdout.write(`\n| setting | average rank | wins/ties/losses vs kmeans-2K | Wilcoxon p |\n| --- | --: | --: | --: |\n`);
bySetting.ranked.forEach((name, i) => {
  const c = bySetting.comparisons.find((x) => x.method === name);
  process.stdout.write(`| ${name} | ${bySetting.averageRanks?.[i]?.toFixed(2) ?? '-'} | ${c ? `${c.wins}/${c.ties}/${c.losses}` : '(reference)'} | ${c?.wilcoxon ? c.wilcoxon.pValue.toFixed(4) : '-'} |\n`);
});
