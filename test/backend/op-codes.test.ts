import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addonFailure, loadAddon } from '../../src/backend/native/addon.js';
import { BINARY_OPS, UNARY_OPS } from '../../src/backend/native/op-codes.js';

// The addon exports its operation names in the order of its codes (native/kernels.h); the
// TypeScript side sends codes from op-codes.ts: both orders must be the same.
const addon = loadAddon();

test('the unary and binary operation codes agree between the addon and TypeScript', { skip: addon === null ? `native addon not built (${addonFailure()})` : false }, () => {
  assert.deepEqual(addon!.opCodes.unary, [...UNARY_OPS]);
  assert.deepEqual(addon!.opCodes.binary, [...BINARY_OPS]);
});
