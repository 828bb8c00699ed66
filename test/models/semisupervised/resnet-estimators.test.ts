import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/backend/index.js';
import { OptionError } from '../../../src/core/errors.js';
import { ClusterDistillation } from '../../../src/models/semisupervised/cluster-distillation.js';
import { SemiSupDistillation } from '../../../src/models/semisupervised/semisup-distillation.js';
import { SupResNet } from '../../../src/models/semisupervised/sup-resnet.js';
import { epochLog, type EpochLog } from '../../../src/models/base/fit-options.js';
import { shapes, TINY } from '../series-fixtures.js';

await initBackend('cpu');

const { x, y } = shapes(24, 20, 2);
const partial = Array.from(y, (c, i) => (i % 3 === 0 ? c : i % 2 === 0 ? -1 : null));
const tmp = (): string => mkdtempSync(join(tmpdir(), 'tempora-cd-'));

test('Sup-ResNet trains on the labelled rows only and round-trips through save/load', async () => {
  const logs: EpochLog[] = [];
  const model = await new SupResNet({ ...TINY, seed: 2 }).fit(x, partial, { onProgress: (event) => void logs.push(epochLog(event)) });
  assert.equal(logs.length, 3);
  assert.ok(logs.every((log) => Number.isFinite(log.losses['loss']!) && log.metrics!['learningRate'] === 1e-3));
  const proba = await model.predictProba(x);
  assert.equal(proba.length, 24);
  assert.ok(proba.every((row) => row.length === 2 && Math.abs(row[0]! + row[1]! - 1) < 1e-5));
  assert.equal((await model.transform(x))[0]!.length, 6);
  const dir = tmp();
  await model.save(dir);
  const loaded = await SupResNet.load(dir);
  assert.deepEqual(await loaded.predictProba(x), proba);
  assert.deepEqual(await loaded.predict(x), await model.predict(x));
  model.dispose();
  loaded.dispose();
});

for (const variant of ['hard', 'soft'] as const) {
  test(`Cluster Distillation (${variant}): teacher then two-headed student, save/load identical`, async () => {
    const stages: string[] = [];
    const model = await new ClusterDistillation({
      variant,
      seed: 1,
      teacher: TINY,
      student: TINY,
    }).fit(x, partial, { onProgress: (event) => void stages.push(event.stage) });
    assert.deepEqual(stages, ['teacher epoch', 'teacher epoch', 'teacher epoch', 'student epoch', 'student epoch', 'student epoch']);
    assert.equal(model.alpha, 8 / 24);
    assert.deepEqual(model.classifier.config.heads, { classes: 2, clusters: 4 });
    const dir = tmp();
    await model.save(dir);
    const loaded = await ClusterDistillation.load(dir);
    assert.deepEqual(await loaded.predictProba(x), await model.predictProba(x));
    assert.deepEqual(await loaded.teacher!.predictProba(x), await model.teacher!.predictProba(x));
    assert.equal(loaded.getConfig().variant, variant);
    model.dispose();
    loaded.dispose();
  });
}

test('SemiSup-Distillation fits the teacher at a temperature and round-trips', async () => {
  const model = await new SemiSupDistillation({ temperature: 2, seed: 1, teacher: TINY, student: TINY }).fit(x, partial);
  assert.deepEqual(model.classifier.config.heads, { classes: 2 });
  const dir = tmp();
  await model.save(dir);
  const loaded = await SemiSupDistillation.load(dir);
  assert.deepEqual(await loaded.predict(x), await model.predict(x));
  assert.equal(loaded.getConfig().temperature, 2);
  model.dispose();
  loaded.dispose();
});

test('a teacher-student trains exactly the Sup-ResNet of its seed as teacher, and can reuse a trained one', async () => {
  const before = tf.memory().numTensors;
  const stages: string[] = [];
  const own = await new ClusterDistillation({ seed: 4, teacher: TINY, student: TINY }).fit(x, partial);
  const supResNet = await new SupResNet({ ...TINY, seed: 4 }).fit(x, partial);
  assert.deepEqual(await own.teacher!.predictProba(x), await supResNet.predictProba(x));
  const shared = await new ClusterDistillation({ seed: 4, teacher: TINY, student: TINY }).fit(x, partial, { teacher: supResNet, onProgress: (event) => void stages.push(event.stage) });
  assert.deepEqual(stages, ['student epoch', 'student epoch', 'student epoch']);
  assert.deepEqual(await shared.predictProba(x), await own.predictProba(x));
  const kdOwn = await new SemiSupDistillation({ seed: 4, teacher: TINY, student: TINY }).fit(x, partial);
  const kdShared = await new SemiSupDistillation({ seed: 4, teacher: TINY, student: TINY }).fit(x, partial, { teacher: supResNet });
  assert.deepEqual(await kdShared.predictProba(x), await kdOwn.predictProba(x));
  for (const model of [own, shared, kdOwn, kdShared]) model.dispose();
  // the estimators kept copies: the given teacher still predicts after they are gone
  assert.equal((await supResNet.predict(x)).length, 24);
  const dir = tmp();
  await supResNet.save(dir);
  const loaded = await SupResNet.load(dir);
  assert.deepEqual(loaded.fittedShape, { length: 20, channels: 1 });
  const fromLoaded = await new ClusterDistillation({ seed: 4, teacher: TINY, student: TINY }).fit(x, partial, { teacher: loaded });
  const again = await new ClusterDistillation({ seed: 4, teacher: TINY, student: TINY }).fit(x, partial, { teacher: supResNet });
  assert.deepEqual(await fromLoaded.predictProba(x), await again.predictProba(x));
  for (const model of [supResNet, loaded, fromLoaded, again]) model.dispose();
  assert.equal(tf.memory().numTensors, before);
});

test('a given teacher must fit the data: classes, channels and series length are checked', async () => {
  const before = tf.memory().numTensors;
  const teacher = await new SupResNet({ ...TINY, seed: 1 }).fit(x, partial);
  const three = shapes(24, 20, 3);
  const short = shapes(24, 16, 2);
  const student = (): ClusterDistillation => new ClusterDistillation({ teacher: TINY, student: TINY });
  await assert.rejects(student().fit(three.x, three.y, { teacher }), /the given teacher predicts 2 classes, the data has 3/);
  await assert.rejects(student().fit(short.x, short.y, { teacher }), /the given teacher was trained on series of length 20, the data has length 16/);
  await assert.rejects(student().fit(x, partial, { teacher: new SupResNet() }), /SupResNet is not fitted/);
  teacher.dispose();
  assert.equal(tf.memory().numTensors, before);
});

test('the tensor count is constant across epochs and nothing leaks after fit', async () => {
  const before = tf.memory().numTensors;
  const counts: number[] = [];
  const model = await new ClusterDistillation({
    seed: 3,
    teacher: { ...TINY, epochs: 4 },
    student: { ...TINY, epochs: 4 },
  }).fit(x, partial, { onProgress: (event) => void (event.stage === 'student epoch' && event.step >= 2 && counts.push(tf.memory().numTensors)) });
  assert.equal(new Set(counts).size, 1, `tensors per epoch: ${counts.join(', ')}`);
  model.dispose();
  assert.equal(tf.memory().numTensors, before);
});

test('training resumes from a checkpoint exactly where it stopped', async () => {
  const options = { ...TINY, epochs: 4, seed: 5 };
  const straight = await new SupResNet(options).fit(x, y);
  const dir = tmp();
  const stop = new AbortController();
  const interrupted = await new SupResNet(options).fit(x, y, { checkpointDir: dir, signal: stop.signal, onProgress: (event) => (event.step === 2 ? stop.abort() : undefined) });
  interrupted.dispose();
  const epochs: number[] = [];
  const resumed = await new SupResNet(options).fit(x, y, { checkpointDir: dir, onProgress: (event) => void epochs.push(event.step) });
  assert.deepEqual(epochs, [3, 4]);
  assert.deepEqual(await resumed.predictProba(x), await straight.predictProba(x));
  await assert.rejects(new SupResNet({ ...options, batchSize: 4 }).fit(x, y, { checkpointDir: dir }), /written for other data or options/);
  straight.dispose();
  resumed.dispose();
});

test('bad labels and options are named', async () => {
  await assert.rejects(new SupResNet(TINY).fit(x, new Array(24).fill(-1)), /no labelled rows/);
  await assert.rejects(new SupResNet(TINY).fit(x, [1.5, ...y.slice(1)]), OptionError);
  await assert.rejects(new SupResNet(TINY).fit(x, y.slice(1)), /23 labels for 24 series/);
  assert.throws(() => new ClusterDistillation({ alpha: 2, teacher: TINY, student: TINY }), /alpha must be in \[0, 1\], got 2/);
  assert.throws(() => new SupResNet({ ...TINY, epochs: -1 }), /epochs must be an integer >= 0, got -1/);
  await assert.rejects(new SupResNet().predict(x), /not fitted/);
});
