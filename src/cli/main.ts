#!/usr/bin/env node
/** The `tempora` command: each subcommand lives in its own file under ./commands. */
import { Command, CommanderError } from 'commander';
import { TemporaError } from '../core/errors.js';
import { VERSION } from '../core/version.js';
import { register as registerDatasets } from './commands/datasets.js';
import { register as registerClassify } from './commands/classify.js';
import { register as registerInfo } from './commands/info.js';
import { register as registerScore } from './commands/score.js';
import { register as registerCluster } from './commands/cluster.js';
import { register as registerDemo } from './commands/demo.js';
import { register as registerReproduce } from './commands/reproduce.js';
import { register as registerReport } from './commands/report.js';
import { register as registerPredict } from './commands/predict.js';
import { register as registerWorker } from './commands/worker.js';
import { register as registerQueue } from './commands/queue.js';

// `tempora ... | head` closes stdout early: that ends the output, it is not a failure.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

const program = new Command();
program
  .name('tempora')
  .description('Deep time-series clustering (DTCR) and semi-supervised classification (Cluster Distillation)')
  .version(VERSION)
  .showHelpAfterError()
  .exitOverride();

for (const register of [registerInfo, registerDatasets, registerScore, registerCluster, registerClassify, registerPredict, registerDemo, registerReproduce, registerWorker, registerQueue, registerReport]) {
  register(program);
}

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) process.exit(err.exitCode);
  if (err instanceof TemporaError) {
    process.stderr.write(`tempora: ${err.message}\n`);
    process.exit(2);
  }
  throw err;
}
