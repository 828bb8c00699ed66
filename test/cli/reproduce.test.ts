import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeDtcrStandIns } from '../data/fixtures.js';

const main = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

const root = writeDtcrStandIns();
const run = (...args: string[]) => spawnSync(process.execPath, [main, ...args], { encoding: 'utf8', env: { ...process.env, TEMPORA_DATA: root } });

test('tempora reproduce runs, resumes, and writes tables and a report; tempora report remakes them', () => {
  const out = join(root, 'runs');
  const first = run('reproduce', 'dtcr', '--datasets', 'Coffee,GunPoint', '--methods', 'kmeans', '--seeds', '2', '--workers', '2', '--out', out);
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stderr, /4 runs finished, 0 already done, 0 failed/);
  // Every finished run has its own line in a log, however quickly k-means' runs follow each other.
  for (let done = 1; done <= 4; done++) assert.match(first.stderr, new RegExp(`^run ${done}/4 (Coffee|GunPoint) kmeans seed [01]: ri `, 'm'));
  assert.match(first.stdout, /\| dataset \| dtcr \| dtcr sd \| dtcr paper \| kmeans \| kmeans sd \| kmeans paper \|/);
  // The paper columns are filled when ../shared/papers is there.
  assert.match(first.stdout, /\| Coffee \|  \|  \| (0\.9286)? \| \*\*0\.\d{4}\*\* \| 0\.\d{4} \| (0\.7460)? \|/);
  const lines = readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n');
  assert.equal(lines.length, 4);
  for (const f of ['report.html', 'tables/ri.md', 'tables/ri.csv', 'tables/nmi-tests.md']) assert.ok(existsSync(join(out, f)), f);
  const again = run('reproduce', 'dtcr', '--datasets', 'Coffee,GunPoint', '--methods', 'kmeans', '--seeds', '3', '--out', out);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stderr, /2 runs finished, 4 already done/);
  rmSync(join(out, 'report.html'));
  const report = run('report', out);
  assert.equal(report.status, 0, report.stderr);
  assert.ok(existsSync(join(out, 'report.html')));
  assert.match(readFileSync(join(out, 'report.html'), 'utf8'), /6 runs over 2 datasets/);
});

test('tempora reproduce rejects unknown papers, datasets and methods before running anything', () => {
  assert.match(run('reproduce', 'nope').stderr, /unknown paper 'nope' \(known: dtcr/);
  assert.match(run('reproduce', 'dtcr', '--datasets', 'Nope', '--out', join(root, 'x')).stderr, /Nope/);
  assert.match(run('reproduce', 'dtcr', '--datasets', 'Coffee', '--methods', 'dtcrr', '--out', join(root, 'y')).stderr, /unknown method dtcrr/);
  assert.match(run('report', root).stderr, /not a folder written by tempora reproduce/);
});
