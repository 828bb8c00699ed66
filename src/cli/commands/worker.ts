/**
 * `tempora worker --queue URL`: runs reproduction runs from a queue shared by any number of
 * machines, each finished run's record kept in Redis for `tempora reproduce --queue` to collect.
 */
import type { Command } from 'commander';
import { describeRunJob } from '../../experiments/queue/run-queue.js';
import { redactRedisUrl } from '../../experiments/queue/redis-url.js';
import { startRunWorker } from '../../experiments/queue/run-worker.js';
import { parseInteger } from '../../core/parse-options.js';
import { workerEnvironment } from './reproduce.js';

interface WorkerCliOptions {
  queue: string;
  concurrency: string;
  dir: string;
  backend?: string;
}

export function register(program: Command): void {
  program
    .command('worker')
    .description(
      'run reproduction runs queued by `tempora reproduce ... --queue URL`, on this machine (which needs the data folder), until stopped; ' +
        'Ctrl-C once finishes the runs in progress, twice stops at once (those runs go to another worker)',
    )
    .requiredOption('--queue <url>', 'the Redis holding the queue: redis://[:PASSWORD@]HOST[:PORT][/DB], rediss:// for TLS')
    .option('--concurrency <n>', 'runs at once, each in its own process', '1')
    .option('--dir <dir>', "work folder for what this machine's runs share (Cluster Distillation's teacher networks)", 'runs/worker')
    .option('--backend <name>', 'tensor backend of the runs: auto, native, wasm or cpu (env TEMPORA_BACKEND also sets it)')
    .action(async (opts: WorkerCliOptions) => {
      const concurrency = parseInteger('--concurrency', opts.concurrency, 1);
      const shown = redactRedisUrl(opts.queue);
      const log = (line: string): void => void process.stderr.write(`tempora worker ${process.pid}: ${line}\n`);
      const worker = await startRunWorker({
        url: opts.queue,
        concurrency,
        processor: new URL('../../experiments/queue/processor.js', import.meta.url),
        workDir: opts.dir,
        env: workerEnvironment(opts.backend),
        onStart: (job) => log(`started ${describeRunJob(job)}`),
        onDone: (job, result) => log(`done ${describeRunJob(job)} in ${result.seconds.toFixed(0)} s`),
        onFailed: (job, message, willRetry) => log(`failed ${describeRunJob(job)}${willRetry ? ' (will retry)' : ''}: ${message}`),
      });
      log(`taking runs from ${shown}, ${concurrency} at once, work folder ${opts.dir}`);
      let stopping = false;
      const stop = (): void => {
        if (stopping) process.exit(130);
        stopping = true;
        log('finishing the runs in progress (again to stop at once)');
        void worker.close().then(() => process.exit(0));
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
}
