import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clusteringScores } from '../../src/evaluation/metrics/clustering-scores.js';
import { tempFiles } from '../temp-files.js';

const main = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [main, ...args], { encoding: 'utf8' });
const { dir, write: labelFile } = tempFiles('score');

test('tempora score prints RI, NMI, ARI and ACC for label text of any kind', () => {
  const truth = labelFile('truth.txt', 'cat\ncat\ndog\ndog\nbird\r\nbird\n');
  const pred = labelFile('pred.txt', '  7\n7\n3\n3\n3\n-1\n\n');
  const result = run('score', '--truth', truth, '--pred', pred);
  assert.equal(result.status, 0, result.stderr);
  const expected = clusteringScores(['cat', 'cat', 'dog', 'dog', 'bird', 'bird'], ['7', '7', '3', '3', '3', '-1']);
  assert.equal(
    result.stdout,
    `RI  ${expected.ri.toFixed(4)}\nNMI ${expected.nmi.toFixed(4)}\nARI ${expected.ari.toFixed(4)}\nACC ${expected.acc.toFixed(4)}\n`,
  );
  const json = run('score', '--truth', truth, '--pred', pred, '--json');
  assert.deepEqual(JSON.parse(json.stdout), { ...expected, n: 6 });
});

test('tempora score names the file and line of bad label files', () => {
  const good = labelFile('good.txt', 'a\nb\nc\n');
  const empty = labelFile('empty.txt', '\n\n');
  const short = labelFile('short.txt', 'a\nb\n');
  const blank = labelFile('blank.txt', 'a\n\nc\n');
  let result = run('score', '--truth', good, '--pred', empty);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /empty\.txt: empty file/);
  result = run('score', '--truth', good, '--pred', short);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /short\.txt: has 2 labels but .*good\.txt has 3; .*line 3/);
  result = run('score', '--truth', blank, '--pred', good);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /blank\.txt:2: blank line/);
  result = run('score', '--truth', join(dir, 'missing.txt'), '--pred', good);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /missing\.txt: cannot read the label file: ENOENT/);
});
