/**
 * How well the label-free choice of K finds the number of classes: on the TEST file of every DTCR
 * dataset in the data folder, read as one's own file (labels stripped), k-means (10 restarts,
 * seed 0, raw series) for K = 2..10, and the K each criterion chooses beside the true number of
 * classes. One fixed setting, nothing tuned.
 *
 *   npm run build && node dist/bench/choose-k.js [-- --k-range 2..10]
 */
import { parseArgs } from 'node:util';
import { locateDataset } from '../src/data/dataset.js';
import { seriesInput } from '../src/data/prepare-series.js';
import { readSeriesFile } from '../src/data/series-file.js';
import { clusterValidity, higherIsBetter, VALIDITY_CRITERIA, type ValidityCriterion } from '../src/evaluation/validity/cluster-validity.js';
import { checkClusterCounts, parseKRange } from '../src/experiments/own-series.js';
import { datasetsInDataFolder, paperTable } from '../src/experiments/paper-experiment.js';
import { toRowMatrix } from '../src/models/base/matrix.js';
import { KMeans } from '../src/models/classic/kmeans.js';

const { values } = parseArgs({ options: { 'k-range': { type: 'string', default: '2..10' } } });
const kRange = parseKRange(values['k-range']);
const datasets = datasetsInDataFolder(paperTable('dtcr_paper_ri')?.keys() ?? []);
if (datasets.length === 0) {
  process.stderr.write('no DTCR datasets in the data folder (TEMPORA_DATA or ../shared/data/ucr)\n');
  process.exit(1);
}

const lines = [
  `k-means (n_init 10, seed 0) on each TEST file with its labels stripped, K = ${kRange[0]}..${kRange[1]}; the K each criterion chooses`,
  '',
  `| dataset | rows | classes | ${VALIDITY_CRITERIA.map((c) => `K by ${c}`).join(' | ')} |`,
  `| --- | ---: | ---: | ${VALIDITY_CRITERIA.map(() => '---:').join(' | ')} |`,
];
const hits = new Map<ValidityCriterion, number>(VALIDITY_CRITERIA.map((c) => [c, 0]));
const offBy = new Map<ValidityCriterion, number>(VALIDITY_CRITERIA.map((c) => [c, 0]));
let counted = 0;
for (const name of datasets) {
  const labelled = readSeriesFile(locateDataset(name).test);
  const classes = labelled.classNames.length;
  const split = { ...labelled, labels: new Int32Array(labelled.labels.length).fill(-1), classNames: [] };
  if (!split.equalLength) {
    process.stderr.write(`${name}: unequal lengths, skipped\n`);
    continue;
  }
  const x = seriesInput(split);
  const ks = checkClusterCounts(split, 'auto', kRange);
  const best = new Map<ValidityCriterion, { k: number; value: number }>();
  for (const k of ks) {
    const labels = await new KMeans({ nClusters: k, nInit: 10, seed: 0 }).fitPredict(x);
    for (const criterion of VALIDITY_CRITERIA) {
      const value = clusterValidity(criterion, toRowMatrix(x), labels, { seed: 0 });
      const kept = best.get(criterion);
      if (!kept || (higherIsBetter(criterion) ? value > kept.value : value < kept.value)) best.set(criterion, { k, value });
    }
  }
  counted++;
  for (const criterion of VALIDITY_CRITERIA) {
    const k = best.get(criterion)!.k;
    if (k === classes) hits.set(criterion, hits.get(criterion)! + 1);
    offBy.set(criterion, offBy.get(criterion)! + Math.abs(k - classes));
  }
  const row = `| ${name} | ${split.series.length} | ${classes} | ${VALIDITY_CRITERIA.map((c) => best.get(c)!.k).join(' | ')} |`;
  process.stderr.write(row + '\n');
  lines.push(row);
}
lines.push(`| **exact / mean abs. error** | | | ${VALIDITY_CRITERIA.map((c) => `${hits.get(c)} of ${counted} / ${(offBy.get(c)! / counted).toFixed(2)}`).join(' | ')} |`);
process.stdout.write(lines.join('\n') + '\n');
