/**
 * A representation that clusters (Lafabregue et al. 2022, their best end-to-end method on 128 UCR
 * datasets): a ResNet autoencoder trained on reconstruction plus the unsupervised triplet loss of
 * Franceschi et al. (2019), without any clustering loss, then k-means on the latent vectors.
 * Defaults follow Lafabregue et al.'s code: ResNet filters 64, 128, 128 and kernels 8, 5, 3,
 * latent size 10, Adam 1e-3, batches of 10, one negative per anchor with penalty 1.
 * `encoder: 'dilated'` swaps the ResNet for Franceschi et al.'s dilated causal CNN, the encoder the
 * triplet loss was written for (Lafabregue et al.'s other convolutional architecture), with the
 * paper's sizes: 10 blocks of 40 channels, a last block of 160, kernel size 3.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Random } from '../../core/random.js';
import { parseInteger, parseNumber } from '../../core/parse-options.js';
import type { SeriesInput } from '../../nn/input.js';
import type { Parameters } from '../../nn/parameters.js';
import { FINAL_CLUSTERING_DEFAULTS } from '../base/representation-clusterer.js';
import { checkChoice, checkInteger, checkNumber } from '../base/check-options.js';
import type { FittedShape } from '../base/estimator.js';
import type { FitOptions } from '../base/fit-options.js';
import { numberValue, type ClusteringMethod } from '../base/method-spec.js';
import { buildAutoencoder } from './autoencoder.js';
import { AutoencoderClusterer, Stream, type TrainingSeries, type TrainingStage } from './autoencoder-clusterer.js';
import { DilatedAutoencoder } from './dilated-autoencoder.js';
import type { SeriesAutoencoder } from './series-autoencoder.js';
import { BATCH_NORM_MOMENTUM_OPTION, checkMomentum, checkSizes, defined, encoderOption, FILTERS_OPTION, LATENT_SIZE_OPTION, resolveTraining, TRAINING_OPTIONS, trainingValues, type DeepTrainingConfig } from './deep-options.js';
import { cutSubseries, sampleTriplets, tripletLoss } from './triplet-loss.js';

export const RESNET_AE_ENCODERS = ['resnet', 'dilated'] as const;
export type ResNetAeEncoder = (typeof RESNET_AE_ENCODERS)[number];

export interface ResNetAeConfig extends DeepTrainingConfig {
  /** 'resnet' (Wang et al.'s residual blocks) or 'dilated' (Franceschi et al.'s causal CNN). */
  readonly encoder: ResNetAeEncoder;
  /** Size of the latent vector k-means clusters. */
  readonly latentSize: number;
  /** Filters of the encoder's residual blocks (the decoder's in reverse). */
  readonly filters: readonly number[];
  /** Kernel sizes of the convolutions of every residual block. */
  readonly kernelSizes: readonly number[];
  /** Whether the decoder has residual blocks (Lafabregue et al.'s) or only the linear map. */
  readonly residualDecoder: boolean;
  /** BatchNorm's moving-average momentum. */
  readonly batchNormMomentum: number;
  /** dilated: blocks of `channels` filters (dilations 1 to 2^(depth-1)) before the reducing block. */
  readonly depth: number;
  /** dilated: filters of those blocks. */
  readonly channels: number;
  /** dilated: filters of the last block (dilation 2^depth), max-pooled over time. */
  readonly reducedSize: number;
  /** dilated: kernel size of every causal convolution. */
  readonly kernelSize: number;
  /** Weight of the triplet loss beside the reconstruction (0: a plain autoencoder). */
  readonly tripletWeight: number;
  /** Negative subseries per anchor. */
  readonly negatives: number;
  /** Weight of the negatives' term in the triplet loss. */
  readonly negativePenalty: number;
}

export type ResNetAeArgs = Partial<ResNetAeConfig> & { nClusters: number };

export const RESNET_AE_DEFAULTS: Omit<ResNetAeConfig, 'nClusters'> = {
  ...FINAL_CLUSTERING_DEFAULTS,
  epochs: 100,
  batchSize: 10,
  learningRate: 1e-3,
  encoder: 'resnet',
  latentSize: 10,
  filters: [64, 128, 128],
  kernelSizes: [8, 5, 3],
  residualDecoder: true,
  batchNormMomentum: 0.99,
  depth: 10,
  channels: 40,
  reducedSize: 160,
  kernelSize: 3,
  tripletWeight: 1,
  negatives: 1,
  negativePenalty: 1,
};

function resolve(args: ResNetAeArgs): ResNetAeConfig {
  const o = { ...RESNET_AE_DEFAULTS, ...defined(args), nClusters: args.nClusters };
  return {
    ...resolveTraining(o, RESNET_AE_DEFAULTS),
    encoder: checkChoice('encoder', o.encoder, RESNET_AE_ENCODERS),
    latentSize: checkInteger('latentSize', o.latentSize, 1),
    filters: checkSizes('filters', o.filters),
    kernelSizes: checkSizes('kernelSizes', o.kernelSizes),
    residualDecoder: Boolean(o.residualDecoder),
    batchNormMomentum: checkMomentum(o.batchNormMomentum),
    depth: checkInteger('depth', o.depth, 0),
    channels: checkInteger('channels', o.channels, 1),
    reducedSize: checkInteger('reducedSize', o.reducedSize, 1),
    kernelSize: checkInteger('kernelSize', o.kernelSize, 1),
    tripletWeight: checkNumber('tripletWeight', o.tripletWeight, 0),
    negatives: checkInteger('negatives', o.negatives, 1),
    negativePenalty: checkNumber('negativePenalty', o.negativePenalty, 0),
  };
}

export class ResNetAE extends AutoencoderClusterer<ResNetAeConfig> {
  readonly kind = 'ResNetAE';

  constructor(args: ResNetAeArgs) {
    super(resolve(args));
  }

  protected buildNetwork(params: Parameters, rng: Random, shape: FittedShape): SeriesAutoencoder {
    const c = this.config;
    if (c.encoder === 'dilated') {
      const architecture = { depth: c.depth, channels: c.channels, reducedSize: c.reducedSize, kernelSize: c.kernelSize };
      return new DilatedAutoencoder(params, rng, { latentSize: c.latentSize, architecture, length: shape.length, channels: shape.channels });
    }
    const architecture = { encoder: 'resnet', latentSize: c.latentSize, hidden: [], filters: c.filters, kernelSizes: c.kernelSizes, residualDecoder: c.residualDecoder, batchNormMomentum: c.batchNormMomentum } as const;
    return buildAutoencoder(params, rng, architecture, shape.length, shape.channels);
  }

  protected async learn(x: SeriesInput, fit: FitOptions): Promise<void> {
    const series = this.startTraining(x);
    // Each epoch's triplets come from its generator, after the batch order: a resumed run draws them again exactly.
    const stage: TrainingStage<ResNetAeConfig> = { event: 'epoch', budget: 'epochs', purpose: Stream.Batches, variables: this.trainableNames(), losses: (rows, random) => this.losses(series, rows, random) };
    this.recordTraining(await this.trainStage(series, stage, fit));
  }

  /** Reconstruction of the batch plus the weighted triplet loss of its subseries. */
  private losses(series: TrainingSeries, rows: Int32Array, random: Random): Record<string, tf.Scalar> {
    const c = this.config;
    const { network } = this.fitted();
    const reconstruction = this.reconstruction(this.batchOf(series, rows)).loss;
    if (c.tripletWeight === 0) return { reconstruction };
    const plan = sampleTriplets(random, rows, series.rows, series.length, c.negatives);
    const { values, length, channels } = series;
    const anchor = network.encode(cutSubseries(values, length, channels, plan.rows, plan.anchorStarts, plan.anchorLength), true);
    const positive = network.encode(cutSubseries(values, length, channels, plan.rows, plan.positiveStarts, plan.sampleLength), true);
    // All negative draws in one pass, draw-major.
    const negativeRows = Int32Array.from(plan.negativeRows.flatMap((r) => [...r]));
    const negativeStarts = Int32Array.from(plan.negativeStarts.flatMap((s) => [...s]));
    const negatives = network.encode(cutSubseries(values, length, channels, negativeRows, negativeStarts, plan.sampleLength), true);
    return { reconstruction, triplet: tf.mul(tripletLoss(anchor, positive, negatives, c.negativePenalty), c.tripletWeight) as tf.Scalar };
  }
}

export const RESNET_AE_METHOD: ClusteringMethod = {
  name: 'resnet-ae',
  description: 'ResNet (or dilated causal CNN) autoencoder trained with reconstruction + the triplet loss of Franceschi et al. (Lafabregue et al. 2022), k-means on its latent vectors',
  kind: 'ResNetAE',
  options: [
    ...TRAINING_OPTIONS,
    encoderOption(RESNET_AE_ENCODERS),
    LATENT_SIZE_OPTION,
    FILTERS_OPTION,
    BATCH_NORM_MOMENTUM_OPTION,
    { key: 'depth', flags: '--depth <n>', description: 'resnet-ae with --encoder dilated: blocks of --channels filters before the reducing block (default 10)', parse: (v) => parseInteger('--depth', v, 0) },
    { key: 'channels', flags: '--channels <n>', description: 'resnet-ae with --encoder dilated: filters of those blocks (default 40)', parse: (v) => parseInteger('--channels', v, 1) },
    { key: 'reducedSize', flags: '--reduced-size <n>', description: 'resnet-ae with --encoder dilated: filters of the last block, max-pooled over time (default 160)', parse: (v) => parseInteger('--reduced-size', v, 1) },
    { key: 'tripletWeight', flags: '--triplet-weight <w>', description: 'resnet-ae: weight of the triplet loss (default 1; 0 trains a plain autoencoder)', parse: (v) => parseNumber('--triplet-weight', v, (n) => n >= 0, 'a number >= 0') },
    { key: 'negatives', flags: '--negatives <n>', description: 'resnet-ae: negative subseries per anchor (default 1)', parse: (v) => parseInteger('--negatives', v, 1) },
  ],
  usesTensors: true,
  inDtcrTable: true,
  // Their ResNet autoencoder with reconstruction and triplet losses ('joint').
  lafabregueColumn: 'resnet_joint',
  learnsFrom: 'train',
  fromConfig: (c) => new ResNetAE(c as ResNetAeArgs),
  create: (v) => new ResNetAE({
    ...trainingValues(v),
    encoder: v['encoder'] as ResNetAeEncoder | undefined,
    latentSize: numberValue(v, 'latentSize'),
    filters: v['filters'] as number[] | undefined,
    batchNormMomentum: numberValue(v, 'batchNormMomentum'),
    depth: numberValue(v, 'depth'),
    channels: numberValue(v, 'channels'),
    reducedSize: numberValue(v, 'reducedSize'),
    tripletWeight: numberValue(v, 'tripletWeight'),
    negatives: numberValue(v, 'negatives'),
  }),
};
