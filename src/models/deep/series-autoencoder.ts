/** What every deep clusterer's network is: an encoder from series [B,T,C] to a latent vector [B,D] and a decoder back to [B,T,C]. */
import type * as tf from '@tensorflow/tfjs-core';

export interface SeriesAutoencoder {
  readonly latentSize: number;
  encode(x: tf.Tensor3D, training: boolean): tf.Tensor2D;
  decode(z: tf.Tensor2D, training: boolean): tf.Tensor3D;
}
