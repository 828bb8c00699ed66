import { test } from 'node:test';
import { initBackend } from '../../src/backend/index.js';
import { checkConv1D } from './conv1d-check.js';

// wasm lacks Conv2DBackpropFilter: Conv1D takes its im2col path with a hand-written gradient.
await initBackend('wasm');

test("conv1d ('same', causal, dilated) matches direct loops, output and gradients (im2col path)", () => {
  checkConv1D();
});
