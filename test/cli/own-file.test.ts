import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Random } from '../../src/core/random.js';
import { tempFiles } from '../temp-files.js';

const main = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [main, ...args], { encoding: 'utf8' });
const files = tempFiles('own-file');

/** 3 shapes (levels 0, 3, 6 plus a sine), `perShape` rows each, interleaved; labels optional. */
function series(perShape: number, length: number, seed: number): { rows: number[][]; shapes: number[] } {
  const random = new Random(seed);
  const rows: number[][] = [];
  const shapes: number[] = [];
  for (let i = 0; i < 3 * perShape; i++) {
    const shape = i % 3;
    shapes.push(shape);
    rows.push(Array.from({ length }, (_, t) => Number((shape * 3 + Math.sin(t / 3 + shape) + random.normal(0, 0.2)).toFixed(4))));
  }
  return { rows, shapes };
}
const { rows, shapes } = series(10, 24, 1);
const plainCsv = files.write('plain.csv', rows.map((r) => r.join(',')).join('\n') + '\n');

function parseCsv(text: string): string[][] {
  return text.trim().split('\n').map((line) => line.split(','));
}

test('cluster FILE --k auto: silhouette chooses K=3 on three shapes; one line per row in order; --json summary', () => {
  const out = join(files.dir, 'clusters.csv');
  const result = run('cluster', plainCsv, '--method', 'kmeans', '--labels', 'none', '--k', 'auto', '--k-range', '2..6', '--out', out);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stderr, /plain\.csv: kmeans, K=3 \(best silhouette over K=2\.\.6\), seed 0, 30 rows/);
  assert.match(result.stderr, /K silhouette: 2:0\.\d{4} 3:0\.\d{4} 4:/);
  const lines = parseCsv(readFileSync(out, 'utf8'));
  assert.deepEqual(lines[0], ['row', 'cluster', 'distance']);
  assert.equal(lines.length, 31);
  assert.deepEqual(lines.slice(1).map((l) => Number(l[0])), Array.from({ length: 30 }, (_, i) => i + 1));
  // Rows of one shape share a cluster, and the three shapes get three clusters.
  const clusters = lines.slice(1).map((l) => l[1]);
  for (let i = 3; i < 30; i++) assert.equal(clusters[i], clusters[i % 3]);
  assert.equal(new Set(clusters).size, 3);
  const json = run('cluster', plainCsv, '--method', 'kmeans', '--labels', 'none', '--k', '3', '--json');
  assert.equal(json.status, 0, json.stderr);
  const summary = JSON.parse(json.stdout);
  assert.equal(summary.k, 3);
  assert.equal(summary.rows, 30);
  assert.equal(summary.clusters.length, 30);
  assert.equal(summary.curve, undefined);
});

test('cluster FILE with labels prints the scores, never uses them; JSON Lines out; other criteria', () => {
  const labelled = files.write('labelled.csv', rows.map((r, i) => [`s${shapes[i]}`, ...r].join(',')).join('\n') + '\n');
  const out = join(files.dir, 'c.jsonl');
  const result = run('cluster', labelled, '--method', 'gmm', '--k', '3', '--out', out);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stderr, /scores against the file's labels \(30 labelled rows; not used to choose\): RI 1\.0000 NMI 1\.0000/);
  const first = JSON.parse(readFileSync(out, 'utf8').split('\n')[0]!);
  assert.deepEqual(Object.keys(first), ['row', 'cluster', 'probability']);
  for (const criterion of ['calinski-harabasz', 'davies-bouldin']) {
    const chosen = run('cluster', labelled, '--method', 'kmeans', '--k', 'auto', '--k-range', '2..5', '--criterion', criterion, '--json');
    assert.equal(chosen.status, 0, chosen.stderr);
    const summary = JSON.parse(chosen.stdout);
    assert.equal(summary.criterion, criterion);
    assert.equal(summary.curve.length, 4);
    assert.equal(summary.scores.scored, 30);
  }
});

test('cluster FILE --save, then predict on the same and on new rows: the same assignments, CSV and JSON Lines', () => {
  const model = join(files.dir, 'model');
  const out = join(files.dir, 'fit.csv');
  assert.equal(run('cluster', plainCsv, '--method', 'kmeans', '--labels', 'none', '--k', '3', '--save', model, '--out', out).status, 0);
  const predicted = run('predict', plainCsv, '--labels', 'none', '--model', model);
  assert.equal(predicted.status, 0, predicted.stderr);
  assert.equal(predicted.stdout, readFileSync(out, 'utf8'));
  // New rows of the same shapes as JSON Lines: each goes to its shape's cluster.
  const fresh = series(2, 24, 9);
  const jsonl = files.write('new.jsonl', fresh.rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const assigned = run('predict', jsonl, '--model', model, '--json');
  assert.equal(assigned.status, 0, assigned.stderr);
  const found = assigned.stdout.trim().split('\n').map((l) => JSON.parse(l).cluster);
  const fitted = parseCsv(readFileSync(out, 'utf8')).slice(1).map((l) => Number(l[1]));
  assert.deepEqual(found, fresh.shapes.map((s) => fitted[s]));
});

test('cluster FILE --method dtcr --umap: the UMAP step is in the saved model, and predict reproduces the assignments', () => {
  const model = join(files.dir, 'dtcr-umap');
  const out = join(files.dir, 'dtcr-umap.csv');
  const fitted = run('cluster', plainCsv, '--method', 'dtcr', '--umap', '--units', '4,4', '--dilations', '1,2', '--epochs', '2', '--labels', 'none', '--k', '3', '--save', model, '--out', out);
  assert.equal(fitted.status, 0, fitted.stderr);
  assert.equal(JSON.parse(readFileSync(join(model, 'model.json'), 'utf8')).config.umap, true);
  const predicted = run('predict', plainCsv, '--labels', 'none', '--model', model);
  assert.equal(predicted.status, 0, predicted.stderr);
  assert.equal(predicted.stdout, readFileSync(out, 'utf8'));
});

test('report: choice of K, t-SNE by cluster, cluster means, readable settings', () => {
  const report = join(files.dir, 'r.html');
  const result = run('cluster', plainCsv, '--method', 'kmeans', '--labels', 'none', '--k', 'auto', '--k-range', '2..4', '--report', report, '--json');
  assert.equal(result.status, 0, result.stderr);
  const html = readFileSync(report, 'utf8');
  for (const part of ['Choice of K', 'silhouette by K', 't-SNE by cluster', 'cluster means', '3 (kept)', '<td>kRange</td>']) assert.ok(html.includes(part), part);
  assert.ok(!/<td>[^<]{200,}<\/td>/.test(html), 'no settings cell of 200 characters or more');
});

test('missing values and unequal lengths: the error names the row, line and remedy; --impute and --resample make them fit', () => {
  const holes = files.write('holes.csv', '1,2,3,4\n2,,4,5\n9,9,9,9\n8,8,8,8\n');
  const refused = run('cluster', holes, '--method', 'kmeans', '--labels', 'none', '--k', '2');
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /holes\.csv:2: row 2, value 2 is missing; the kmeans method cannot take missing values: pass --impute linear\|zero/);
  assert.equal(run('cluster', holes, '--method', 'kmeans', '--labels', 'none', '--k', '2', '--impute', 'linear').status, 0);
  // Without --k: K auto over 2..10, stopped below the 4 rows of this small file.
  const auto = run('cluster', holes, '--method', 'kmeans', '--labels', 'none', '--impute', 'zero', '--json');
  assert.equal(auto.status, 0, auto.stderr);
  assert.equal(JSON.parse(auto.stdout).kRange, '2..3');
  const ragged = files.write('ragged.jsonl', '[1,2,3,4]\n[2,3,4]\n[9,9,9,9]\n[8,8,8]\n');
  const unequal = run('cluster', ragged, '--method', 'kmeans', '--k', '2');
  assert.equal(unequal.status, 2);
  assert.match(unequal.stderr, /ragged\.jsonl:2: row 2 has 3 values where row 1 has 4; the kmeans method needs series of one length: pass --resample LENGTH/);
  const fixed = run('cluster', ragged, '--method', 'kmeans', '--k', '2', '--resample', '4', '--json');
  assert.equal(fixed.status, 0, fixed.stderr);
  assert.equal(JSON.parse(fixed.stdout).clusters.length, 4);
});

test('bad K, K range, models and shapes get errors naming them; a failed run writes no output', () => {
  const out = join(files.dir, 'never.csv');
  const cases: [string[], RegExp][] = [
    [['cluster', plainCsv, '--method', 'kmeans', '--labels', 'none', '--k', '31', '--out', out], /--k 31 is larger than the 30 rows of .*plain\.csv/],
    [['cluster', plainCsv, '--method', 'kmeans', '--labels', 'none', '--k', 'auto', '--k-range', '5..3', '--out', out], /--k-range 5\.\.3 is empty/],
    [['cluster', plainCsv, '--method', 'kmeans', '--labels', 'none', '--k', 'auto', '--k-range', '1..4', '--out', out], /--k-range 1\.\.4 starts below 2/],
    [['cluster', plainCsv, '--method', 'kmeans', '--labels', 'none', '--k', 'auto', '--k-range', 'two', '--out', out], /--k-range must read FROM\.\.TO/],
    [['cluster', files.write('text.csv', '1,2\n3,x\n'), '--method', 'kmeans', '--labels', 'none', '--k', '1', '--out', out], /text\.csv:2: non-numeric value 'x' in column 2/],
    [['cluster', files.write('empty.csv', '\n'), '--method', 'kmeans', '--labels', 'none', '--k', '1', '--out', out], /empty\.csv:1: empty file/],
    [['predict', plainCsv, '--labels', 'none', '--model', join(files.dir, 'nowhere')], /nowhere: no such folder/],
  ];
  for (const [args, message] of cases) {
    const result = run(...args);
    assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, message);
  }
  assert.ok(!existsSync(out));
  assert.deepEqual(readdirSync(files.dir).filter((f) => f.endsWith('.tmp')), []);
  // A model of another kind, and series of another length or channel count than the model's.
  const model = join(files.dir, 'm3');
  assert.equal(run('cluster', plainCsv, '--method', 'kmeans', '--labels', 'none', '--k', '3', '--save', model).status, 0);
  const alien = join(files.dir, 'alien');
  mkdirSync(alien);
  files.write('alien/model.json', JSON.stringify({ format: 2, kind: 'spectral', config: {}, state: {}, weights: [] }));
  const kinds = run('predict', plainCsv, '--labels', 'none', '--model', alien);
  assert.equal(kinds.status, 2);
  assert.match(kinds.stderr, /alien: holds a model of kind 'spectral', which this Tempora cannot load/);
  const shorter = run('predict', files.write('short.csv', '1,2,3\n4,5,6\n'), '--labels', 'none', '--model', model);
  assert.equal(shorter.status, 2);
  assert.match(shorter.stderr, /short\.csv:1: row 1 has 3 values per series; the model in .*m3 was fitted on length 24: pass --resample 24/);
  const channels = run('predict', files.write('two.jsonl', '[[1,2],[3,4]]\n'), '--model', model);
  assert.equal(channels.status, 2);
  assert.match(channels.stderr, /two\.jsonl:1: row 1 has 2 channel\(s\); the model in .*m3 was fitted on 1/);
  const writeFailure = run('predict', plainCsv, '--labels', 'none', '--model', model, '--out', join(files.dir, 'short.csv', 'under-a-file.csv'));
  assert.notEqual(writeFailure.status, 0);
});

test('generate writes files to try cluster FILE and classify FILE on: CSV with or without labels, JSON Lines, the truth apart', () => {
  const out = join(files.dir, 'gen.csv');
  const truth = join(files.dir, 'truth.txt');
  const made = run('generate', 'cbf', '--per-class', '5', '--out', out, '--truth', truth);
  assert.equal(made.status, 0, made.stderr);
  assert.equal(readFileSync(out, 'utf8').trim().split('\n').length, 15);
  assert.equal(readFileSync(out, 'utf8').split('\n')[0]!.split(',').length, 128);
  assert.equal(readFileSync(truth, 'utf8').trim().split('\n').length, 15);
  const labelled = run('generate', 'cbf', '--per-class', '2', '--labels', 'first', '--out', join(files.dir, 'gen.jsonl'));
  assert.equal(labelled.status, 0, labelled.stderr);
  assert.ok('label' in JSON.parse(readFileSync(join(files.dir, 'gen.jsonl'), 'utf8').split('\n')[0]!));
});

test('classify FILE: some rows labelled (empty, ? or -1 unlabelled), every row predicted; --test scores; --save then predict gives the same', () => {
  const marks = ['', '?', '-1'];
  const text = rows.map((r, i) => [i < 12 ? `s${shapes[i]}` : marks[i % 3], ...r].join(',')).join('\n') + '\n';
  const train = files.write('semi.csv', text);
  const test = files.write('test.csv', rows.slice(0, 9).map((r, i) => [`s${shapes[i]}`, ...r].join(',')).join('\n') + '\n');
  const model = join(files.dir, 'classifier');
  const out = join(files.dir, 'classes.csv');
  const result = run('classify', train, '--method', 'sup-resnet', '--epochs', '1', '--seed', '1', '--quiet', '--backend', 'wasm', '--test', test, '--save', model, '--out', out);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stderr, /semi\.csv: sup-resnet, 12 of 30 rows labelled, 3 classes \(s0, s1, s2\), seed 1/);
  assert.match(result.stderr, /test\.csv \(9 labelled rows\): accuracy [01]\.\d{4}/);
  const lines = parseCsv(readFileSync(out, 'utf8'));
  assert.deepEqual(lines[0], ['row', 'class', 'label', 'probability']);
  assert.equal(lines.length, 31);
  for (const line of lines.slice(1)) {
    assert.equal(line[2], `s${line[1]}`);
    assert.ok(Number(line[3]) > 0 && Number(line[3]) <= 1);
  }
  const predicted = run('predict', train, '--model', model, '--backend', 'wasm');
  assert.equal(predicted.status, 0, predicted.stderr);
  assert.deepEqual(parseCsv(predicted.stdout).slice(1).map((l) => l[1]), lines.slice(1).map((l) => l[1]));
  const unknown = run('classify', train, '--method', 'sup-resnet', '--epochs', '1', '--quiet', '--backend', 'wasm', '--test', files.write('other.csv', `s9,${rows[0]!.join(',')}\n`));
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /other\.csv:1: label 's9' is not a class of .*semi\.csv \(s0, s1, s2\)/);
  const none = run('classify', plainCsv, '--labels', 'none', '--epochs', '1', '--quiet', '--backend', 'wasm');
  assert.equal(none.status, 2);
  assert.match(none.stderr, /plain\.csv has no labelled row to learn from/);
});
