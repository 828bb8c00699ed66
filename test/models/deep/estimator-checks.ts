/** The checks every deep clusterer's tests run: progress, flat tensor count, seeds, save/load, separation. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { adjustedRandIndex } from '../../../src/evaluation/metrics/adjusted-rand-index.js';
import type { RepresentationClusterer } from '../../../src/models/base/representation-clusterer.js';
import type { DeepTrainingConfig } from '../../../src/models/deep/deep-options.js';
import { loadModel } from '../../../src/models/registry.js';

type Model = RepresentationClusterer<DeepTrainingConfig>;

/** 12 series of length 16: sines (class 0) and ramps (class 1), with a little seeded noise. */
export function twoShapes(rows = 12, length = 16): { x: number[][]; y: number[] } {
  const x = Array.from({ length: rows }, (_, r) =>
    Array.from({ length }, (_, t) => (r % 2 === 0 ? Math.sin((2 * Math.PI * t) / length + r * 0.05) : (2 * t) / length - 1) + 0.02 * Math.cos(7 * r + t)),
  );
  return { x, y: x.map((_, r) => r % 2) };
}

/** Fits, logging every epoch with the named losses finite and the tensor count flat across epochs. */
export async function checkProgress(model: Model, x: number[][], losses: readonly string[], epochs: number): Promise<void> {
  const counts: number[] = [];
  const stages: string[] = [];
  await model.fit(x, {
    onProgress: (event) => {
      stages.push(event.stage);
      if (event.stage === 'epoch') for (const name of losses) assert.ok(Number.isFinite(event.losses?.[name]), `${name} at epoch ${event.step}`);
      counts.push(tf.memory().numTensors);
    },
  });
  assert.equal(stages.filter((s) => s === 'epoch').length, epochs);
  const tail = counts.slice(-3);
  assert.ok(tail.every((c) => c === tail[0]), `tensor count grows across epochs: ${counts.join(', ')}`);
}

/** Same seed, same representation; save then loadModel predicts identically. */
export async function checkSeedAndRoundTrip(make: () => Model, x: number[][]): Promise<void> {
  const a = await make().fit(x);
  const b = await make().fit(x);
  assert.deepEqual((await a.transform(x)).data, (await b.transform(x)).data);
  const dir = mkdtempSync(join(tmpdir(), 'tempora-deep-'));
  try {
    await a.save(dir);
    const loaded = (await loadModel(dir)) as Model;
    assert.equal(loaded.kind, a.kind);
    assert.deepEqual((await loaded.transform(x)).data, (await a.transform(x)).data);
    assert.deepEqual(await loaded.predict(x), await a.predict(x));
    assert.deepEqual(loaded.getConfig(), a.getConfig());
    loaded.dispose();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  a.dispose();
  b.dispose();
}

/** The clusters of two trivially different shapes agree with the shapes better than chance. */
export async function checkSeparates(model: Model, data: { x: number[][]; y: number[] }): Promise<void> {
  const clusters = await model.fitPredict(data.x);
  const ari = adjustedRandIndex(data.y, clusters);
  assert.ok(ari > 0.3, `adjusted Rand index ${ari}`);
  model.dispose();
}

/** A fit with checkpoints in dir; returns the progress events of its epochs as 'stage step'. */
export async function fitWithCheckpoints(model: Model, x: number[][], dir: string, stopAt?: string): Promise<string[]> {
  const epochs: string[] = [];
  const stop = new AbortController();
  await model.fit(x, {
    checkpointDir: dir,
    signal: stop.signal,
    onProgress: (event) => {
      if (!event.stage.endsWith('epoch')) return;
      epochs.push(`${event.stage} ${event.step}`);
      if (epochs.at(-1) === stopAt) stop.abort();
    },
  });
  return epochs;
}

/**
 * A fit stopped by its signal after the epoch `stopAt` ('stage step'), then fitted again with the
 * same checkpoint folder, saves the very model an uninterrupted fit saves; the second fit trains
 * (and reports) only the epochs `resumedEpochs`.
 */
export async function checkResume(make: () => Model, x: number[][], dir: string, stopAt: string, resumedEpochs: readonly string[]): Promise<void> {
  const whole = await make().fit(x);
  const first = make();
  const before = await fitWithCheckpoints(first, x, dir, stopAt);
  assert.equal(before.at(-1), stopAt);
  assert.equal(first.fitSummary()['stoppedEarly'], true);
  const resumed = make();
  assert.deepEqual(await fitWithCheckpoints(resumed, x, dir), resumedEpochs);
  assert.deepEqual(await resumed.toSaved(), await whole.toSaved());
  [whole, first, resumed].forEach((m) => m.dispose());
}
