/**
 * DTC (Madiraju et al. 2018): the convolution + BiLSTM autoencoder of dtc-network.ts pretrained on
 * reconstruction, then its temporal clustering layer: Student's t soft assignments from one of the
 * paper's similarities between the latent sequence and each centroid sequence, trained on the
 * reconstruction plus KL(P || Q) (weights 1 and 1). Defaults from the paper and its public code:
 * 50 filters of size 10, pooling 8, BiLSTM units 50 and 1, Euclidean similarity, Adam 1e-3,
 * batches of 64, 10 pretraining epochs, 100 clustering epochs. Centroids start from k-means on the
 * latent sequences (the paper: complete-linkage hierarchical clustering).
 */
import type * as tf from '@tensorflow/tfjs-core';
import { OptionError } from '../../core/errors.js';
import { parseInteger } from '../../core/parse-options.js';
import type { Random } from '../../core/random.js';
import type { Parameters } from '../../nn/parameters.js';
import { FINAL_CLUSTERING_DEFAULTS } from '../base/representation-clusterer.js';
import { checkChoice, checkInteger } from '../base/check-options.js';
import type { FittedShape } from '../base/estimator.js';
import { numberValue, type ClusteringMethod } from '../base/method-spec.js';
import type { SeriesAutoencoder } from './series-autoencoder.js';
import { CLUSTERING_STAGE_OPTIONS, clusteringStageValues, EmbeddedClusterer, resolveClusteringStage, type EmbeddedClusteringConfig } from './deep-embedded-clusterer.js';
import { defined, TRAINING_OPTIONS } from './deep-options.js';
import { DtcNetwork, type DtcArchitecture } from './dtc-network.js';
import { SIMILARITIES, temporalDistances, type Similarity } from './temporal-similarity.js';

export interface DtcConfig extends EmbeddedClusteringConfig, DtcArchitecture {
  readonly similarity: Similarity;
}

export type DtcArgs = Partial<DtcConfig> & { nClusters: number };

export const DTC_DEFAULTS: Omit<DtcConfig, 'nClusters'> = {
  ...FINAL_CLUSTERING_DEFAULTS,
  epochs: 100,
  pretrainEpochs: 10,
  batchSize: 64,
  learningRate: 1e-3,
  updateInterval: 10,
  tolerance: 0.001,
  alpha: 1,
  clusteringWeight: 1,
  reconstructionWeight: 1,
  filters: 50,
  kernelSize: 10,
  poolSize: 8,
  units: [50, 1],
  similarity: 'euclidean',
};

function resolve(args: DtcArgs): DtcConfig {
  const o = { ...DTC_DEFAULTS, ...defined(args), nClusters: args.nClusters };
  if (!Array.isArray(o.units) || o.units.length !== 2) throw new OptionError(`units must give the two BiLSTMs' sizes, got ${String(o.units)}`);
  return {
    ...resolveClusteringStage(o, DTC_DEFAULTS),
    filters: checkInteger('filters', o.filters, 1),
    kernelSize: checkInteger('kernelSize', o.kernelSize, 1),
    poolSize: checkInteger('poolSize', o.poolSize, 1),
    units: [checkInteger('units[0]', o.units[0], 1), checkInteger('units[1]', o.units[1], 1)],
    similarity: checkChoice('similarity', o.similarity, SIMILARITIES),
  };
}

export class DTC extends EmbeddedClusterer<DtcConfig> {
  readonly kind = 'DTC';

  constructor(args: DtcArgs) {
    super(resolve(args));
    if (this.config.similarity !== 'euclidean' && this.config.units[1] !== 1) {
      throw new OptionError(`similarity '${this.config.similarity}' compares univariate latent sequences: units[1] must be 1, got ${this.config.units[1]}`);
    }
  }

  protected buildAutoencoder(params: Parameters, rng: Random, shape: FittedShape): SeriesAutoencoder {
    return new DtcNetwork(params, rng, this.config, shape.length, shape.channels);
  }

  protected squaredDistances(latent: tf.Tensor2D, centroids: tf.Tensor2D): tf.Tensor2D {
    return temporalDistances(this.config.similarity, latent, centroids);
  }
}

export const DTC_METHOD: ClusteringMethod = {
  name: 'dtc',
  description: 'DTC (Madiraju et al. 2018): convolution + BiLSTM autoencoder with a temporal clustering layer; k-means on the latent sequences',
  kind: 'DTC',
  options: [
    ...TRAINING_OPTIONS,
    ...CLUSTERING_STAGE_OPTIONS,
    { key: 'similarity', flags: '--similarity <name>', description: "dtc: 'euclidean', 'correlation' or 'autocorrelation' (default euclidean)", parse: (v) => checkChoice('--similarity', String(v), SIMILARITIES) },
    { key: 'poolSize', flags: '--pool-size <p>', description: 'dtc: pooling over time before the BiLSTMs (default 8)', parse: (v) => parseInteger('--pool-size', v, 1) },
  ],
  usesTensors: true,
  inDtcrTable: true,
  dtcrPaperColumn: 'DTC',
  learnsFrom: 'train',
  fromConfig: (c) => new DTC(c as DtcArgs),
  create: (v) => new DTC({ ...clusteringStageValues(v), similarity: v['similarity'] as Similarity | undefined, poolSize: numberValue(v, 'poolSize') }),
};
