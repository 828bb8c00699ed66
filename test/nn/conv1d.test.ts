import { test } from 'node:test';
import { initBackend } from '../../src/backend/index.js';
import { checkConv1D } from './conv1d-check.js';

await initBackend('cpu');

test("conv1d ('same', causal, dilated) matches direct loops, output and gradients (tf.conv1d path)", () => {
  checkConv1D();
});
