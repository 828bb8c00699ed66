/** 'tempora/nn': the network layers and optimiser Tempora's deep methods are built from. */
export { Conv1D } from './conv1d.js';
export type { Conv1DArgs } from './conv1d.js';
export { BatchNorm, BATCH_NORM_DEFAULTS } from './batch-norm.js';
export type { BatchNormOptions, BatchNormArgs } from './batch-norm.js';
export { ResidualBlock } from './residual-block.js';
export type { ResidualBlockArgs } from './residual-block.js';
export { ResNetEncoder, RESNET_DEFAULTS } from './resnet.js';
export type { ResNetArchitecture } from './resnet.js';
export { Adam } from './adam.js';
export type { AdamOptions } from './adam.js';
export { miniBatches } from './mini-batches.js';
export { maskedCrossEntropy } from './cross-entropy.js';
export { seriesTensor, seriesValues } from './input.js';
