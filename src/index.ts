/** Tempora's public API. */
export { Random } from './core/random.js';
export type { Seed } from './core/random.js';
export { TemporaError, OptionError, DataFormatError, DatasetNotFoundError } from './core/errors.js';
export { initBackend, activeBackend } from './backend/index.js';
export type { BackendName, BackendChoice } from './backend/index.js';
export type { LabelledSplit, Dataset, SeriesMatrix } from './data/types.js';
export { parseUcrTsv, parseUcrCsv } from './data/ucr-delimited.js';
export { parseTsFormat } from './data/ts-format.js';
export { parseArff } from './data/arff.js';
export { parseSplit, readSplit, SPLIT_EXTENSIONS } from './data/read-split.js';
export { canonicalLabel, orderClassNames, unifyLabels } from './data/labels.js';
export { dataRoot } from './data/data-root.js';
export { listDatasets, loadDataset, locateDataset } from './data/dataset.js';
export type { LoadDatasetOptions, DatasetFiles } from './data/dataset.js';
export { zNormalize, normalizeSplit } from './data/normalize.js';
export { toSeriesMatrix } from './data/series-matrix.js';
export type { SeriesMatrixOptions } from './data/series-matrix.js';
