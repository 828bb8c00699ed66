/** `tempora queue status URL`: the state of a run queue shared by `tempora reproduce --queue` and `tempora worker`. */
import type { Command } from 'commander';
import { redactRedisUrl } from '../../experiments/queue/redis-url.js';
import { queueStatus } from '../../experiments/queue/queue-status.js';

export function register(program: Command): void {
  const queue = program.command('queue').description('look at the run queue of `tempora reproduce --queue` and `tempora worker`');
  queue
    .command('status')
    .description('runs done, running, waiting and failed, the runs in progress, and the errors of the failed ones')
    .argument('<url>', 'the Redis holding the queue: redis://[:PASSWORD@]HOST[:PORT][/DB], rediss:// for TLS')
    .action(async (url: string) => {
      const status = await queueStatus(url);
      const { done, running, waiting, failed } = status.counts;
      const lines = [`queue ${redactRedisUrl(url)}`, `done ${done}, running ${running}, waiting ${waiting}, failed ${failed}`];
      for (const run of status.running) lines.push(`running: ${run}`);
      for (const f of status.failures) lines.push(`failed after ${f.attempts} attempt(s): ${f.run}: ${f.error}`);
      process.stdout.write(lines.join('\n') + '\n');
    });
}
