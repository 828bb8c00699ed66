/** A queue worker process for the tests: the fake experiment, short locks so a killed worker's run is handed on in seconds. */
import { startRunWorker } from '../../src/experiments/queue/run-worker.js';

const [url, workDir] = process.argv.slice(2) as [string, string];
await startRunWorker({
  url,
  workDir,
  processor: new URL('./fake-queue-processor.js', import.meta.url),
  lockSeconds: 2,
  stalledCheckSeconds: 1,
  onDone: (job) => process.stdout.write(`done ${job.spec.dataset} ${job.spec.method} ${job.spec.seed}\n`),
});
process.stdout.write('ready\n');
