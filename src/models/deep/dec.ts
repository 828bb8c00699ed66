/**
 * DEC (Xie et al. 2016) and IDEC (Guo et al. 2017) on series: an autoencoder pretrained on
 * reconstruction, centroids from k-means on its latent vectors, then the clustering stage of
 * deep-embedded-clusterer.ts: DEC lowers KL(P || Q) alone (its decoder is then unused), IDEC
 * keeps the reconstruction beside it (L = Lr + 0.1 KL) so the latent space keeps the series'
 * structure. The papers' dense autoencoder (d-500-500-2000-10) is the default; `encoder: 'resnet'`
 * uses Tempora's ResNet autoencoder instead (Lafabregue et al.'s ResNet + DEC/IDEC).
 * Defaults from IDEC's paper and code: Adam 1e-3, batches of 256, 200 pretraining epochs, alpha 1,
 * tolerance 0.001. End-to-end pretraining as in IDEC's code, not DEC's layer-wise denoising one.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { parseIntegerList } from '../../core/parse-options.js';
import type { Random } from '../../core/random.js';
import type { Parameters } from '../../nn/parameters.js';
import { FINAL_CLUSTERING_DEFAULTS } from '../base/representation-clusterer.js';
import { checkChoice, checkInteger } from '../base/check-options.js';
import type { FittedShape } from '../base/estimator.js';
import { numberValue, type ClusteringMethod } from '../base/method-spec.js';
import { buildAutoencoder, ENCODERS, type AutoencoderArchitecture, type EncoderName } from './autoencoder.js';
import type { SeriesAutoencoder } from './series-autoencoder.js';
import { CLUSTERING_STAGE_OPTIONS, clusteringStageValues, EmbeddedClusterer, resolveClusteringStage, type EmbeddedClusteringConfig } from './deep-embedded-clusterer.js';
import { BATCH_NORM_MOMENTUM_OPTION, checkMomentum, checkSizes, defined, encoderOption, FILTERS_OPTION, LATENT_SIZE_OPTION, TRAINING_OPTIONS } from './deep-options.js';
import { squaredDistances } from './soft-assignment.js';

export const DEC_VARIANTS = ['dec', 'idec'] as const;
export type DecVariant = (typeof DEC_VARIANTS)[number];

/** The clustering stage's options and the autoencoder's architecture (dense by default). */
export interface DecConfig extends EmbeddedClusteringConfig, AutoencoderArchitecture {
  /** 'dec' (KL alone) or 'idec' (KL with the reconstruction): it sets the loss weights' defaults and the kind. */
  readonly variant: DecVariant;
}

export type DecArgs = Partial<DecConfig> & { nClusters: number };

const SHARED_DEFAULTS = {
  ...FINAL_CLUSTERING_DEFAULTS,
  epochs: 200,
  pretrainEpochs: 200,
  batchSize: 256,
  learningRate: 1e-3,
  updateInterval: 10,
  tolerance: 0.001,
  alpha: 1,
  encoder: 'dense',
  latentSize: 10,
  hidden: [500, 500, 2000],
  filters: [64, 128, 128],
  kernelSizes: [8, 5, 3],
  residualDecoder: true,
  batchNormMomentum: 0.99,
} as const;

/** Each variant's loss weights: DEC the KL alone, IDEC the reconstruction plus 0.1 KL (IDEC's gamma). */
const VARIANT_WEIGHTS: Record<DecVariant, { clusteringWeight: number; reconstructionWeight: number }> = {
  dec: { clusteringWeight: 1, reconstructionWeight: 0 },
  idec: { clusteringWeight: 0.1, reconstructionWeight: 1 },
};

function resolve(args: DecArgs): DecConfig {
  const variant = checkChoice('variant', args.variant ?? 'dec', DEC_VARIANTS);
  const o = { ...SHARED_DEFAULTS, ...VARIANT_WEIGHTS[variant], ...defined(args), nClusters: args.nClusters };
  return {
    ...resolveClusteringStage(o, { ...SHARED_DEFAULTS, ...VARIANT_WEIGHTS[variant] }),
    variant,
    encoder: checkChoice('encoder', o.encoder, ENCODERS),
    latentSize: checkInteger('latentSize', o.latentSize, 1),
    hidden: checkSizes('hidden', o.hidden),
    filters: checkSizes('filters', o.filters),
    kernelSizes: checkSizes('kernelSizes', o.kernelSizes),
    residualDecoder: Boolean(o.residualDecoder),
    batchNormMomentum: checkMomentum(o.batchNormMomentum),
  };
}

export class DEC extends EmbeddedClusterer<DecConfig> {
  readonly kind: string;

  constructor(args: DecArgs) {
    super(resolve(args));
    this.kind = this.config.variant.toUpperCase();
  }

  protected buildAutoencoder(params: Parameters, rng: Random, shape: FittedShape): SeriesAutoencoder {
    return buildAutoencoder(params, rng, this.config, shape.length, shape.channels);
  }

  protected squaredDistances(latent: tf.Tensor2D, centroids: tf.Tensor2D): tf.Tensor2D {
    return squaredDistances(latent, centroids);
  }
}

function decMethod(variant: DecVariant, description: string): ClusteringMethod {
  return {
    name: variant,
    description,
    kind: variant.toUpperCase(),
    options: [
      ...TRAINING_OPTIONS,
      ...CLUSTERING_STAGE_OPTIONS,
      encoderOption(ENCODERS),
      LATENT_SIZE_OPTION,
      { key: 'hidden', flags: '--hidden <a,b,c>', description: "dec, idec: the dense encoder's hidden layers, mirrored by the decoder (default 500,500,2000)", parse: (v) => parseIntegerList('--hidden', v) },
      FILTERS_OPTION,
      BATCH_NORM_MOMENTUM_OPTION,
    ],
    usesTensors: true,
    inDtcrTable: true,
    dtcrPaperColumn: variant.toUpperCase(),
    learnsFrom: 'train',
    fromConfig: (c) => new DEC(c as DecArgs),
    create: (v) => new DEC({
      ...clusteringStageValues(v),
      variant,
      encoder: v['encoder'] as EncoderName | undefined,
      latentSize: numberValue(v, 'latentSize'),
      hidden: v['hidden'] as number[] | undefined,
      filters: v['filters'] as number[] | undefined,
      batchNormMomentum: numberValue(v, 'batchNormMomentum'),
    }),
  };
}

export const DEC_METHOD = decMethod('dec', 'DEC (Xie et al. 2016): autoencoder pretraining, then KL(P || Q) to the target distribution; k-means on the latent vectors');
export const IDEC_METHOD = decMethod('idec', 'IDEC (Guo et al. 2017): DEC keeping the reconstruction loss beside the clustering loss; k-means on the latent vectors');
