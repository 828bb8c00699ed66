/**
 * The autoencoders DEC and IDEC (and ResNet-AE) build by name: the dense autoencoder of DEC and
 * IDEC (d-500-500-2000-10) and the ResNet autoencoder of Lafabregue et al. (2022).
 */
import { OptionError } from '../../core/errors.js';
import type { Random } from '../../core/random.js';
import type { Parameters } from '../../nn/parameters.js';
import { DenseAutoencoder } from './dense-autoencoder.js';
import { ResNetAutoencoder } from './resnet-autoencoder.js';
import type { SeriesAutoencoder } from './series-autoencoder.js';

export const ENCODERS = ['dense', 'resnet'] as const;
export type EncoderName = (typeof ENCODERS)[number];

/** What fixes an autoencoder's weights' shapes (with the series' length and channels). */
export interface AutoencoderArchitecture {
  readonly encoder: EncoderName;
  /** Size of the latent vector (the representation that is clustered). */
  readonly latentSize: number;
  /** dense: hidden layer sizes of the encoder, mirrored by the decoder. */
  readonly hidden: readonly number[];
  /** resnet: filters of the encoder's residual blocks (the decoder's run in reverse). */
  readonly filters: readonly number[];
  /** resnet: kernel sizes inside every residual block. */
  readonly kernelSizes: readonly number[];
  /** resnet: whether the decoder has residual blocks (Lafabregue's) or is dense only. */
  readonly residualDecoder: boolean;
  /** resnet: BatchNorm's moving-average momentum (Keras: 0.99; short runs need less). */
  readonly batchNormMomentum: number;
}

export function buildAutoencoder(params: Parameters, rng: Random, architecture: AutoencoderArchitecture, length: number, channels: number): SeriesAutoencoder {
  switch (architecture.encoder) {
    case 'dense':
      return new DenseAutoencoder(params, rng, { inputSize: length * channels, hidden: architecture.hidden, latentSize: architecture.latentSize, length, channels });
    case 'resnet':
      return new ResNetAutoencoder(params, rng, { ...architecture, length, channels });
    default:
      throw new OptionError(`encoder must be one of ${ENCODERS.join(', ')}, got '${String(architecture.encoder)}'`);
  }
}
