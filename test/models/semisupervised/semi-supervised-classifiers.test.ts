import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/backend/index.js';
import { OptionError } from '../../../src/core/errors.js';
import { Random } from '../../../src/core/random.js';
import type { Classifier } from '../../../src/models/base/estimator.js';
import { classificationMethod, loadModel } from '../../../src/models/registry.js';
import { FixMatch } from '../../../src/models/semisupervised/fixmatch.js';
import { MeanTeacher } from '../../../src/models/semisupervised/mean-teacher.js';
import { SelfTraining } from '../../../src/models/semisupervised/self-training.js';
import { SemiTime } from '../../../src/models/semisupervised/semitime.js';

await initBackend('cpu');

/** Two classes a tiny network cannot miss: series around +1 or -1, with noise. */
function separable(rows: number, seed: number): { x: Float64Array[]; y: Int32Array } {
  const rng = new Random(seed);
  const y = Int32Array.from({ length: rows }, (_, i) => i % 2);
  const x = Array.from(y, (c) => Float64Array.from({ length: 16 }, () => (c === 0 ? 1 : -1) + 0.3 * rng.normal()));
  return { x, y };
}

const train = separable(32, 1);
const test_ = separable(40, 2);
// a quarter of the rows keep their label
const partial = Array.from(train.y, (c, i) => (i % 4 < 2 && i % 8 < 2 ? c : -1));
const TINY = { filters: [4, 6], kernelSizes: [3, 2], epochs: 12, batchSize: 8, learningRate: 0.01 } as const;
const tmp = (): string => mkdtempSync(join(tmpdir(), 'tempora-semisup-'));

const methods: Record<string, () => Classifier> = {
  'self-training': () => new SelfTraining({ ...TINY, epochs: 8, rounds: 1, seed: 3 }),
  'mean-teacher': () => new MeanTeacher({ ...TINY, seed: 3 }),
  fixmatch: () => new FixMatch({ ...TINY, seed: 3 }),
  semitime: () => new SemiTime({ ...TINY, seed: 3 }),
};

for (const [name, make] of Object.entries(methods)) {
  test(`${name} beats chance on separable series, reports progress, is seeded and round-trips through save/load`, async () => {
    const before = tf.memory().numTensors;
    const stages: string[] = [];
    const model = await make().fit(train.x, partial, { onProgress: (event) => void stages.push(event.stage) });
    assert.ok(stages.length >= TINY.epochs - 4, `${stages.length} progress events`);
    const predicted = await model.predict(test_.x);
    const accuracy = predicted.filter((c, i) => c === test_.y[i]).length / test_.y.length;
    assert.ok(accuracy >= 0.8, `${name}: test accuracy ${accuracy}`);
    const again = await make().fit(train.x, partial);
    assert.deepEqual(await again.predictProba(test_.x), await model.predictProba(test_.x), 'same seed, same model');
    const dir = tmp();
    await model.save(dir);
    const loaded = (await loadModel(dir)) as Classifier;
    assert.equal(loaded.kind, model.kind);
    assert.deepEqual(await loaded.predictProba(test_.x), await model.predictProba(test_.x));
    for (const m of [model, again, loaded]) m.dispose();
    assert.equal(tf.memory().numTensors, before, 'no tensor left behind');
  });
}

test('the registry builds each new method from command-line values, and options are checked', () => {
  for (const name of ['self-training', 'mean-teacher', 'fixmatch', 'semitime']) {
    const model = classificationMethod(name).create({ seed: 2, epochs: 5, batchNormMomentum: 0.9 });
    assert.equal((model.getConfig() as unknown as { epochs: number }).epochs, 5);
    assert.equal(model.getConfig().seed, 2);
  }
  assert.equal((classificationMethod('fixmatch').create({ seed: 0, threshold: 0.8 }).getConfig() as unknown as { threshold: number }).threshold, 0.8);
  assert.throws(() => new FixMatch({ threshold: 1.5 }), /threshold must be in \[0, 1\]/);
  assert.throws(() => new MeanTeacher({ emaDecay: -1 }), OptionError);
  assert.throws(() => new SemiTime({ pastFraction: 1 }), /pastFraction must be in \(0, 1\)/);
  assert.throws(() => new SelfTraining({ rounds: 1.5 }), OptionError);
});
