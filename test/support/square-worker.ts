/** A worker for the pool tests: squares numbers, fails on negatives, dies on 999, works for a minute on 777. */
import { serveTasks } from '../../src/experiments/worker-pool.js';

serveTasks(async (x: number) => {
  if (x === 999) process.exit(3);
  if (x === 777) await new Promise((resolve) => setTimeout(resolve, 60_000));
  if (x < 0) throw new Error(`negative: ${x}`);
  return { x, square: x * x, pid: process.pid };
});
