import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../../../src/core/random.js';
import { makeFakes } from '../../../src/models/dtcr/fake-samples.js';

test('a fake permutes values among at most int(alpha*T) positions of its own series, reproducibly', () => {
  const [rows, length, alpha] = [5, 40, 0.2];
  const values = Float32Array.from({ length: rows * length }, (_, i) => i);
  const fakes = makeFakes(values, rows, length, alpha, new Random(1));
  let changedAny = false;
  for (let r = 0; r < rows; r++) {
    const real = Array.from(values.subarray(r * length, (r + 1) * length));
    const fake = Array.from(fakes.subarray(r * length, (r + 1) * length));
    const changed = fake.filter((v, t) => v !== real[t]).length;
    assert.ok(changed <= Math.trunc(alpha * length), `row ${r}: ${changed} steps changed`);
    changedAny ||= changed > 0;
    for (const v of fake) assert.ok(real.includes(v), `row ${r}: value ${v} is not from this series`);
  }
  assert.ok(changedAny);
  assert.deepEqual(makeFakes(values, rows, length, alpha, new Random(1)), fakes);
});
