import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { BufferPool, bufferLength } from '../../src/backend/native/buffer-pool.js';
import { Random } from '../../src/core/random.js';
import { backendUnderTest } from './compare.js';

const BIG = 1 << 14;

test('the buffer pool hands an array out again only after its last user released it', () => {
  const pool = new BufferPool();
  const a = pool.take(BIG);
  pool.use(a);
  pool.use(a.subarray(0, 10));
  pool.release(a);
  assert.notEqual(pool.take(BIG), a, 'a view still uses the buffer');
  pool.release(a.subarray(0, 10));
  assert.equal(pool.take(BIG), a, 'reused once nothing uses it');
});

test('the buffer pool rounds lengths up to 8 sizes per doubling, so nearby lengths share buffers', () => {
  assert.deepEqual([4096, 4097, 4608, 4609, 8191, 8192, 10000].map(bufferLength), [4096, 4608, 4608, 5120, 8192, 8192, 10240]);
  for (let n = 4096; n < 1 << 20; n += 997) {
    const size = bufferLength(n);
    assert.ok(size >= n && size <= n * 1.125, `${n} -> ${size}`);
  }
  const pool = new BufferPool();
  const a = pool.take(BIG + 5);
  assert.equal(a.length, BIG + 5);
  pool.use(a);
  pool.release(a);
  const b = pool.take(BIG + 100);
  assert.equal(b.length, BIG + 100);
  assert.equal(b.buffer, a.buffer, 'a nearby length reuses the buffer');
});

test('without a free array of its size, the buffer pool hands out the smallest free one of up to twice the size', () => {
  const pool = new BufferPool();
  const [small, large, huge] = [BIG + 4096, 2 * BIG, 4 * BIG].map((n) => pool.take(n));
  for (const a of [small, large, huge]) {
    pool.use(a);
    pool.release(a);
  }
  const b = pool.take(BIG);
  assert.equal(b.length, BIG);
  assert.equal(b.buffer, small!.buffer, 'the smallest larger one');
  const c = pool.take(BIG);
  assert.equal(c.buffer, large!.buffer, 'then the next, at twice the size');
  assert.ok(![small, large, huge].some((a) => a!.buffer === pool.take(BIG).buffer), 'never one of more than twice the size');
  pool.use(c);
  pool.release(c);
  assert.equal(pool.take(2 * BIG).buffer, large!.buffer, 'released, it serves its own size again');
});

test('the buffer pool never recycles an array that escaped, nor small arrays', () => {
  const pool = new BufferPool();
  const a = pool.take(BIG);
  pool.use(a);
  pool.escape(a);
  pool.release(a);
  assert.notEqual(pool.take(BIG), a);
  const small = pool.take(16);
  pool.use(small);
  pool.release(small);
  assert.notEqual(pool.take(16), small);
});

test(`recycled outputs on ${backendUnderTest.name} never overwrite what a reader or a view still holds`, { skip: backendUnderTest.skip }, () => {
  tf.setBackend(backendUnderTest.name);
  const random = new Random(3);
  const values = Float32Array.from(random.normalArray(BIG));
  const base = tf.tensor1d(values);
  const make = (): tf.Tensor1D => tf.mul(base, 2);
  const expected = (i: number): number => Math.fround(values[i]! * 2);
  // Many same-sized outputs of other values, that could reuse a recycled array.
  const churn = (): void => {
    for (let i = 0; i < 8; i++) tf.tidy(() => tf.add(tf.mul(base, -3 - i), tf.mul(base, 5 + i)));
  };
  // A value read with dataSync, then its tensor disposed.
  const read = make();
  const readValues = read.dataSync();
  read.dispose();
  churn();
  for (let i = 0; i < BIG; i++) assert.equal(readValues[i], expected(i), `read value ${i}`);
  // A contiguous slice (the CPU kernel returns a view of its input's array), then the input disposed.
  const whole = make();
  const view = tf.slice(whole, [BIG / 2], [BIG / 2]);
  whole.dispose();
  churn();
  const viewValues = view.dataSync();
  for (let i = 0; i < BIG / 2; i++) assert.equal(viewValues[i], expected(BIG / 2 + i), `view value ${i}`);
  tf.dispose([base, view]);
});
