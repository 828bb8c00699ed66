/** The processor module `tempora worker` hands to BullMQ: starts the backend once per process, then runs jobs. */
import { activeBackend, initBackend } from '../../backend/index.js';
import { EXPERIMENTS } from '../registry.js';
import { runProcessor } from './run-processor.js';

await initBackend();
export default runProcessor(EXPERIMENTS, () => ({ backend: activeBackend() ?? 'none' }));
