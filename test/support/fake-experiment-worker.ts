import { serveExperiments } from '../../src/experiments/reproduce.js';
import { FAKE } from './fake-experiment.js';

serveExperiments([FAKE]);
