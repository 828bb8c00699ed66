import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { artifactPath, readArtifact, reproduce } from '../../src/experiments/reproduce.js';
import { ResultsStore } from '../../src/experiments/results-store.js';
import { FAKE } from '../support/fake-experiment.js';

const workerModule = new URL('../support/fake-experiment-worker.js', import.meta.url);

test('reproduce runs every planned run once, in parallel, and skips them on a rerun', async () => {
  const outDir = mkdtempSync(join(tmpdir(), 'tempora-repro-'));
  const first = await reproduce({ experiment: FAKE, datasets: ['A', 'B'], seeds: 2, budget: 'quick', workers: 2, outDir, workerModule });
  assert.deepEqual({ ...first, seconds: 0 }, { planned: 8, skipped: 0, finished: 8, failed: 0, seconds: 0 });
  const records = new ResultsStore(join(outDir, 'results.jsonl')).all();
  assert.equal(records.length, 8);
  const a0 = records.find((r) => r.dataset === 'A' && r.method === 'good' && r.seed === 0)!;
  assert.equal(a0.metrics['score'], 0.9);
  assert.equal(a0.versions['node'], process.version);
  assert.ok(existsSync(artifactPath(outDir, a0.key)));
  assert.equal(readArtifact(outDir, a0.key)!.history![0]!.losses['total'], 1 - 0.9);
  const again = await reproduce({ experiment: FAKE, datasets: ['A', 'B'], seeds: 2, budget: 'quick', workers: 2, outDir, workerModule });
  assert.equal(again.skipped, 8);
  assert.equal(again.finished, 0);
  const more = await reproduce({ experiment: FAKE, datasets: ['A', 'B'], seeds: 3, budget: 'quick', workers: 2, outDir, workerModule });
  assert.equal(more.finished, 4);
});

test('a crash loses only the run in flight; the rerun finishes the rest', async () => {
  const outDir = mkdtempSync(join(tmpdir(), 'tempora-repro-'));
  const env = { FAKE_CRASH_MARKER: join(outDir, 'crashed') };
  const options = { experiment: FAKE, datasets: ['A', 'Crash'], seeds: 1, budget: 'quick' as const, workers: 1, outDir, workerModule, env };
  await assert.rejects(reproduce(options), /worker stopped \(exit 9\)/);
  const kept = new ResultsStore(join(outDir, 'results.jsonl')).all();
  assert.deepEqual(kept.map((r) => `${r.dataset}/${r.method}`), ['A/good', 'A/bad']);
  const resumed = await reproduce(options);
  assert.equal(resumed.skipped, 2);
  assert.equal(resumed.finished, 2);
});
