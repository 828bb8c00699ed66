/**
 * Choices at few labels, made on TRAIN only: Cluster Distillation's own (the hard pseudo-labels
 * from k-means, as the paper, or from the Gaussian mixture's argmax, as the authors' code; the
 * number of clusters K, 2K as the paper, or 4K) and which registered classifier to recommend
 * (--methods). Each (dataset, seed) takes the protocol's stratified labelled split of TRAIN and
 * trains one Sup-ResNet that is both a candidate and the teacher every setting shares; the score
 * used to choose is the accuracy on the TRAIN rows whose labels were hidden (every method's
 * unlabelled rows, never its targets). TEST accuracy is recorded for the record only. Resumable:
 * every finished run is appended to --out, and a rerun skips it.
 *
 *   npm run build && node dist/bench/cd-choices.js --datasets Coffee,ECG200 --seeds 2 \
 *     --epochs 60 --labelled 0.09 --methods mean-teacher,fixmatch --out runs/cd-choices.jsonl
 */
import { parseArgs } from 'node:util';
import { initBackend } from '../src/backend/index.js';
import { loadDataset } from '../src/data/dataset.js';
import { labelledFraction } from '../src/data/labelled-split.js';
import { accuracy } from '../src/evaluation/metrics/accuracy.js';
import { ResultsStore, type RunSpec } from '../src/experiments/results-store.js';
import { summarise } from '../src/experiments/summary.js';
import { ClusterDistillation, type ClusterDistillationOptions } from '../src/models/semisupervised/cluster-distillation.js';
import { classificationMethod } from '../src/models/registry.js';
import { SupResNet, SUP_RESNET_METHOD } from '../src/models/semisupervised/sup-resnet.js';
import type { TeacherStudentFitOptions } from '../src/models/semisupervised/teacher-student.js';
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
    methods: { type: 'string', default: '' },
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
// Other registered classifiers beside Sup-ResNet and the cd-hard settings, at their defaults.
const methods = values.methods === '' ? [] : values.methods.split(',').map((name) => classificationMethod(name));
for (const m of methods) if (m === SUP_RESNET_METHOD || m.name === 'cd-hard') throw new Error(`--methods ${m.name}: already measured (as the teacher, or by --settings)`);

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
    const methodsTodo = methods.filter((m) => !store.has({ dataset: datasetName, method: m.name, seed, settings: base }));
    const teacherSpec = { dataset: datasetName, method: 'sup-resnet', seed, settings: base };
    if (todo.length === 0 && methodsTodo.length === 0 && store.has(teacherSpec)) continue;
    // One Sup-ResNet per (dataset, seed): a candidate itself and the teacher of those that have one.
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
    for (const method of methodsTodo) {
      started = performance.now();
      const model = method.create({ epochs, batchNormMomentum: network.batchNorm.momentum, seed, classes });
      const fitOptions: TeacherStudentFitOptions = method.hasTeacher ? { teacher } : {};
      await model.fit(dataset.train, split.labels, fitOptions);
      await record({ dataset: datasetName, method: method.name, seed, settings: base }, model, started);
      model.dispose();
    }
    teacher.dispose();
  }
}

// Means per candidate over the runs at this budget and fraction, and per dataset.
const rows = store.all().filter((r) => r.settings['epochs'] === epochs && r.settings['labelled'] === labelled);
const names = ['sup-resnet', ...settings, ...methods.map((m) => m.name)];
const nameOf = (r: (typeof rows)[number]): string => (r.method === 'cd-hard' ? String(r.settings['setting']) : r.method);
const mean = (list: typeof rows, metric: string): string => (list.length === 0 ? '-' : (list.reduce((a, r) => a + r.metrics[metric]!, 0) / list.length).toFixed(4));
process.stdout.write(`| candidate | runs | hidden TRAIN accuracy | TEST accuracy (record only) |\n| --- | --: | --: | --: |\n`);
for (const name of names) {
  const mine = rows.filter((r) => nameOf(r) === name);
  process.stdout.write(`| ${name} | ${mine.length} | ${mean(mine, 'hidden_train_accuracy')} | ${mean(mine, 'test_accuracy')} |\n`);
}
const datasets = [...new Set(rows.map((r) => r.dataset))];
process.stdout.write(`\n| dataset | ${names.join(' | ')} |\n| --- |${names.map(() => ' --: |').join('')}\n`);
for (const d of datasets) process.stdout.write(`| ${d} | ${names.map((n) => mean(rows.filter((r) => r.dataset === d && nameOf(r) === n), 'hidden_train_accuracy')).join(' | ')} |\n`);

// Average ranks over the datasets, and each candidate against the paper's setting (k-means, 2K) and against Sup-ResNet by Wilcoxon.
const bySetting = summarise(rows.map((r) => ({ ...r, method: nameOf(r) })), { metric: 'hidden_train_accuracy', methods: names, reference: 'kmeans-2K', baseline: 'sup-resnet' });
const versus = (name: string, against: string): string => {
  const c = bySetting.comparisons.find((x) => x.method === name && x.against === against);
  return c ? `${c.wins}/${c.ties}/${c.losses} | ${c.wilcoxon ? c.wilcoxon.pValue.toFixed(4) : '-'}` : '(itself) | ';
};
const { friedman, nemenyi } = bySetting;
process.stdout.write(`\n${bySetting.completeDatasets.length} datasets on which every candidate ran; Friedman p ${friedman ? friedman.chiSquarePValue.toFixed(4) : '-'}, Nemenyi CD ${nemenyi ? nemenyi.criticalDifference.toFixed(2) : '-'}\n`);
process.stdout.write(`\n| candidate | average rank | vs kmeans-2K W/T/L | Wilcoxon p | vs sup-resnet W/T/L | Wilcoxon p |\n| --- | --: | --: | --: | --: | --: |\n`);
bySetting.ranked.forEach((name, i) => {
  process.stdout.write(`| ${name} | ${bySetting.averageRanks?.[i]?.toFixed(2) ?? '-'} | ${versus(name, 'kmeans-2K')} | ${versus(name, 'sup-resnet')} |\n`);
});
