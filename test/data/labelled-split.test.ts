import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OptionError } from '../../src/core/errors.js';
import { labelledFraction } from '../../src/data/labelled-split.js';

const labels = Int32Array.from({ length: 57 }, (_, i) => (i < 30 ? 0 : 1));

test('the labelled split keeps every class and the asked fraction, seeded', () => {
  for (const fraction of [0.5, 0.25, 0.125, 0.09]) {
    const split = labelledFraction(labels, fraction, { seed: 3 });
    assert.equal(split.labelled.length, Math.round(fraction * 57), `fraction ${fraction}`);
    assert.equal(split.labelled.length + split.unlabelled.length, 57);
    for (const c of [0, 1]) assert.ok(split.labelled.some((row) => labels[row] === c), `class ${c} at ${fraction}`);
    for (const row of split.labelled) assert.equal(split.labels[row], labels[row]);
    for (const row of split.unlabelled) assert.equal(split.labels[row], -1);
    // stratified: each class gets its share, within one row
    const zeros = [...split.labelled].filter((row) => labels[row] === 0).length;
    assert.ok(Math.abs(zeros - (30 * split.labelled.length) / 57) < 1);
  }
  assert.deepEqual(labelledFraction(labels, 0.25, { seed: 3 }), labelledFraction(labels, 0.25, { seed: 3 }));
  assert.notDeepEqual(labelledFraction(labels, 0.25, { seed: 3 }).labelled, labelledFraction(labels, 0.25, { seed: 4 }).labelled);
});

test('a fraction that leaves a class without labels is an OptionError naming the class', () => {
  const skewed = Int32Array.from({ length: 40 }, (_, i) => (i < 36 ? 0 : 1));
  assert.throws(() => labelledFraction(skewed, 0.09, { classNames: ['normal', 'abnormal'] }), (err: Error) => {
    assert.ok(err instanceof OptionError);
    assert.match(err.message, /class "abnormal" \(4 rows\) without a labelled row/);
    return true;
  });
  assert.throws(() => labelledFraction(Int32Array.from([0, 0, 0, 1]), 0.5), /class 1 has a single row/);
  assert.equal(labelledFraction(Int32Array.from([0, 0, 0, 1]), 1).unlabelled.length, 0);
  assert.throws(() => labelledFraction(labels, 0), /\(0, 1\]/);
  assert.throws(() => labelledFraction(Int32Array.from([0, -1]), 0.5), /row 2 has label -1/);
});
