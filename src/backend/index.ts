/**
 * The one place where Tempora chooses its TensorFlow.js backend. Model code never names a backend:
 * it calls `initBackend()` (the CLI does it once) and uses tfjs-core ops.
 *
 * Order of preference: the option, then the TEMPORA_BACKEND environment variable, then the
 * fastest available backend: native (the addon in native/, when it was built), else wasm, else cpu.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { OptionError } from '../core/errors.js';

// tfjs-core alone ships no gradients: the build bundles its registrations (scripts/build.mjs).
await import(new URL('../../vendor/tfjs-gradients.js', import.meta.url).href);
// Production mode: no debug checks, and no banner asking for tfjs-node (it cannot install here).
tf.env().set('PROD', true);

export const BACKEND_NAMES = ['native', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];
export type BackendChoice = BackendName | 'auto';

/** Each loader registers its backend with tfjs and resolves to true when it can run here. */
const loaders: Record<BackendName, () => Promise<boolean>> = {
  native: async () => {
    const { registerNativeBackend } = await import('./native/index.js');
    const why = registerNativeBackend();
    if (why !== '') process.stderr.write(`tempora: ${why}; falling back\n`);
    return why === '';
  },
  wasm: async () => {
    await import('@tensorflow/tfjs-backend-wasm');
    return true;
  },
  cpu: async () => true,
};

let active: BackendName | null = null;

export function parseBackendChoice(value: string | undefined): BackendChoice {
  if (value === undefined || value === '' || value === 'auto') return 'auto';
  if ((BACKEND_NAMES as readonly string[]).includes(value)) return value as BackendName;
  throw new OptionError(`unknown backend "${value}": choose one of auto, ${BACKEND_NAMES.join(', ')}`);
}

/**
 * Selects and initialises the backend once per process; later calls return the active one unless
 * a different explicit choice is made.
 */
export async function initBackend(choice?: BackendChoice): Promise<BackendName> {
  const wanted = choice ?? parseBackendChoice(process.env['TEMPORA_BACKEND']);
  if (active !== null && (wanted === 'auto' || wanted === active)) return active;
  const candidates: readonly BackendName[] = wanted === 'auto' ? BACKEND_NAMES : [wanted];
  const failures: string[] = [];
  for (const name of candidates) {
    try {
      if ((await loaders[name]()) && (await tf.setBackend(name))) {
        await tf.ready();
        active = name;
        return name;
      }
      failures.push(`${name}: not available`);
    } catch (err) {
      failures.push(`${name}: ${(err as Error).message}`);
    }
  }
  throw new OptionError(`no TensorFlow.js backend could start (${failures.join('; ')})`);
}

/** The backend in use, or null before initBackend. */
export function activeBackend(): BackendName | null {
  return active;
}

export { ADAM_UPDATE, BATCH_NORM_ADD_RELU_TRAIN, BATCH_NORM_RELU_TRAIN, BATCH_NORM_TRAIN, GRU_FEEDBACK_DECODE, GRU_SEQUENCE, LSTM_SEQUENCE, MAX_POOL_TIME, MOVING_AVERAGES } from './kernel-names.js';
export { backendHasKernel } from './has-kernel.js';
