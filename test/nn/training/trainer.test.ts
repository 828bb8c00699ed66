import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/backend/index.js';
import { OptionError, TrainingDivergedError } from '../../../src/core/errors.js';
import type { EpochLog } from '../../../src/nn/training/epoch-log.js';
import type { LossSchedule } from '../../../src/nn/training/trainer.js';
import { tempFiles } from '../../temp-files.js';
import { BATCH, ROWS, TinyRegression, trainTiny } from './tiny-regression.js';

await initBackend('cpu');

const EPOCHS = 4;
const STEPS_PER_EPOCH = Math.ceil(ROWS / BATCH);
const CHILD = fileURLToPath(new URL('./train-child.js', import.meta.url));
const scratch = tempFiles('trainer');
let folders = 0;

function folder(): string {
  const dir = join(scratch.dir, `run-${folders++}`);
  mkdirSync(dir);
  return dir;
}

async function uninterrupted(): Promise<Awaited<ReturnType<TinyRegression['result']>>> {
  const model = new TinyRegression();
  await trainTiny(model, { epochs: EPOCHS });
  const result = await model.result();
  model.dispose();
  return result;
}

/** Runs the child until it ends or is killed; returns whether it was killed. */
function runChild(dir: string, env: Record<string, string>): { killed: boolean; stdout: string } {
  const child = spawnSync(process.execPath, [CHILD, dir, String(EPOCHS)], { env: { ...process.env, ...env }, encoding: 'utf8' });
  if (child.status !== 0 && child.signal !== 'SIGKILL') throw new Error(`child failed: ${child.stderr}`);
  return { killed: child.signal === 'SIGKILL', stdout: child.stdout };
}

/** Resumes in this process from what the child left in dir and trains to the end. */
async function resumed(dir: string): Promise<Awaited<ReturnType<TinyRegression['result']>>> {
  const model = new TinyRegression();
  const outcome = await trainTiny(model, { epochs: EPOCHS }, dir);
  assert.deepEqual(outcome, { epochs: EPOCHS, stopped: false });
  const result = await model.result();
  model.dispose();
  return result;
}

test('a run killed between any two writes of its checkpoints resumes to the uninterrupted result', async () => {
  const expected = await uninterrupted();
  const writes = Number(runChild(folder(), { COUNT_WRITES: '1' }).stdout.trim());
  // Checkpoints after epochs 2 and 4, each a handful of writes, renames and removals.
  assert.ok(writes >= 2 * 5, `${writes} writes`);
  for (let n = 1; n <= writes; n++) {
    const dir = folder();
    assert.ok(runChild(dir, { KILL_AT_WRITE: String(n) }).killed, `killed before write ${n}`);
    assert.deepEqual(await resumed(dir), expected, `killed before write ${n} of ${writes}`);
  }
});

test('a run killed in the middle of an epoch resumes to the uninterrupted result', async () => {
  const expected = await uninterrupted();
  for (const at of ['1:2', '3:4']) {
    const dir = folder();
    assert.ok(runChild(dir, { KILL_AT_STEP: at }).killed);
    assert.deepEqual(await resumed(dir), expected, `killed at epoch:step ${at}`);
  }
});

test('an abort stops training after the current step; the unfinished epoch does not count', async () => {
  const controller = new AbortController();
  const model = new TinyRegression((epoch, step) => {
    if (epoch === 2 && step === 3) controller.abort();
  });
  const outcome = await trainTiny(model, { epochs: EPOCHS, signal: controller.signal });
  assert.deepEqual(outcome, { epochs: 1, stopped: true });
  assert.equal(model.steps, STEPS_PER_EPOCH + 3);
  model.dispose();

  // Aborted in an epoch's last step: that epoch counts, and a checkpoint is written there.
  const last = new AbortController();
  const dir = folder();
  const atEnd = new TinyRegression((epoch, step) => {
    if (epoch === 3 && step === STEPS_PER_EPOCH) last.abort();
  });
  assert.deepEqual(await trainTiny(atEnd, { epochs: EPOCHS, signal: last.signal }, dir), { epochs: 3, stopped: true });
  assert.equal(readFileSync(join(dir, 'LATEST'), 'utf8').trim(), 'epoch-000003');
  atEnd.dispose();
});

test('one log per epoch, with the epoch-weighted loss; a resumed run logs only the epochs it trains', async () => {
  const logs: EpochLog[] = [];
  const dir = folder();
  const model = new TinyRegression();
  const tensors: number[] = [];
  await trainTiny(model, { epochs: 3, onEpoch: (log) => { logs.push(log); tensors.push(tf.memory().numTensors); } }, dir);
  assert.equal(new Set(tensors).size, 1, `tensors after each epoch: ${tensors.join(', ')}`);
  assert.deepEqual(logs.map((l) => [l.epoch, l.epochs]), [[1, 3], [2, 3], [3, 3]]);
  assert.ok(logs.every((l) => Number.isFinite(l.losses['loss']) && l.seconds >= 0));
  assert.ok(logs[2]!.losses['loss']! < logs[0]!.losses['loss']!);
  model.dispose();

  const later: number[] = [];
  const more = new TinyRegression();
  await trainTiny(more, { epochs: EPOCHS, onEpoch: (log) => void later.push(log.epoch) }, dir);
  assert.deepEqual(later, [4]);
  assert.deepEqual(await more.result(), await uninterrupted());
  more.dispose();
});

test('an abort from the epoch callback ends training after that epoch, with a checkpoint', async () => {
  const dir = folder();
  const model = new TinyRegression();
  const stop = new AbortController();
  const outcome = await trainTiny(model, { epochs: EPOCHS, signal: stop.signal, onEpoch: (log) => (log.epoch === 1 ? stop.abort() : undefined) }, dir);
  assert.deepEqual(outcome, { epochs: 1, stopped: true });
  assert.ok(existsSync(join(dir, 'epoch-000001', 'model.json')));
  model.dispose();
});

test('a checkpoint of other data or settings is refused; bad options are named', async () => {
  const dir = folder();
  const model = new TinyRegression();
  await trainTiny(model, { epochs: 2 }, dir);
  await assert.rejects(
    trainTiny(model, { epochs: 4, checkpoint: { dir, every: 2, fingerprint: 'other' } }),
    (e: Error) => e instanceof OptionError && e.message.includes(`the checkpoint in ${dir} was written for other data or options`),
  );
  await assert.rejects(trainTiny(model, { epochs: 1.5 }), /epochs must be an integer >= 0, got 1.5/);
  await assert.rejects(trainTiny(model, { epochs: 2, checkpoint: { dir, every: 0, fingerprint: '' } }), /checkpointEvery must be a positive integer, got 0/);
  model.dispose();
  rmSync(dir, { recursive: true });
});

/** Lowers the rate after every epoch whose loss is not the lowest yet; counts what it saw. */
class CountingSchedule implements LossSchedule<{ seen: number; best: number }> {
  readonly monitor = 'loss';
  state = { seen: 0, best: Infinity };
  constructor(private readonly model: TinyRegression) {}
  step(loss: number): void {
    this.state.seen += 1;
    if (loss < this.state.best) this.state.best = loss;
    else this.model.optimizer.setRate(this.model.optimizer.rate / 2);
  }
  snapshot(): { seen: number; best: number } {
    return { ...this.state };
  }
  restore(state: { seen: number; best: number }): void {
    this.state = { ...state };
  }
}

test('the schedule sees each epoch loss once, and its state and the rate survive a resume', async () => {
  const whole = new TinyRegression();
  const wholeSchedule = new CountingSchedule(whole);
  await trainTiny(whole, { epochs: EPOCHS, schedule: wholeSchedule });
  assert.equal(wholeSchedule.state.seen, EPOCHS);

  const dir = folder();
  const first = new TinyRegression();
  await trainTiny(first, { epochs: 3, schedule: new CountingSchedule(first) }, dir);
  first.dispose();
  const second = new TinyRegression();
  const schedule = new CountingSchedule(second);
  await trainTiny(second, { epochs: EPOCHS, schedule }, dir);
  assert.deepEqual(schedule.state, wholeSchedule.state);
  assert.equal(second.optimizer.rate, whole.optimizer.rate);
  assert.deepEqual(await second.result(), await whole.result());
  const wrong = new TinyRegression();
  await assert.rejects(trainTiny(wrong, { epochs: 1, schedule: { ...schedule, monitor: 'accuracy', step: () => {}, snapshot: () => ({}), restore: () => {} } }), /the schedule watches the loss "accuracy", which training does not report \(it has loss\)/);
  [whole, second, wrong].forEach((m) => m.dispose());
});

test('a convergence test ends training as finished, with a checkpoint from which a resume trains no further', async () => {
  const dir = folder();
  const model = new TinyRegression();
  const converging = Object.assign(model, { converged: () => model.steps >= STEPS_PER_EPOCH });
  assert.deepEqual(await trainTiny(converging, { epochs: EPOCHS }, dir), { epochs: 1, stopped: false, converged: true });
  assert.equal(readFileSync(join(dir, 'LATEST'), 'utf8').trim(), 'epoch-000001');
  const expected = await model.result();
  model.dispose();
  const again = new TinyRegression();
  const logs: number[] = [];
  assert.deepEqual(await trainTiny(again, { epochs: EPOCHS, onEpoch: (log) => void logs.push(log.epoch) }, dir), { epochs: 1, stopped: false, converged: true });
  assert.deepEqual(logs, []);
  assert.deepEqual(await again.result(), expected);
  again.dispose();
});

test('a loss that leaves the finite numbers stops training with an error naming the epoch, and writes no checkpoint of it', async () => {
  const dir = folder();
  const model = new TinyRegression();
  const step = model.step.bind(model);
  const diverging = Object.assign(model, { step: (rows: Int32Array) => (model.steps >= STEPS_PER_EPOCH ? { loss: NaN } : step(rows)) });
  await assert.rejects(trainTiny(diverging, { epochs: EPOCHS }, dir), (e: Error) => e instanceof TrainingDivergedError && /diverged at epoch 2 \(loss = NaN\): a lower learning rate/.test(e.message));
  assert.ok(!existsSync(join(dir, 'epoch-000002')));
  model.dispose();
});
