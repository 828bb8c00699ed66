/**
 * The five training workloads of issue 6, at the sizes of ../shared/bench/torch_reference.py: Tempora's
 * DTCR model, and (until the ResNet classifier lands) a ResNet assembled here from src/nn pieces the
 * way the reference builds it in PyTorch.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Random } from '../src/core/random.js';
import { Dense } from '../src/nn/dense.js';
import { heUniform, zeros } from '../src/nn/init.js';
import { DTCR } from '../src/models/dtcr/dtcr.js';
import { Parameters } from '../src/nn/parameters.js';

export interface Workload {
  name: string;
  /** Arguments of torch_reference.py for the same model and sizes. */
  torchArgs: string[];
  /** Builds the model and data; `step` runs one training step (forward, backward, Adam) and returns the loss. */
  build(rng: Random): { step: () => Promise<number> };
}

/** One Adam step (learning rate 1e-3, as the reference) on `loss` over the model's weights. */
function adamSteps(loss: () => tf.Scalar, params: Parameters): () => Promise<number> {
  const optimizer = tf.train.adam(1e-3);
  return async () => {
    const value = optimizer.minimize(loss, true, params.trainable())!;
    const [v] = await value.data();
    value.dispose();
    return v!;
  };
}

/**
 * Tempora's DTCR at the reference's settings: F fixed (no refresh), no input noise or weight decay,
 * Adam at 1e-3, every series and its fake in one batch of 2N.
 */
function dtcr(n: number, t: number, units = [50, 30, 30], dilations = [1, 4, 16]): Workload {
  return {
    name: `DTCR units [${units}] N=${n} T=${t} batch 2N`,
    torchArgs: ['dtcr', '--n', `${n}`, '--t', `${t}`, '--units', units.join(',')],
    build(rng) {
      const model = new DTCR({
        clusters: 2, units, dilations, learningRate: 1e-3, noise: 0, weightDecay: 0,
        indicatorUpdateEvery: Number.MAX_SAFE_INTEGER, seed: rng.uint32(),
      });
      model.initialize({ data: Float64Array.from(rng.normalArray(n * t)), rows: n, length: t });
      return { step: async () => model.trainStep().total };
    },
  };
}

function resnet(batch: number, t: number, classes: number): Workload {
  return {
    name: `ResNet batch ${batch} T=${t} ${classes} classes`,
    torchArgs: ['resnet', '--batch', `${batch}`, '--t', `${t}`, '--classes', `${classes}`],
    build(rng) {
      const params = new Parameters();
      const conv = (name: string, k: number, cin: number, cout: number) => ({
        filter: params.add(`${name}/filter`, [k, cin, cout], heUniform(rng, [k, cin, cout])),
        bias: params.add(`${name}/bias`, [cout], zeros([cout])),
      });
      const norm = (name: string, c: number) => ({
        gamma: params.add(`${name}/gamma`, [c], Float32Array.from({ length: c }, () => 1)),
        beta: params.add(`${name}/beta`, [c], zeros([c])),
      });
      let cin = 1;
      const blocks = [64, 128, 128].map((f, i) => {
        const block = {
          convs: [8, 5, 3].map((k, j) => conv(`b${i}c${j}`, k, j === 0 ? cin : f, f)),
          norms: [0, 1, 2].map((j) => norm(`b${i}n${j}`, f)),
          shortcut: cin !== f ? conv(`b${i}sc`, 1, cin, f) : null,
          shortcutNorm: norm(`b${i}scn`, f),
        };
        cin = f;
        return block;
      });
      const fc = new Dense(params, rng, { name: 'fc', inputUnits: 128, units: classes });
      const x = tf.tensor3d(rng.normalArray(batch * t), [batch, t, 1]);
      const labels = tf.oneHot(tf.tensor1d(Array.from({ length: batch }, () => rng.int(classes)), 'int32'), classes);
      const batchNorm = (v: tf.Tensor3D, p: { gamma: tf.Variable; beta: tf.Variable }): tf.Tensor3D => {
        const { mean, variance } = tf.moments(v, [0, 1]);
        return tf.batchNorm<tf.Rank.R3>(v, mean as tf.Tensor1D, variance as tf.Tensor1D, p.beta as tf.Tensor1D, p.gamma as tf.Tensor1D, 1e-5);
      };
      const convolve = (v: tf.Tensor3D, c: { filter: tf.Variable; bias: tf.Variable }): tf.Tensor3D =>
        tf.add<tf.Tensor3D>(tf.conv1d(v, c.filter as tf.Tensor3D, 1, 'same'), c.bias);
      const loss = (): tf.Scalar => {
        let h = x;
        for (const b of blocks) {
          let c = h;
          for (let j = 0; j < 3; j++) {
            c = batchNorm(convolve(c, b.convs[j]!), b.norms[j]!);
            if (j < 2) c = tf.relu(c);
          }
          h = tf.relu(tf.add<tf.Tensor3D>(c, batchNorm(b.shortcut ? convolve(h, b.shortcut) : h, b.shortcutNorm)));
        }
        return tf.losses.softmaxCrossEntropy(labels, fc.apply(tf.mean(h, 1)));
      };
      return { step: adamSteps(loss, params) };
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
