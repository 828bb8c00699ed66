/** Tempora's public API. */
export { Random } from './core/random.js';
export type { Seed } from './core/random.js';
export { TemporaError, OptionError, DataFormatError, DatasetNotFoundError } from './core/errors.js';
export { initBackend, activeBackend } from './backend/index.js';
export type { BackendName, BackendChoice } from './backend/index.js';
