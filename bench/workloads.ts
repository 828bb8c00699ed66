/**
 * The five training workloads of issue 6, at the sizes of ../shared/bench/torch_reference.py, on
 * Tempora's own DTCR and ResNet classifier.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Random } from '../src/core/random.js';
import { DTCR } from '../src/models/dtcr/dtcr.js';
import { ResNetClassifier } from '../src/models/semisupervised/resnet-classifier.js';

export interface Workload {
  name: string;
  /** Arguments of torch_reference.py for the same model and sizes. */
  torchArgs: string[];
  /** Builds the model and data; `step` runs one training step (forward, backward, Adam) and returns the loss. */
  build(rng: Random): { step: () => Promise<number> | number };
}

/**
 * Tempora's DTCR at the reference's settings: joined encoder stacks (layer l > 1 reads both
 * directions, as the reference's, so both do the same work), F fixed (no refresh), no input noise
 * or weight decay, Adam at 1e-3, every series and its fake in one batch of 2N.
 */
function dtcr(n: number, t: number, units = [50, 30, 30], dilations = [1, 4, 16]): Workload {
  return {
    name: `DTCR units [${units}] N=${n} T=${t} batch 2N`,
    torchArgs: ['dtcr', '--n', `${n}`, '--t', `${t}`, '--units', units.join(',')],
    build(rng) {
      const model = new DTCR({
        nClusters: 2, units, dilations, encoderStacks: 'joined', learningRate: 1e-3, noise: 0, weightDecay: 0,
        indicatorUpdateEvery: Number.MAX_SAFE_INTEGER, seed: rng.uint32(),
      });
      model.initialize({ data: Float64Array.from(rng.normalArray(n * t)), rows: n, length: t });
      return { step: () => model.trainStep().total };
    },
  };
}

/** Tempora's ResNet classifier (three residual blocks, GAP, one dense head), Adam at 1e-3. */
function resnet(batch: number, t: number, classes: number): Workload {
  return {
    name: `ResNet batch ${batch} T=${t} ${classes} classes`,
    torchArgs: ['resnet', '--batch', `${batch}`, '--t', `${t}`, '--classes', `${classes}`],
    build(rng) {
      const model = new ResNetClassifier({ channels: 1, heads: { classes }, architecture: {}, seed: rng.uint32() }, 1e-3);
      const x = tf.tensor3d(rng.normalArray(batch * t), [batch, t, 1]);
      const y = tf.oneHot(tf.tensor1d(Array.from({ length: batch }, () => rng.int(classes)), 'int32'), classes) as tf.Tensor2D;
      return { step: () => model.trainStep(x, y) };
    },
  };
}

export const WORKLOADS: Workload[] = [
  dtcr(28, 286),
  dtcr(100, 96),
  dtcr(60, 577),
  resnet(32, 286, 2),
  resnet(32, 577, 4),
];
