import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
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

/** A short run of each method, and where to stop it: [stage, epoch] of the progress event after which the signal fires. */
const resumable: [string, (epochs?: number) => MeanTeacher | FixMatch | SemiTime | SelfTraining, string, number][] = [
  ['mean-teacher', (epochs = 6) => new MeanTeacher({ ...TINY, epochs, seed: 4 }), 'epoch', 2],
  ['fixmatch', (epochs = 6) => new FixMatch({ ...TINY, epochs, seed: 4 }), 'epoch', 3],
  ['semitime', (epochs = 6) => new SemiTime({ ...TINY, epochs, seed: 4 }), 'epoch', 4],
  ['self-training (stopped in round 0)', (epochs = 4) => new SelfTraining({ ...TINY, epochs, rounds: 2, threshold: 0.6, seed: 4 }), 'round 0 epoch', 2],
  ['self-training (stopped in round 2, with pseudo-labels)', (epochs = 4) => new SelfTraining({ ...TINY, epochs, rounds: 2, threshold: 0.6, seed: 4 }), 'round 2 epoch', 3],
];

for (const [name, make, stopStage, stopEpoch] of resumable) {
  test(`${name}: stopped by its signal, then resumed from its checkpoints, gives the uninterrupted model exactly`, async () => {
    const before = tf.memory().numTensors;
    const straightEvents: string[] = [];
    const straight = await make().fit(train.x, partial, { onProgress: (e) => void straightEvents.push(`${e.stage} ${e.step}/${e.total}`) });
    const dir = tmp();
    try {
      const stop = new AbortController();
      const firstEvents: string[] = [];
      const interrupted = await make().fit(train.x, partial, {
        checkpointDir: dir,
        signal: stop.signal,
        onProgress: (e) => {
          firstEvents.push(`${e.stage} ${e.step}/${e.total}`);
          if (e.stage === stopStage && e.step === stopEpoch) stop.abort();
        },
      });
      interrupted.dispose();
      const stoppedAt = firstEvents.indexOf(`${stopStage} ${stopEpoch}/${straightEvents[0]!.split('/')[1]}`);
      assert.deepEqual(firstEvents, straightEvents.slice(0, stoppedAt + 1), 'the stopped run reports the epochs it trained');
      const resumedEvents: string[] = [];
      const resumed = await make().fit(train.x, partial, { checkpointDir: dir, onProgress: (e) => void resumedEvents.push(`${e.stage} ${e.step}/${e.total}`) });
      assert.deepEqual(resumedEvents, straightEvents.slice(stoppedAt + 1), 'the resumed run reports the epochs left');
      assert.deepEqual(resumed.classifier.snapshot(), straight.classifier.snapshot(), 'same weights');
      assert.deepEqual(await resumed.predictProba(test_.x), await straight.predictProba(test_.x), 'same probabilities');
      assert.deepEqual(resumed.fitSummary(), straight.fitSummary());
      // A checkpoint is only resumed by the run it was written for.
      await assert.rejects(make(2 * TINY.epochs).fit(train.x, partial.map((c, i) => (i === 1 ? -1 : c)), { checkpointDir: dir }), /written for other data or options/);
      for (const m of [straight, resumed]) m.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    assert.equal(tf.memory().numTensors, before, 'no tensor left behind');
  });
}

test('self-training checkpoints each round in its own folder; the mean teacher resumes only with the same epoch budget', async () => {
  const dir = tmp();
  try {
    const model = await new SelfTraining({ ...TINY, epochs: 2, rounds: 1, seed: 4 }).fit(train.x, partial, { checkpointDir: dir });
    assert.deepEqual(readdirSync(dir).sort(), ['round-0', 'round-1']);
    model.dispose();
    const teacherDir = join(dir, 'mean-teacher');
    const stop = new AbortController();
    (await new MeanTeacher({ ...TINY, epochs: 4, seed: 4 }).fit(train.x, partial, { checkpointDir: teacherDir, signal: stop.signal, onProgress: () => stop.abort() })).dispose();
    // its consistency ramp-up spans a fraction of the budget, so a longer run would not continue it
    await assert.rejects(new MeanTeacher({ ...TINY, epochs: 5, seed: 4 }).fit(train.x, partial, { checkpointDir: teacherDir }), /written for other data or options/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

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
