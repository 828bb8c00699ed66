import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { CD_EXPERIMENT, teacherFolder } from '../../src/experiments/cd-experiment.js';
import { DTCR_EXPERIMENT, representationFolder } from '../../src/experiments/dtcr-experiment.js';
import { runKey } from '../../src/experiments/results-store.js';

const papers = existsSync('../shared/papers/dtcr_paper_ri.tsv');
const data = existsSync('../shared/data/ucr/Coffee');

test('the DTCR plan: every table method per dataset and seed, epochs by budget, keys unique', () => {
  const plan = DTCR_EXPERIMENT.plan(['Coffee', 'ECG200'], 2, 'quick');
  assert.deepEqual(DTCR_EXPERIMENT.methods, [
    'dtcr', 'dtcr+umap', 'kmeans', 'kshape', 'kdba', 'ksc', 'kmedoids', 'umap-kmeans',
    'resnet-ae', 'resnet-ae+umap', 'dec', 'dec+umap', 'idec', 'idec+umap', 'dtc', 'dtc+umap',
  ]);
  assert.equal(plan.length, 2 * 2 * DTCR_EXPERIMENT.methods.length);
  assert.deepEqual(plan[0], { dataset: 'Coffee', method: 'dtcr', seed: 0, settings: { budget: 'quick', epochs: 20 } });
  assert.deepEqual(plan.find((s) => s.method === 'kmeans')!.settings, { budget: 'quick' });
  assert.deepEqual(plan.find((s) => s.method === 'resnet-ae+umap')!.settings, { budget: 'quick', epochs: 20 });
  assert.equal(new Set(plan.map(runKey)).size, plan.length);
  // Every +umap run after every training, so that no worker waits on another's.
  const firstUmap = plan.findIndex((s) => s.method.endsWith('+umap'));
  assert.ok(plan.slice(firstUmap).every((s) => s.method.endsWith('+umap')));
  assert.deepEqual(plan[firstUmap], { dataset: 'Coffee', method: 'dtcr+umap', seed: 0, settings: { budget: 'quick', epochs: 20 } });
  assert.equal(DTCR_EXPERIMENT.plan(['Coffee'], 1, 'paper')[0]!.settings['epochs'], 300);
});

test('a method with a representation and its +umap column share one training folder per dataset, seed and budget', () => {
  const plan = DTCR_EXPERIMENT.plan(['Coffee'], 2, 'quick');
  const folderOf = (method: string, seed: number): string => representationFolder('OUT', plan.find((s) => s.method === method && s.seed === seed)!);
  assert.equal(folderOf('resnet-ae', 0), folderOf('resnet-ae+umap', 0));
  assert.equal(folderOf('dtcr', 1), folderOf('dtcr+umap', 1));
  assert.notEqual(folderOf('resnet-ae', 0), folderOf('resnet-ae', 1));
  assert.notEqual(folderOf('resnet-ae', 0), folderOf('dec', 0));
  assert.match(folderOf('dec', 0), /^OUT\/representations\/Coffee-[0-9a-f]{16}$/);
});

test('the Cluster Distillation plan: every registered classifier at each fraction of the budget', () => {
  const methods = CD_EXPERIMENT.methods.length;
  assert.equal(methods, 8);
  const quick = CD_EXPERIMENT.plan(['Coffee'], 2, 'quick');
  assert.equal(quick.length, methods * 2 * 2);
  assert.deepEqual([...new Set(quick.map((s) => s.settings['labelled']))], [0.5, 0.09]);
  assert.equal(CD_EXPERIMENT.plan(['Coffee'], 1, 'paper').length, methods * 4);
  assert.deepEqual(CD_EXPERIMENT.plan(['Coffee'], 1, 'standard')[0]!.settings, { budget: 'standard', labelled: 0.5, epochs: 60, batchNormMomentum: 0.9 });
  assert.equal(CD_EXPERIMENT.plan(['Coffee'], 1, 'standard').length, methods * 2);
  assert.equal(CD_EXPERIMENT.plan(['Coffee'], 1, 'paper')[0]!.settings['epochs'], 1500);
  assert.equal(new Set(quick.map(runKey)).size, quick.length);
});

test('Cluster Distillation runs share one teacher folder per dataset, fraction, seed and budget; Sup-ResNet runs come first', () => {
  const plan = CD_EXPERIMENT.plan(['Coffee'], 2, 'quick');
  assert.deepEqual(
    plan.slice(0, 4).map((s) => [s.method, s.seed]),
    [['sup-resnet', 0], ['sup-resnet', 1], ['cd-hard', 0], ['cd-hard', 1]],
  );
  const folders = new Map<string, Set<string>>();
  for (const spec of plan) {
    const key = `${spec.settings['labelled']}|${spec.seed}`;
    folders.set(key, (folders.get(key) ?? new Set()).add(teacherFolder('OUT', spec)));
  }
  assert.equal(folders.size, 4);
  assert.ok([...folders.values()].every((set) => set.size === 1), 'the four methods of one split share a folder');
  assert.equal(new Set([...folders.values()].map((set) => [...set][0])).size, 4, 'splits and seeds have folders of their own');
  const other = CD_EXPERIMENT.plan(['Coffee'], 1, 'paper')[0]!;
  assert.notEqual(teacherFolder('OUT', other), teacherFolder('OUT', plan[0]!));
  assert.match(teacherFolder('OUT', plan[0]!), /^OUT\/teachers\/Coffee-[0-9a-f]{16}$/);
});

test("the papers' values are found per dataset, method, metric and fraction (needs ../shared/papers)", { skip: papers ? false : 'needs ../shared/papers' }, () => {
  assert.equal(DTCR_EXPERIMENT.paperValue('Coffee', 'dtcr', 'ri'), 0.9286);
  assert.equal(DTCR_EXPERIMENT.paperValue('Coffee', 'kmeans', 'ri'), 0.746);
  assert.equal(DTCR_EXPERIMENT.paperValue('Coffee', 'dtcr', 'acc'), undefined);
  const study = DTCR_EXPERIMENT.study!;
  assert.equal(study.value('ArrowHead', 'kmeans', 'nmi'), 0.2724);
  assert.equal(study.value('ArrowHead', 'umap-kmeans', 'nmi'), 0.5143);
  assert.equal(study.value('ArrowHead', 'resnet-ae', 'nmi'), 0.2496);
  assert.equal(study.value('ArrowHead', 'resnet-ae+umap', 'nmi'), undefined, 'the study reports no per-dataset UMAP column for its networks');
  assert.equal(study.value('ArrowHead', 'kmeans', 'ri'), undefined, 'the study reports NMI only');
  assert.equal(CD_EXPERIMENT.paperValue('ArrowHead', 'cd-hard', 'accuracy', 0.09), 0.5062);
  assert.equal(CD_EXPERIMENT.paperValue('ArrowHead', 'sup-resnet', 'accuracy', 0.5), 0.7131);
  assert.equal(CD_EXPERIMENT.paperValue('ArrowHead', 'kd', 'precision', 0.5), undefined);
});

test('the papers\' datasets found in the UCR folder (needs ../shared/data/ucr and ../shared/papers)', { skip: papers && data ? false : 'needs ../shared/data/ucr and ../shared/papers' }, () => {
  const dtcr = DTCR_EXPERIMENT.availableDatasets();
  assert.ok(dtcr.includes('Coffee') && dtcr.includes('ECG200') && !dtcr.includes('CBF'));
  assert.deepEqual(CD_EXPERIMENT.availableDatasets(), ['ArrowHead', 'Car', 'Coffee', 'DistalPhalanxOutlineAgeGroup', 'ECG200', 'Ham', 'Herring', 'Meat', 'Trace', 'Wine']);
});
