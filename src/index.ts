/** Tempora's public API. */
export { Random } from './core/random.js';
export type { Seed } from './core/random.js';
export { TemporaError, OptionError, DataFormatError, DatasetNotFoundError } from './core/errors.js';
export { initBackend, activeBackend } from './backend/index.js';
export type { BackendName, BackendChoice } from './backend/index.js';
export { rankAverage, averageRanks } from './evaluation/ranks.js';
export { wilcoxonSignedRank } from './evaluation/wilcoxon.js';
export type { WilcoxonResult, ZeroMethod } from './evaluation/wilcoxon.js';
export { friedmanTest, friedmanFromRanks } from './evaluation/friedman.js';
export type { FriedmanResult } from './evaluation/friedman.js';
export { nemenyiTest, nemenyiQ, criticalDifference } from './evaluation/nemenyi.js';
export type { NemenyiResult } from './evaluation/nemenyi.js';
