/** The worker process of `tempora reproduce`: starts the backend once, then runs specs. */
import { activeBackend, initBackend } from '../backend/index.js';
import { EXPERIMENTS } from './registry.js';
import { serveExperiments } from './reproduce.js';

await initBackend();
serveExperiments(EXPERIMENTS, () => ({ backend: activeBackend() ?? 'none' }));
