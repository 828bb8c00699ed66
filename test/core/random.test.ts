import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../../src/core/random.js';

test('same seed gives the same stream, different seeds differ', () => {
  const a = new Random(42);
  const b = new Random(42);
  const c = new Random(43);
  const xs = Array.from({ length: 5 }, () => a.next());
  assert.deepEqual(xs, Array.from({ length: 5 }, () => b.next()));
  assert.notDeepEqual(xs, Array.from({ length: 5 }, () => c.next()));
});

test('uniform draws stay in [0,1) with mean near 1/2', () => {
  const r = new Random(1);
  let sum = 0;
  for (let i = 0; i < 20000; i++) {
    const x = r.next();
    assert.ok(x >= 0 && x < 1);
    sum += x;
  }
  assert.ok(Math.abs(sum / 20000 - 0.5) < 0.01);
});

test('normal draws have mean 0 and variance 1', () => {
  const r = new Random(2);
  const n = 50000;
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const z = r.normal();
    s += z;
    s2 += z * z;
  }
  assert.ok(Math.abs(s / n) < 0.02);
  assert.ok(Math.abs(s2 / n - 1) < 0.03);
});

test('permutation holds every index once', () => {
  const p = new Random(3).permutation(100);
  assert.deepEqual([...p].sort((x, y) => x - y), Array.from({ length: 100 }, (_, i) => i));
});

test('int stays in range and rejects n < 1', () => {
  const r = new Random(4);
  for (let i = 0; i < 1000; i++) {
    const k = r.int(7);
    assert.ok(Number.isInteger(k) && k >= 0 && k < 7);
  }
  assert.throws(() => r.int(0), RangeError);
});

test('fork gives an independent but reproducible stream', () => {
  const a = new Random(5).fork();
  const b = new Random(5).fork();
  assert.equal(a.next(), b.next());
});
