/**
 * `tempora demo`: the main job on generated data (no download): Cylinder-Bell-Funnel series
 * clustered by the protocol of `tempora cluster`. Runs k-means until DTCR lands.
 */
import type { Command } from 'commander';
import { generateDataset } from '../../data/synthetic/generator.js';
import { CYLINDER_BELL_FUNNEL } from '../../data/synthetic/cylinder-bell-funnel.js';
import { formatScores } from '../format-scores.js';
import { KMEANS_METHOD } from '../clustering/kmeans-method.js';
import { runClusteringProtocol } from '../clustering/protocol.js';
import { parseInteger } from './cluster.js';
import { writeRunReport } from '../write-run-report.js';

export function register(program: Command): void {
  program
    .command('demo')
    .description('cluster generated Cylinder-Bell-Funnel series (k-means for now) and print RI and NMI')
    .option('--seed <seed>', 'seed of the generated data and of the clustering', '0')
    .option('--per-class <n>', 'TEST series generated per class', '100')
    .option('--json', 'print one JSON object with the scores and settings')
    .option('--report <file>', 'where to write the HTML report', 'tempora-demo.html')
    .action(async (opts: { seed: string; perClass: string; json?: boolean; report: string }) => {
      const seed = parseInteger('--seed', opts.seed);
      const perClass = parseInteger('--per-class', opts.perClass);
      const dataset = generateDataset(CYLINDER_BELL_FUNNEL, { trainPerClass: 10, testPerClass: perClass, seed, normalize: true });
      const { result, run } = await runClusteringProtocol(dataset, KMEANS_METHOD, { seed, options: {}, quiet: opts.json === true });
      const reportPath = writeRunReport(opts.report, dataset, result, run, 'Tempora demo: Cylinder-Bell-Funnel');
      if (opts.json === true) {
        process.stdout.write(`${JSON.stringify({ ...result, dataset: 'CBF (generated)', report: reportPath })}\n`);
        return;
      }
      process.stdout.write(
        `Cylinder-Bell-Funnel, generated with seed ${seed}: ${dataset.test.labels.length} series of length ${dataset.test.length}, ` +
          `${dataset.classNames.length} classes (${dataset.classNames.join(', ')})\n` +
          `k-means, k=${dataset.classNames.length}, ${String(result.settings['nInit'])} restarts, on the z-normalised series:\n`,
      );
      process.stdout.write(formatScores({ ri: result.ri, nmi: result.nmi }));
      process.stdout.write(`report: ${reportPath}\n`);
    });
}
