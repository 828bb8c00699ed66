import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { Random } from '../../src/core/random.js';
import { DTCR } from '../../src/models/dtcr/dtcr.js';
import { backendUnderTest } from './compare.js';

/** Losses of a tiny DTCR's first training steps (past its first F refresh) on one backend. */
function dtcrLosses(backend: string): number[] {
  tf.setBackend(backend);
  const model = new DTCR({ clusters: 2, units: [8, 4, 4], dilations: [1, 4, 16], seed: 1 });
  model.initialize({ data: Float64Array.from(new Random(3).normalArray(6 * 37)), rows: 6, length: 37 });
  const losses = Array.from({ length: 12 }, () => model.trainStep().total);
  model.dispose();
  return losses;
}

test(`DTCR trains on ${backendUnderTest.name} as on cpu, step for step`, { skip: backendUnderTest.skip }, () => {
  const reference = dtcrLosses('cpu');
  const tested = dtcrLosses(backendUnderTest.name);
  tested.forEach((loss, i) => assert.ok(Math.abs(loss - reference[i]!) <= 1e-3 * Math.abs(reference[i]!),
    `step ${i + 1}: loss ${loss} but ${reference[i]} on cpu`));
});
