/**
 * Child process of `npm run bench`: times training steps (forward + backward + Adam) of one
 * workload on one backend and prints one JSON line: the first step (`ms_first`: model building
 * excluded; buffer allocation, kernel selection and any slow start included) and the median of the
 * STEPS steps after it (`ms_median`, with their minimum and maximum). A separate process per run
 * keeps backends' memory apart and lets a run that aborts (wasm's 4 GB heap) fail alone.
 *
 *   node dist/bench/time-steps.js WORKLOAD_INDEX BACKEND STEPS
 */
import { initBackend, parseBackendChoice } from '../src/backend/index.js';
import { Random } from '../src/core/random.js';
import { WORKLOADS } from './workloads.js';

const [index, backend, steps] = process.argv.slice(2);
const workload = WORKLOADS[Number(index)]!;
await initBackend(parseBackendChoice(backend));
const { step } = workload.build(new Random(0));
const times: number[] = [];
let lossValue = NaN;
for (let i = 0; i <= Number(steps); i++) {
  const start = performance.now();
  lossValue = await step();
  times.push(performance.now() - start);
}
const [first, ...rest] = times;
rest.sort((a, b) => a - b);
process.stdout.write(`${JSON.stringify({
  ms_first: first,
  ms_median: rest[Math.floor((rest.length - 1) / 2)]! / 2 + rest[Math.ceil((rest.length - 1) / 2)]! / 2,
  ms_min: rest[0], ms_max: rest[rest.length - 1], steps: rest.length, loss: lossValue,
  peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
})}\n`);
