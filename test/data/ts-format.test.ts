import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTsFormat } from '../../src/data/ts-format.js';
import { rejects } from './reject.js';

const univariate = `# a comment
@problemName Toy
@timeStamps false
@missing true
@univariate true
@equalLength true
@seriesLength 3
@classLabel true yes no
@data
1,2,3:yes
4,?,6:no
7,8,9:yes
`;

test('.ts univariate equal length with a missing value', () => {
  const split = parseTsFormat(univariate, 'toy.ts');
  assert.equal(split.series.length, 3);
  assert.deepEqual(split.classNames, ['no', 'yes']);
  assert.deepEqual([...split.labels], [1, 0, 1]);
  assert.equal(split.equalLength, true);
  assert.equal(split.length, 3);
  assert.ok(Number.isNaN(split.series[1]![0]![1]!));
});

test('.ts multivariate unequal length, numeric labels in numeric order', () => {
  const text = `@problemName M
@timeStamps false
@univariate false
@dimensions 2
@equalLength false
@classLabel true 10 2 1
@data
1,2,3:4,5:2
1,2:3,4,5,6:10
`;
  const split = parseTsFormat(text, 'm.ts');
  assert.equal(split.channels, 2);
  assert.equal(split.equalLength, false);
  assert.equal(split.length, 4);
  assert.deepEqual(split.classNames, ['1', '2', '10']);
  assert.deepEqual([...split.labels], [1, 2]);
  assert.deepEqual([...split.series[1]![1]!], [3, 4, 5, 6]);
});

test('.ts without class labels gives -1 labels', () => {
  const split = parseTsFormat('@problemName U\n@classLabel false\n@data\n1,2\n3,4\n');
  assert.deepEqual([...split.labels], [-1, -1]);
  assert.deepEqual(split.classNames, []);
});

test('.ts as sktime ships it: comments, blank lines, tags in any order, dimensions from the first row', () => {
  const text = "#Motion data\n@problemName 'BasicMotions'\n@timeStamps false\n\n\n@classLabel true Standing Running\n@univariate false\n@data\n0.1,0.2:0.3,0.4:0.5,0.6:Running\n1,2:3,4:5,6:Standing\n";
  const split = parseTsFormat(text, 'bm.ts');
  assert.equal(split.channels, 3);
  assert.deepEqual(split.classNames, ['Running', 'Standing']);
  assert.deepEqual([...split.labels], [0, 1]);
});

test('.ts with @targetLabel false and no @classLabel: unlabelled series', () => {
  const split = parseTsFormat('@problemName R\n@targetLabel false\n@data\n1,2,3\n');
  assert.deepEqual([...split.labels], [-1]);
});

test('.ts regression files (@targetLabel true): unlabelled series, targets kept in order', () => {
  const split = parseTsFormat('@problemName R\n@univariate true\n@equalLength true\n@targetLabel true\n@data\n1,2,3:0.5\n4,5,6:-2e1\n', 'r.ts');
  assert.deepEqual([...split.labels], [-1, -1]);
  assert.deepEqual([...split.targets!], [0.5, -20]);
  assert.deepEqual([...split.series[1]![0]!], [4, 5, 6]);
  assert.deepEqual([...split.lines!], [6, 7]);
});

test(".ts header comments starting with '%' (as aeon's example files) are skipped", () => {
  const split = parseTsFormat('% Example file\n%  more\n@problemName P\n@classLabel true a b\n@data\n% a comment among the rows\n1,2:a\n3,4:b\n', 'p.ts');
  assert.deepEqual([...split.labels], [0, 1]);
  assert.deepEqual([...split.lines!], [7, 8]);
});

test('.ts errors name the file, the line and the problem', () => {
  rejects(() => parseTsFormat('', 'e.ts'), 1, /^e\.ts:1: empty file/);
  rejects(() => parseTsFormat('@problemName x\n@classLabel true a\n', 'e.ts'), 2, /no @data/);
  rejects(() => parseTsFormat('@problemName x\n@data\n1,2:a\n', 'e.ts'), 2, /@classLabel is missing/);
  rejects(() => parseTsFormat('@problemName x\n@timeStamps true\n@data\n', 'e.ts'), 2, /timestamped .* not supported/);
  rejects(() => parseTsFormat('@classLabel false\n@data\n(1,2),(2,3)\n', 'e.ts'), 3, /timestamped .* not supported/);
  rejects(() => parseTsFormat('@bogus 1\n@data\n', 'e.ts'), 1, /bad header: unknown tag '@bogus'/);
  rejects(() => parseTsFormat('@univariate maybe\n@data\n', 'e.ts'), 1, /bad header: @univariate needs true or false/);
  rejects(() => parseTsFormat('@classLabel true\n@data\n', 'e.ts'), 1, /needs the list of class labels/);
  rejects(() => parseTsFormat('1,2,3:a\n', 'e.ts'), 1, /bad header: expected an @tag/);
  rejects(() => parseTsFormat(univariate.replace('4,?,6', '4,x,6'), 'e.ts'), 11, /non-numeric value 'x' in dimension 1, value 2/);
  rejects(() => parseTsFormat(univariate.replace('4,?,6', '4,6'), 'e.ts'), 11, /ragged rows: .* 3 values, found 2/);
  rejects(() => parseTsFormat(univariate.replace('4,?,6:no', '4,5,6:maybe'), 'e.ts'), 11, /label 'maybe' is not declared/);
  rejects(() => parseTsFormat(univariate.replace('4,?,6:no', '4,5,6'), 'e.ts'), 11, /missing label/);
  rejects(() => parseTsFormat(univariate.replace('4,?,6:no', '4,5,6:'), 'e.ts'), 11, /missing label/);
  rejects(() => parseTsFormat(univariate.replace('4,?,6:no', '4,5,6:1,2,3:no'), 'e.ts'), 11, /expected 1 dimension/);
  rejects(() => parseTsFormat('@classLabel true a\n@data\n\n', 'e.ts'), 3, /no series after @data/);
  rejects(() => parseTsFormat('@targetLabel true\n@data\n1,2:x\n', 'e.ts'), 3, /regression target 'x' after the last ':' is not a number/);
  rejects(() => parseTsFormat('@targetLabel true\n@classLabel true a\n@data\n', 'e.ts'), 2, /@targetLabel true and @classLabel true/);
  rejects(() => parseTsFormat('@classLabel false\n@dimensions 2\n@data\n1,2:3\n4\n', 'e.ts'), 5, /expected 2 dimensions separated by ':', found 1/);
  rejects(() => parseTsFormat('@classLabel false\n@data\n1,2:\n', 'e.ts'), 3, /dimension 2 is empty/);
});
