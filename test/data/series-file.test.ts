import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachLine } from '../../src/data/file-lines.js';
import { imputeMissing, requireUniformSeries, resampleSeries, seriesInput } from '../../src/data/prepare-series.js';
import { readSeriesFile } from '../../src/data/series-file.js';
import type { LabelledSplit } from '../../src/data/types.js';
import { tempFiles } from '../temp-files.js';

const files = tempFiles('series-file');
const values = (split: LabelledSplit, row: number, channel = 0): number[] => [...split.series[row]![channel]!];

test('CSV of numbers only (--labels none), with and without a header row', () => {
  for (const text of ['1,2,3\n4,5,6\n', 't1,t2,t3\n1,2,3\n4,5,6\n', 't1,t2,t3\r\n1,2,3\r\n4,5,6']) {
    const split = readSeriesFile(files.write('plain.csv', text), { labels: 'none' });
    assert.equal(split.series.length, 2);
    assert.deepEqual(values(split, 1), [4, 5, 6]);
    assert.deepEqual([...split.labels], [-1, -1]);
    assert.equal(split.equalLength, true);
    assert.equal(split.length, 3);
  }
  const header = readSeriesFile(files.write('h.csv', 't1,t2\n1,2\n'), { labels: 'none', header: 'yes' });
  assert.deepEqual([...header.lines!], [2]);
  assert.throws(() => readSeriesFile(files.write('h2.csv', 't1,t2\n1,2\n'), { labels: 'none', header: 'no' }), /h2\.csv:1: non-numeric value 't1' in column 1 \(the file has no label column/);
});

test('TSV and blank-separated text, labels first (UCR) or last; trailing NaN padding ends a series', () => {
  const tsv = readSeriesFile(files.write('u.tsv', 'a\t1\t2\t3\nb\t4\t5\tNaN\n'));
  assert.deepEqual(tsv.classNames, ['a', 'b']);
  assert.deepEqual(values(tsv, 1), [4, 5]);
  assert.equal(tsv.equalLength, false);
  const last = readSeriesFile(files.write('l.csv', 'x,y,class\n1,2,up\n3,4,down\n'), { labels: 'last' });
  assert.deepEqual(last.classNames, ['down', 'up']);
  assert.deepEqual([...last.labels], [1, 0]);
  assert.deepEqual(values(last, 0), [1, 2]);
  const spaces = readSeriesFile(files.write('s.txt', '  1.0  2.5e0  3\n  2.0  1  0\n'));
  assert.deepEqual(values(spaces, 0), [2.5, 3]);
  const tabs = readSeriesFile(files.write('plain.tsv', '1\t2\n3\t4\n'), { labels: 'none' });
  assert.deepEqual(values(tabs, 1), [3, 4]);
});

test('missing values: empty fields, NaN and ? are NaN; unlabelled rows: empty label, ? and the given marks', () => {
  const split = readSeriesFile(files.write('m.csv', '1,1,,3\n?,4,NaN,6\n,7,8,?\n-1,1,2,3\n2,1,1,1\n'), { unlabelled: ['-1'] });
  assert.deepEqual(split.classNames, ['1', '2']);
  assert.deepEqual([...split.labels], [0, -1, -1, -1, 1]);
  assert.ok(Number.isNaN(values(split, 0)[1]!));
  assert.ok(Number.isNaN(values(split, 1)[1]!));
  assert.deepEqual(values(split, 2), [7, 8]); // a trailing missing value ends the series
});

test('JSON Lines: one array per row, arrays of channels, {label, values}; null is missing', () => {
  const uni = readSeriesFile(files.write('u.jsonl', '[1,2,3]\n[4,null,6]\n\n[7,8]\n'));
  assert.equal(uni.series.length, 3);
  assert.ok(Number.isNaN(values(uni, 1)[1]!));
  assert.equal(uni.equalLength, false);
  assert.deepEqual([...uni.lines!], [1, 2, 4]);
  const multi = readSeriesFile(files.write('m.ndjson', '[[1,2],[3,4]]\n[[5,6],[7,8]]\n'));
  assert.equal(multi.channels, 2);
  assert.deepEqual(values(multi, 1, 1), [7, 8]);
  const labelled = readSeriesFile(files.write('l.jsonl', '{"label":"a","values":[1,2]}\n{"label":null,"values":[3,4]}\n{"label":2,"values":[5,6]}\n'));
  assert.deepEqual(labelled.classNames, ['2', 'a']);
  assert.deepEqual([...labelled.labels], [1, -1, 0]);
});

test('.ts and ARFF files load through the same reader', () => {
  const ts = readSeriesFile(files.write('r.ts', '% comment\n@problemName R\n@targetLabel true\n@data\n1,2:3.5\n'));
  assert.deepEqual([...ts.targets!], [3.5]);
  const arff = readSeriesFile(files.write('a.arff', '@relation r\n@attribute t1 numeric\n@attribute t2 numeric\n@attribute c {x,y}\n@data\n1,2,x\n3,4,?\n'));
  assert.deepEqual([...arff.labels], [0, -1]);
});

test('bad input names the file, the line and the column', () => {
  assert.throws(() => readSeriesFile(files.write('t.csv', '1,2,3\n4,five,6\n'), { labels: 'none' }), /t\.csv:2: non-numeric value 'five' in column 2/);
  assert.throws(() => readSeriesFile(files.write('t2.csv', 'a,1,2\nb,3,x\n')), /t2\.csv:2: non-numeric value 'x' in column 3/);
  assert.throws(() => readSeriesFile(files.write('empty.csv', ''), { labels: 'none' }), /empty\.csv:1: empty file/);
  assert.throws(() => readSeriesFile(files.write('blank.jsonl', '\n\n')), /blank\.jsonl:1: empty file/);
  assert.throws(() => readSeriesFile(files.write('j.jsonl', '[1,2]\n[1,"a"]\n')), /j\.jsonl:2: value 2 is "a", not a number/);
  assert.throws(() => readSeriesFile(files.write('j2.jsonl', '[1,2]\n[1,2\n')), /j2\.jsonl:2: not JSON/);
  assert.throws(() => readSeriesFile(files.write('j3.jsonl', '[[1],[2]]\n[[1]]\n')), /j3\.jsonl:2: 1 channel\(s\) where the first row has 2/);
  assert.throws(() => readSeriesFile(files.write('lab.csv', 'a\nb\n')), /lab\.csv:1: no values beside the label \(--labels first\)/);
  assert.throws(() => readSeriesFile(`${files.dir}/missing.csv`), /no such file/);
  assert.throws(() => readSeriesFile(files.write('o.csv', '1\n'), { labels: 'middle' as never }), /labels must be one of first, last, none/);
});

test('lines split across read chunks, multi-byte characters and a byte-order mark survive', () => {
  const path = files.write('chunks.csv', '\ufeffnamé,ü\r\n1,2\n3,4');
  const lines: string[] = [];
  forEachLine(path, (line, n) => lines.push(`${n}:${line}`), undefined, 3);
  assert.deepEqual(lines, ['1:namé,ü', '2:1,2', '3:3,4']);
});

test('requireUniformSeries names the row, its line and the remedy', () => {
  const ragged = readSeriesFile(files.write('r.csv', '1,2,3\n\n4,5\n'), { labels: 'none' });
  assert.throws(() => requireUniformSeries(ragged, 'kmeans'), /r\.csv:3: row 2 has 2 values where row 1 has 3; kmeans needs series of one length: pass --resample LENGTH/);
  const holes = readSeriesFile(files.write('h.csv', '1,2,3\n4,,6\n'), { labels: 'none' });
  assert.throws(() => requireUniformSeries(holes, 'kmeans'), /h\.csv:2: row 2, value 2 is missing; kmeans cannot take missing values: pass --impute linear\|zero/);
  requireUniformSeries(imputeMissing(holes, 'zero'), 'kmeans');
});

test('imputeMissing fills linearly (ends carried outwards) or with zeros; resampleSeries interpolates', () => {
  const split = readSeriesFile(files.write('i.jsonl', '[null,2,null,null,8,null]\n[1,2,3]\n'));
  assert.deepEqual(values(imputeMissing(split, 'linear'), 0), [2, 2, 4, 6, 8, 8]);
  assert.deepEqual(values(imputeMissing(split, 'zero'), 0), [0, 2, 0, 0, 8, 0]);
  assert.equal(imputeMissing(split, 'linear').series[1]![0], split.series[1]![0]); // untouched rows shared
  assert.throws(() => imputeMissing(readSeriesFile(files.write('n.jsonl', '[null,null]\n')), 'linear'), /n\.jsonl:1: row 1 has no observed value/);
  const resampled = resampleSeries(split, 5);
  assert.deepEqual(values(resampled, 1), [1, 1.5, 2, 2.5, 3]);
  assert.equal(resampled.equalLength, true);
  assert.throws(() => resampleSeries(split, 1), /resample needs an integer length >= 2/);
});

test('seriesInput hands equal-length univariate rows over as one matrix on the file buffer, without a copy', () => {
  const split = readSeriesFile(files.write('d.csv', '1,2\n3,4\n5,6\n'), { labels: 'none' });
  const input = seriesInput(split) as { data: Float64Array; rows: number; cols: number };
  assert.deepEqual([...input.data], [1, 2, 3, 4, 5, 6]);
  assert.equal(input.rows, 3);
  assert.equal(input.data.buffer, split.series[0]![0]!.buffer);
  const multi = readSeriesFile(files.write('mm.jsonl', '[[1,2],[3,4]]\n'));
  assert.equal(seriesInput(multi), multi);
});
