import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OptionError } from '../../../src/core/errors.js';
import { PlateauSchedule } from '../../../src/models/semisupervised/plateau-schedule.js';

function control(rate: number): { rate: number; setRate(r: number): void } {
  return { rate, setRate(r: number) { this.rate = r; } };
}

test('the plateau schedule halves after `patience` epochs without improvement and stops at the minimum', () => {
  const c = control(1e-3);
  const schedule = new PlateauSchedule(c, { patience: 3 });
  schedule.step(1.0);
  const rates: number[] = [];
  for (let epoch = 0; epoch < 30; epoch++) {
    schedule.step(1.0);
    rates.push(c.rate);
  }
  assert.deepEqual(rates.slice(0, 3), [1e-3, 1e-3, 5e-4]);
  assert.equal(rates[5], 2.5e-4);
  assert.equal(rates[8], 1.25e-4);
  assert.equal(rates[11], 1e-4);
  assert.equal(Math.min(...rates), 1e-4);
  assert.equal(rates.at(-1), 1e-4);
});

test('an improvement larger than minDelta resets the wait; cooldown delays the next count', () => {
  const c = control(1);
  const schedule = new PlateauSchedule(c, { patience: 2, cooldown: 2, minimum: 0.01 });
  for (const loss of [5, 5, 4, 4, 4]) schedule.step(loss);
  assert.equal(c.rate, 0.5);
  // as Keras: the first cooldown epoch counts nothing, the last one already counts towards the next plateau
  for (const loss of [4, 4]) schedule.step(loss);
  assert.equal(c.rate, 0.5);
  schedule.step(4);
  assert.equal(c.rate, 0.25);
  const small = new PlateauSchedule(control(1), { patience: 1, minDelta: 0.5 });
  small.step(1);
  assert.equal(small.step(0.9), 0.5, 'a gain below minDelta is no improvement');
});

test('the schedule state round-trips and bad options are refused', () => {
  const c = control(1);
  const a = new PlateauSchedule(c, { patience: 2 });
  a.step(3);
  a.step(3);
  const b = new PlateauSchedule(c, { patience: 2 });
  b.restore(a.snapshot());
  b.step(3);
  assert.equal(c.rate, 0.5);
  assert.throws(() => new PlateauSchedule(c, { factor: 1.5 }), OptionError);
  assert.throws(() => new PlateauSchedule(c, { patience: 0 }), /patience/);
});
