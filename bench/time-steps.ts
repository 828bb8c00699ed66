/**
 * Child process of `npm run bench`: times training steps (forward + backward + Adam) of one
 * workload on one backend and prints one JSON line. A separate process per run keeps backends'
 * memory apart and lets a run that aborts (wasm's 4 GB heap) fail alone.
 *
 *   node dist/bench/time-steps.js WORKLOAD_INDEX BACKEND WARMUP STEPS SLOW_MS
 *
 * When the first warm-up step takes longer than SLOW_MS, it stops there and reports that step.
 */
import { initBackend, parseBackendChoice } from '../src/backend/index.js';
import { Random } from '../src/core/random.js';
import { WORKLOADS } from './workloads.js';

const [index, backend, warmup, steps, slowMs] = process.argv.slice(2);
const workload = WORKLOADS[Number(index)]!;
await initBackend(parseBackendChoice(backend));
const { step } = workload.build(new Random(0));
const times: number[] = [];
let lossValue = NaN;
let tooSlow = false;
for (let i = 0; i < Number(warmup) + Number(steps); i++) {
  const start = performance.now();
  lossValue = await step();
  const ms = performance.now() - start;
  if (i >= Number(warmup)) times.push(ms);
  if (i === 0 && ms > Number(slowMs)) {
    times.push(ms);
    tooSlow = true;
    break;
  }
}
times.sort((a, b) => a - b);
process.stdout.write(`${JSON.stringify({
  ms_median: times[Math.floor((times.length - 1) / 2)]! / 2 + times[Math.ceil((times.length - 1) / 2)]! / 2,
  ms_min: times[0], ms_max: times[times.length - 1], steps: times.length, too_slow: tooSlow, loss: lossValue,
  peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
})}\n`);
