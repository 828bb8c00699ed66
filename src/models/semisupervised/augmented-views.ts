/** Augmented views of a batch of rows of a [N,T,C] tensor, for the semi-supervised methods that train on noisy inputs. */
import * as tf from '@tensorflow/tfjs-core';
import type { Random } from '../../core/random.js';
import { augment, type AugmentationName } from '../../data/augmentation/augmentations.js';

/** The rows of x, as plain values the augmentations read. */
export function batchValues(x: tf.Tensor3D, rows: Int32Array): { values: Float32Array; shape: [number, number, number] } {
  const batch = tf.tidy(() => tf.gather(x, tf.tensor1d(rows, 'int32')));
  const values = batch.dataSync() as Float32Array;
  batch.dispose();
  return { values, shape: [rows.length, x.shape[1], x.shape[2]] };
}

/** One augmented view of a batch as a tensor (the caller disposes it). */
export function augmentedView(batch: { values: Float32Array; shape: readonly [number, number, number] }, names: readonly AugmentationName[], rng: Random): tf.Tensor3D {
  const view = augment(batch, names, rng);
  return tf.tensor3d(view.values, [...view.shape]);
}
