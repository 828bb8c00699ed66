import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initBackend } from '../../../src/backend/index.js';
import { OptionError } from '../../../src/core/errors.js';
import { DEC, type DecArgs } from '../../../src/models/deep/dec.js';
import { DTC } from '../../../src/models/deep/dtc.js';
import { ResNetAE, type ResNetAeArgs } from '../../../src/models/deep/resnet-ae.js';
import { tempFiles } from '../../temp-files.js';
import { checkResume, fitWithCheckpoints, twoShapes } from './estimator-checks.js';

await initBackend('cpu');

const DEC_TINY: DecArgs = { nClusters: 2, hidden: [8, 6], latentSize: 2, pretrainEpochs: 3, epochs: 3, batchSize: 6, updateInterval: 3, tolerance: 0, seed: 1 };
const RESNET_AE_TINY: ResNetAeArgs = { nClusters: 2, filters: [4, 6], kernelSizes: [3, 2], latentSize: 3, epochs: 3, batchSize: 6, negatives: 2, seed: 1 };
const CHILD = fileURLToPath(new URL('./fit-child.js', import.meta.url));
const { x } = twoShapes();
const scratch = tempFiles('deep-resume');
let folders = 0;

function folder(): string {
  const dir = join(scratch.dir, `run-${folders++}`);
  mkdirSync(dir);
  return dir;
}

/**
 * Fits in a child process that is SIGKILLed at the progress event `killAt`, then resumes in this
 * process from the checkpoints it left: the model is the uninterrupted one, and the resumed fit
 * trains the epochs `resumedEpochs`.
 */
async function checkKilled(make: () => DEC | ResNetAE, method: string, config: object, killAt: string, resumedEpochs: readonly string[]): Promise<void> {
  const dir = folder();
  const child = spawnSync(process.execPath, [CHILD, dir, method, JSON.stringify(config), killAt], { encoding: 'utf8' });
  assert.equal(child.signal, 'SIGKILL', `the child was not killed: ${child.stderr}`);
  const resumed = make();
  assert.deepEqual(await fitWithCheckpoints(resumed, x, dir), resumedEpochs);
  const whole = await make().fit(x);
  assert.deepEqual(await resumed.toSaved(), await whole.toSaved());
  [resumed, whole].forEach((m) => m.dispose());
}

test('dec: a fit stopped in its clustering stage resumes there, the pretraining kept, to the uninterrupted model', async () => {
  const dir = folder();
  await checkResume(() => new DEC(DEC_TINY), x, dir, 'epoch 1', ['epoch 2', 'epoch 3']);
  // One folder per stage, each with its last checkpoint.
  assert.equal(readFileSync(join(dir, 'pretraining', 'LATEST'), 'utf8').trim(), 'epoch-000003');
  assert.equal(readFileSync(join(dir, 'clustering', 'LATEST'), 'utf8').trim(), 'epoch-000003');
});

test('dec: a fit stopped in its pretraining resumes there', async () => {
  await checkResume(() => new DEC(DEC_TINY), x, folder(), 'pretraining epoch 2', ['pretraining epoch 3', 'epoch 1', 'epoch 2', 'epoch 3']);
});

test('dec: the tolerance stop survives a resume, and a converged run trains no further', async () => {
  const options: DecArgs = { ...DEC_TINY, epochs: 30, updateInterval: 2, tolerance: 0.05, learningRate: 1e-2, seed: 3 };
  const whole = await new DEC(options).fit(x);
  const trained = Number(whole.fitSummary()['epochsTrained']) - options.pretrainEpochs!;
  assert.ok(trained > 1 && trained < 30, `${trained} clustering epochs`);
  const dir = folder();
  await checkResume(() => new DEC(options), x, dir, 'epoch 1', Array.from({ length: trained - 1 }, (_, i) => `epoch ${i + 2}`));
  const again = new DEC(options);
  assert.deepEqual(await fitWithCheckpoints(again, x, dir), []);
  assert.deepEqual(await again.toSaved(), await whole.toSaved());
  [whole, again].forEach((m) => m.dispose());
});

test('dec: a larger epoch budget trains on from the last checkpoint; other settings are refused', async () => {
  const dir = folder();
  const short = new DEC(DEC_TINY);
  await fitWithCheckpoints(short, x, dir);
  const longer = new DEC({ ...DEC_TINY, epochs: 5 });
  assert.deepEqual(await fitWithCheckpoints(longer, x, dir), ['epoch 4', 'epoch 5']);
  const whole = await new DEC({ ...DEC_TINY, epochs: 5 }).fit(x);
  assert.deepEqual(await longer.toSaved(), await whole.toSaved());
  await assert.rejects(
    new DEC({ ...DEC_TINY, alpha: 2 }).fit(x, { checkpointDir: dir }),
    (e: Error) => e instanceof OptionError && e.message.includes(`the checkpoint in ${join(dir, 'pretraining')} was written for other data or options`),
  );
  [short, longer, whole].forEach((m) => m.dispose());
});

test('dec: a process killed in its clustering stage resumes to the uninterrupted model', async () => {
  await checkKilled(() => new DEC(DEC_TINY), 'dec', DEC_TINY, 'epoch 2', ['epoch 2', 'epoch 3']);
});

test('dtc: a fit stopped in its clustering stage resumes to the uninterrupted model', async () => {
  const options = { nClusters: 2, filters: 3, kernelSize: 3, poolSize: 2, units: [3, 1] as [number, number], pretrainEpochs: 2, epochs: 3, batchSize: 6, updateInterval: 3, tolerance: 0, seed: 1 };
  await checkResume(() => new DTC(options), x, folder(), 'epoch 2', ['epoch 3']);
});

test('resnet-ae: a fit stopped after an epoch resumes to the uninterrupted model, its triplets drawn again', async () => {
  await checkResume(() => new ResNetAE(RESNET_AE_TINY), x, folder(), 'epoch 1', ['epoch 2', 'epoch 3']);
});

test('resnet-ae: a process killed mid-training resumes to the uninterrupted model', async () => {
  await checkKilled(() => new ResNetAE(RESNET_AE_TINY), 'resnet-ae', RESNET_AE_TINY, 'epoch 2', ['epoch 2', 'epoch 3']);
});

test('a finished training is shared by runs that differ only in the final step (--umap, k-means restarts): they train nothing', async () => {
  for (const make of [(o: object) => new ResNetAE({ ...RESNET_AE_TINY, ...o }), (o: object) => new DEC({ ...DEC_TINY, ...o })]) {
    const dir = folder();
    const plain = make({});
    assert.notDeepEqual(await fitWithCheckpoints(plain, x, dir), []);
    const withUmap = make({ umap: true, kmeansRestarts: 3 });
    assert.deepEqual(await fitWithCheckpoints(withUmap, x, dir), []);
    assert.deepEqual(await withUmap.transform(x), await plain.transform(x));
    [plain, withUmap].forEach((m) => m.dispose());
  }
});
