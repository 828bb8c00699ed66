/**
 * Whether the active backend registers a kernel: how models and gradients choose between a fused
 * or native kernel and plain TF.js ops (by the kernel, never by a backend's name).
 */
import * as tf from '@tensorflow/tfjs-core';

export function backendHasKernel(name: string): boolean {
  return tf.getKernel(name, tf.getBackend()) !== undefined;
}
