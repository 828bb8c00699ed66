import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend } from '../../src/backend/index.js';
import { CYLINDER_BELL_FUNNEL } from '../../src/data/synthetic/cylinder-bell-funnel.js';
import { generateDataset } from '../../src/data/synthetic/generator.js';
import type { Dataset, LabelledSplit } from '../../src/data/types.js';
import { classifyDataset, type ClassificationRunOptions } from '../../src/experiments/classification-protocol.js';
import { classificationMethod } from '../../src/models/registry.js';
import { tempFiles } from '../temp-files.js';

await initBackend('wasm');

/** Short series keep the full-size ResNet of the protocol cheap. */
function shorten(split: LabelledSplit, length: number): LabelledSplit {
  return { ...split, length, series: split.series.map((row) => row.map((channel) => channel.slice(0, length))) };
}
const generated = generateDataset(CYLINDER_BELL_FUNNEL, { trainPerClass: 4, testPerClass: 2, seed: 2 });
const dataset: Dataset = { ...generated, train: shorten(generated.train, 12), test: shorten(generated.test, 12) };

async function classify(method: string, extra: Partial<ClassificationRunOptions> = {}) {
  const stages: string[] = [];
  const outcome = await classifyDataset(dataset, {
    method: classificationMethod(method),
    labelled: 0.5,
    values: { epochs: 1 },
    seed: 3,
    withFeatures: true,
    fit: { onProgress: (event) => void stages.push(event.stage) },
    ...extra,
  });
  return { ...outcome, stages };
}

test('the Sup-ResNet of a split is cached once and is every method\'s teacher; a rerun from the cache gives identical results', async () => {
  const root = tempFiles('teachers').dir;
  const teacherDir = join(root, 'teachers', 'Gen-seed3');
  const supResNet = await classify('sup-resnet', { teacherDir });
  assert.deepEqual(supResNet.stages, ['epoch']);
  assert.ok(existsSync(join(teacherDir, 'model.json')) && existsSync(join(teacherDir, 'history.json')));

  const kdShared = await classify('kd', { teacherDir });
  assert.deepEqual(kdShared.stages, ['student epoch'], 'the cached teacher is not trained again');
  const kdOwn = await classify('kd');
  assert.deepEqual(kdOwn.stages, ['teacher epoch', 'student epoch']);
  assert.deepEqual(kdShared.features, kdOwn.features);
  assert.deepEqual(kdShared.predicted, kdOwn.predicted);

  const again = await classify('sup-resnet', { teacherDir });
  assert.deepEqual(again.stages, []);
  assert.deepEqual(again.features, supResNet.features);
  assert.deepEqual([again.accuracy, again.precision, again.recall], [supResNet.accuracy, supResNet.precision, supResNet.recall]);
  assert.deepEqual(again.history, supResNet.history);
  assert.deepEqual(readdirSync(join(root, 'teachers')), ['Gen-seed3'], 'no temporary folder is left');
});

test('a run that needs the teacher while another trains it waits for that teacher instead of training its own', async () => {
  const root = tempFiles('teachers-race').dir;
  const teacherDir = join(root, 'teachers', 'Gen-seed3');
  const [supResNet, kd] = await Promise.all([classify('sup-resnet', { teacherDir }), classify('kd', { teacherDir })]);
  assert.deepEqual(supResNet.stages, ['epoch']);
  assert.deepEqual(kd.stages, ['student epoch'], 'kd loaded the teacher sup-resnet trained');
  assert.deepEqual(readdirSync(join(root, 'teachers')), ['Gen-seed3'], 'the lock is released');
});
