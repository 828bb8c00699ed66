/**
 * The five training workloads of issue 6, at the sizes of ../shared/bench/torch_reference.py.
 * Until the DTCR and ResNet models land, they are assembled here from src/nn pieces the same way
 * the reference builds them in PyTorch, so the kernels can be timed.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Random } from '../src/core/random.js';
import { Dense } from '../src/nn/dense.js';
import { gruFeedbackDecode, gruSequence, type GruWeights } from '../src/nn/gru.js';
import { heUniform, orthogonal, uniform, zeros } from '../src/nn/init.js';
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

function gruWeights(params: Parameters, rng: Random, name: string, features: number, units: number): GruWeights {
  const limit = 1 / Math.sqrt(units);
  return {
    kernel: params.add(`${name}/kernel`, [features, 3 * units], uniform(rng, [features, 3 * units], limit)),
    recurrentKernel: params.add(`${name}/recurrentKernel`, [units, 3 * units], orthogonal(rng, units, 3 * units)),
    bias: params.add(`${name}/bias`, [3 * units], uniform(rng, [3 * units], limit)),
    recurrentBias: params.add(`${name}/recurrentBias`, [3 * units], uniform(rng, [3 * units], limit)),
  };
}

/** [B,T,F] -> [B*d, ceil(T/d), F]: dilation folded into the batch. */
function fold(x: tf.Tensor3D, d: number): tf.Tensor3D {
  if (d === 1) return x;
  const [b, t, f] = x.shape;
  const steps = Math.ceil(t / d);
  const padded = steps * d > t ? tf.pad(x, [[0, 0], [0, steps * d - t], [0, 0]]) : x;
  return tf.reshape<tf.Rank.R3>(tf.transpose(tf.reshape(padded, [b, steps, d, f]), [0, 2, 1, 3]), [b * d, steps, f]);
}

function unfold(y: tf.Tensor3D, b: number, d: number, t: number): tf.Tensor3D {
  if (d === 1) return y;
  const [, steps, h] = y.shape;
  const merged = tf.reshape<tf.Rank.R3>(tf.transpose(tf.reshape(y, [b, d, steps, h]), [0, 2, 1, 3]), [b, steps * d, h]);
  return steps * d > t ? tf.slice(merged, [0, 0, 0], [b, t, h]) : merged;
}

function dtcr(n: number, t: number, units = [50, 30, 30], dilations = [1, 4, 16]): Workload {
  return {
    name: `DTCR units [${units}] N=${n} T=${t} batch 2N`,
    torchArgs: ['dtcr', '--n', `${n}`, '--t', `${t}`, '--units', units.join(',')],
    build(rng) {
      const params = new Parameters();
      const layers = units.map((h, l) => {
        const features = l === 0 ? 1 : 2 * units[l - 1]!;
        return { fw: gruWeights(params, rng, `fw${l}`, features, h), bw: gruWeights(params, rng, `bw${l}`, features, h) };
      });
      const hidden = 2 * units.reduce((a, b) => a + b, 0);
      const decoder = gruWeights(params, rng, 'dec', 1, hidden);
      const out = new Dense(params, rng, { name: 'out', inputUnits: hidden, units: 1 });
      const c1 = new Dense(params, rng, { name: 'c1', inputUnits: hidden, units: 128 });
      const c2 = new Dense(params, rng, { name: 'c2', inputUnits: 128, units: 2 });
      const real = rng.normalArray(n * t);
      const fake = Float32Array.from(real);
      for (let i = 0; i < n; i++) {
        const idx = Array.from({ length: Math.floor(0.2 * t) }, () => rng.int(t));
        const perm = rng.permutation(idx.length);
        idx.forEach((j, k) => { fake[i * t + j] = real[i * t + idx[perm[k]!]!]!; });
      }
      const xr = tf.tensor3d(real, [n, t, 1]);
      const x = tf.concat([xr, tf.tensor3d(fake, [n, t, 1])], 0);
      const labels = tf.oneHot(tf.tensor1d([...Array(n).fill(0), ...Array(n).fill(1)], 'int32'), 2);
      const f = tf.tensor2d(orthogonal(rng, n, 2), [n, 2]);
      const loss = (): tf.Scalar => {
        const b = 2 * n;
        let h = x as tf.Tensor3D;
        const lasts: tf.Tensor2D[] = [];
        layers.forEach((layer, l) => {
          const d = dilations[l]!;
          const h0 = tf.zeros([b * d, units[l]!]) as tf.Tensor2D;
          const of = unfold(gruSequence(fold(h, d), h0, layer.fw), b, d, t);
          const ob = unfold(gruSequence(fold(tf.reverse(h, 1), d), h0, layer.bw), b, d, t);
          h = tf.concat([of, tf.reverse(ob, 1)], 2) as tf.Tensor3D;
          const last = (s: tf.Tensor3D): tf.Tensor2D => tf.reshape(tf.slice(s, [0, t - 1, 0], [b, 1, units[l]!]), [b, units[l]!]);
          lasts.push(last(of), last(ob));
        });
        const rep = tf.concat(lasts, 1);
        const rr = tf.slice(rep, [0, 0], [n, hidden]);
        const decoded = gruFeedbackDecode(tf.zeros([n, 1]), rr, decoder, { kernel: out.kernel, bias: out.bias! }, t);
        const rec = tf.mean(tf.square(tf.sub(decoded, tf.reshape(xr, [n, t]))));
        const logits = c2.apply(tf.relu(c1.apply(rep)));
        const ce = tf.losses.softmaxCrossEntropy(labels, logits);
        const hf = tf.matMul(rr, f, true, false);
        const trace = tf.mul(0.5, tf.sub(tf.sum(tf.square(rr)), tf.sum(tf.square(hf))));
        return tf.addN([rec, ce, trace]) as tf.Scalar;
      };
      return { step: adamSteps(loss, params) };
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
