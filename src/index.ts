/** Tempora's public API. */
export { Random } from './core/random.js';
export type { Seed } from './core/random.js';
export { TemporaError, OptionError, DataFormatError, DatasetNotFoundError } from './core/errors.js';
export { initBackend, activeBackend } from './backend/index.js';
export type { BackendName, BackendChoice } from './backend/index.js';
export type { SeriesMatrix } from './data/types.js';
export { KMeans } from './models/kmeans.js';
export type { KMeansOptions, KMeansProgress, KMeansInit } from './models/kmeans.js';
export { GaussianMixture } from './models/gaussian-mixture.js';
export type { GaussianMixtureOptions, GaussianMixtureProgress, CovarianceType } from './models/gaussian-mixture.js';
export { toRowMatrix } from './models/matrix.js';
export type { RowMatrix, MatrixInput } from './models/matrix.js';
