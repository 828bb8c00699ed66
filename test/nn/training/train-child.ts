/**
 * A training run in a child process, to be killed with SIGKILL: before the n-th write, rename or
 * removal inside the checkpoint folder (KILL_AT_WRITE=n), or after a step (KILL_AT_STEP=epoch:step).
 * With COUNT_WRITES set it reports how many such operations the run made. Arguments: dir epochs.
 */
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { resolve } from 'node:path';
import { initBackend } from '../../../src/backend/index.js';
import { TinyRegression, trainTiny } from './tiny-regression.js';

const [dir, epochs] = [resolve(process.argv[2]!), Number(process.argv[3])];
const killAtWrite = Number(process.env['KILL_AT_WRITE'] ?? 0);
const [killEpoch, killStep] = (process.env['KILL_AT_STEP'] ?? '0:0').split(':').map(Number);

let writes = 0;
for (const name of ['writeFileSync', 'renameSync', 'rmSync'] as const) {
  const original = fs[name] as (...args: unknown[]) => unknown;
  (fs as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
    if (resolve(String(args[0])).startsWith(dir)) {
      writes += 1;
      if (writes === killAtWrite) process.kill(process.pid, 'SIGKILL');
    }
    return original(...args);
  };
}
syncBuiltinESMExports();

await initBackend('cpu');
const model = new TinyRegression((epoch, step) => {
  if (epoch === killEpoch && step === killStep) process.kill(process.pid, 'SIGKILL');
});
await trainTiny(model, { epochs }, dir);
if (process.env['COUNT_WRITES']) process.stdout.write(`${writes}\n`);
