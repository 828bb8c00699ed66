// The README's own-series example, extracted and run as it stands (imports pointed at this build).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tempFiles } from './temp-files.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const main = join(root, 'dist/src/cli/main.js');
const files = tempFiles('readme');
const cliFiles = tempFiles('readme-cli');

function exampleBlock(marker: string, language = 'ts'): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const at = readme.indexOf(`<!-- example: ${marker} -->`);
  assert.ok(at >= 0, `README has the ${marker} example`);
  const match = new RegExp('```' + language + '\\n([\\s\\S]*?)```').exec(readme.slice(at));
  assert.ok(match, 'a ts code block follows the marker');
  return match[1]!;
}

test("README: the own-series library example runs (read a file, choose K, save, load, predict)", () => {
  const code = exampleBlock('own-series')
    .replace(/from 'tempora\/experiments'/g, `from '${pathToFileURL(join(root, 'dist/src/experiments/index.js')).href}'`)
    .replace(/from 'tempora'/g, `from '${pathToFileURL(join(root, 'dist/src/index.js')).href}'`);
  for (const [file, seed, perClass] of [['sensors.csv', '0', '20'], ['new-sensors.csv', '1', '2']] as const) {
    const made = spawnSync(process.execPath, [main, 'generate', 'cbf', '--per-class', perClass, '--seed', seed, '--out', join(files.dir, file)], { encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
  }
  writeFileSync(join(files.dir, 'example.mjs'), code);
  const result = spawnSync(process.execPath, ['example.mjs'], { cwd: files.dir, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /^K = \d+ 2: 0\.\d{3}, 3: /);
  assert.match(result.stdout, /row 1 is in cluster \d at distance \d/);
  assert.match(result.stdout, /new rows: (\d ){5}\d/);
  assert.ok(existsSync(join(files.dir, 'sensors-model', 'model.json')));
});

test('README: the own-series command-line example runs (generate, cluster --k auto --save, predict new rows)', () => {
  const commands = exampleBlock('own-series-cli', 'sh')
    .split('\n')
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter((line) => line !== '');
  let last = '';
  for (const command of commands) {
    const [npx, tempora, ...args] = command.split(/\s+/);
    assert.deepEqual([npx, tempora], ['npx', 'tempora'], command);
    const result = spawnSync(process.execPath, [main, ...args], { cwd: cliFiles.dir, encoding: 'utf8' });
    assert.equal(result.status, 0, `${command}: ${result.stderr}`);
    last = result.stdout;
  }
  assert.ok(existsSync(join(cliFiles.dir, 'sensors.html')));
  assert.match(last, /^row,cluster,distance\n1,\d,/);
  assert.equal(last.trim().split('\n').length, 16);
});
