/**
 * `tempora demo`: the main job on generated data (no download): DTCR trained on generated
 * Cylinder-Bell-Funnel TRAIN series, k-means on its TEST representations, printed beside plain
 * k-means and UMAP + k-means (the method the evidence recommends without labels) on the same TEST
 * series. A small DTCR (units 20,10,10, 30 epochs) keeps it under two
 * minutes on two cores.
 */
import type { Command } from 'commander';
import { generateDataset } from '../../data/synthetic/generator.js';
import { CYLINDER_BELL_FUNNEL } from '../../data/synthetic/cylinder-bell-funnel.js';
import { clusterDataset } from '../../experiments/clustering-protocol.js';
import type { ClusteringMethod, MethodValues } from '../../models/base/method-spec.js';
import { clusteringMethod } from '../../models/registry.js';
import { parseInteger } from '../../core/parse-options.js';
import { addBackendOption, startBackend } from '../backend-option.js';
import { fitProgress } from '../fit-progress.js';
import { clusteringResult, writeRunReport } from '../write-run-report.js';

const DEMO_DTCR = { units: [20, 10, 10], dilations: [1, 4, 16] };
/** Best mean and average rank without labels on the 23 DTCR datasets (results/dtcr-standard/classic-methods.md). */
const RECOMMENDED = 'umap-kmeans';

export function register(program: Command): void {
  const command = program
    .command('demo')
    .description('k-means, UMAP + k-means (recommended without labels) and DTCR on generated Cylinder-Bell-Funnel series: RI and NMI side by side')
    .option('--seed <seed>', 'seed of the generated data and of both methods', '0')
    .option('--per-class <n>', 'TEST series generated per class', '100')
    .option('--train-per-class <n>', 'TRAIN series generated per class (DTCR trains on them)', '10')
    .option('--epochs <n>', 'DTCR training epochs', '30')
    .option('--json', 'print one JSON object with both results')
    .option('--report <file>', 'where to write the HTML report of the DTCR run', 'tempora-demo.html');
  addBackendOption(command);
  command.action(async (opts: { seed: string; perClass: string; trainPerClass: string; epochs: string; backend: string; json?: boolean; report: string }) => {
    const seed = parseInteger('--seed', opts.seed);
    const dataset = generateDataset(CYLINDER_BELL_FUNNEL, {
      trainPerClass: parseInteger('--train-per-class', opts.trainPerClass),
      testPerClass: parseInteger('--per-class', opts.perClass),
      seed,
      normalize: true,
    });
    const quiet = opts.json === true && !process.stderr.isTTY;
    const backend = await startBackend(opts.backend);
    const run = async (method: ClusteringMethod, values: MethodValues) => {
      const progress = fitProgress(quiet);
      try {
        const outcome = await clusterDataset(dataset, { method, values, seed, fit: progress.fit });
        return { result: clusteringResult('CBF (generated)', method.name, outcome, method.usesTensors ? backend : null), outcome };
      } finally {
        progress.stop();
      }
    };
    const kmeans = await run(clusteringMethod('kmeans'), {});
    // The method the DTCR table's evidence recommends without labels (README, Clustering methods).
    const recommended = await run(clusteringMethod(RECOMMENDED), {});
    const dtcr = await run(clusteringMethod('dtcr'), { ...DEMO_DTCR, epochs: parseInteger('--epochs', opts.epochs, 1) });
    const title = `Tempora demo: DTCR on Cylinder-Bell-Funnel (k-means RI ${kmeans.result.ri.toFixed(4)}, NMI ${kmeans.result.nmi.toFixed(4)})`;
    const report = writeRunReport(opts.report, dataset, dtcr.result, dtcr.outcome, title);
    if (opts.json === true) {
      process.stdout.write(`${JSON.stringify({ dataset: 'CBF (generated)', kmeans: kmeans.result, [RECOMMENDED]: recommended.result, dtcr: dtcr.result, report })}\n`);
      return;
    }
    const row = (name: string, r: { ri: number; nmi: number; settings: Record<string, unknown> }): string =>
      `${name.padEnd(14)}${r.ri.toFixed(4).padStart(8)}${r.nmi.toFixed(4).padStart(8)}${(Number(r.settings['seconds']).toFixed(0) + ' s').padStart(8)}\n`;
    process.stdout.write(
      `Cylinder-Bell-Funnel, generated with seed ${seed}: DTCR trained on ${dataset.train.labels.length} TRAIN series, ` +
        `all three methods cluster ${dataset.test.labels.length} TEST series of length ${dataset.test.length} into ${dataset.classNames.length}:\n` +
        `${'method'.padEnd(14)}${'RI'.padStart(8)}${'NMI'.padStart(8)}${'time'.padStart(8)}\n` +
        row('k-means', kmeans.result) +
        row('UMAP + k-means', recommended.result) +
        row('DTCR', dtcr.result) +
        `(DTCR: units ${DEMO_DTCR.units.join(',')}, dilations ${DEMO_DTCR.dilations.join(',')}, ${opts.epochs} epochs; the paper's model is larger: tempora cluster --method dtcr)\n` +
        `report: ${report}\n`,
    );
  });
}
