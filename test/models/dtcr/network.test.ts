import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/backend/index.js';
import { Random } from '../../../src/core/random.js';
import { initialIndicator } from '../../../src/models/dtcr/cluster-indicator.js';
import { DtcrNetwork, type DtcrBatch } from '../../../src/models/dtcr/network.js';
import { DTCR_DEFAULTS } from '../../../src/models/dtcr/options.js';
import { TINY, twoShapes } from './tiny.js';

await initBackend('cpu');

const options = { ...DTCR_DEFAULTS, ...TINY, weightDecay: 1e-2 };
const series = twoShapes(4, 10);
const rows = series.length;
const length = series[0]!.length;

function batch(fakeShift = 0): DtcrBatch {
  const flat = series.flat();
  return {
    clean: tf.tensor2d(flat, [rows, length]),
    real: tf.tensor3d(flat.map((v, i) => v + 0.01 * Math.sin(i)), [rows, length, 1]),
    fake: tf.tensor3d(flat.map((v, i) => v * 0.5 + fakeShift + 0.01 * Math.cos(i)), [rows, length, 1]),
    indicator: tf.tensor2d(initialIndicator(new Random(2), rows, 2), [rows, 2]),
  };
}

const weights = { reconstruction: 1, classification: 1, lambda: 0.5 };

test('the total loss is the sum of its components; reconstruction only sees the real half', () => {
  const network = new DtcrNetwork(new Random(1), options);
  const a = network.loss(batch(0), weights);
  const b = network.loss(batch(3), weights);
  const value = (t: tf.Tensor): number => t.dataSync()[0]!;
  const { reconstruction, classification, kmeans, decay, total } = a.losses;
  assert.ok(Math.abs(value(total) - (value(reconstruction) + value(classification) + value(kmeans) + value(decay))) < 1e-5);
  assert.equal(value(b.losses.reconstruction), value(reconstruction));
  assert.equal(value(b.losses.kmeans), value(kmeans));
  assert.notEqual(value(b.losses.classification), value(classification));
  assert.deepEqual(a.representation.shape, [rows, 2 * (4 + 3)]);
  // Switched-off terms are exactly zero.
  const off = network.loss(batch(0), { reconstruction: 0, classification: 0, lambda: 0 });
  assert.equal(value(off.losses.reconstruction) + value(off.losses.classification) + value(off.losses.kmeans), 0);
  network.dispose();
});

test('gradients of the whole DTCR loss match finite differences in encoder, decoder and head weights', () => {
  const network = new DtcrNetwork(new Random(3), options);
  const data = batch(0);
  const lossValue = (): number => tf.tidy(() => network.loss(data, weights).losses.total.dataSync()[0]!);
  const { grads } = tf.variableGrads(() => network.loss(data, weights).losses.total, network.params.trainable());
  const names = ['encoder/forward1/kernel', 'encoder/backward2/recurrent_kernel', 'decoder/gru/recurrent_kernel', 'decoder/output/kernel', 'head/hidden/kernel'];
  for (const name of names) {
    const variable = network.params.get(name);
    const grad = grads[variable.name]!.dataSync();
    const base = Float32Array.from(variable.dataSync());
    for (const i of [0, Math.floor(base.length / 2)]) {
      const eps = 1e-2;
      const set = (delta: number): void => {
        const v = Float32Array.from(base);
        v[i]! += delta;
        variable.assign(tf.tensor(v, variable.shape));
      };
      set(eps);
      const plus = lossValue();
      set(-eps);
      const minus = lossValue();
      set(0);
      const fd = (plus - minus) / (2 * eps);
      assert.ok(Math.abs(fd - grad[i]!) < 2e-2 * Math.max(1, Math.abs(fd)), `${name}[${i}]: fd ${fd} vs grad ${grad[i]}`);
    }
  }
  network.dispose();
});
