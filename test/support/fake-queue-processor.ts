import { runProcessor } from '../../src/experiments/queue/run-processor.js';
import { FAKE } from './fake-experiment.js';

export default runProcessor([FAKE]);
