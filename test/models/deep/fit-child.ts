/**
 * A deep clusterer's fit with checkpoints after every epoch, in a child process that SIGKILLs
 * itself at the progress event of an epoch (before that epoch's checkpoint is written).
 * Arguments: dir method configJSON 'stage step'.
 */
import { initBackend } from '../../../src/backend/index.js';
import { clusteringMethod } from '../../../src/models/registry.js';
import { twoShapes } from './estimator-checks.js';

const [dir, method, config, killAt] = process.argv.slice(2) as [string, string, string, string];
await initBackend('cpu');
const model = clusteringMethod(method).fromConfig(JSON.parse(config) as object);
await model.fit(twoShapes().x, {
  checkpointDir: dir,
  checkpointEvery: 1,
  onProgress: (event) => {
    if (`${event.stage} ${event.step}` === killAt) process.kill(process.pid, 'SIGKILL');
  },
});
