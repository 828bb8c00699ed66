import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArff } from '../../src/data/arff.js';
import { rejects } from './reject.js';

const flat = `% a comment
@RELATION Toy
@ATTRIBUTE t0 NUMERIC
@attribute 't 1' real
@attribute t2 numeric
@attribute target {1,2,'3'}

@data
1,2,3,1
4,?,6,'3'
7,8,9,?
`;

test('flat ARFF: numeric attributes then a nominal class; ? class means unlabelled', () => {
  const split = parseArff(flat, 'toy.arff');
  assert.equal(split.series.length, 3);
  assert.deepEqual(split.classNames, ['1', '2', '3']);
  assert.deepEqual([...split.labels], [0, 2, -1]);
  assert.equal(split.length, 3);
  assert.ok(Number.isNaN(split.series[1]![0]![1]!));
});

const relational = `@relation Multi
@attribute relationalAtt relational
@attribute dim0_0 numeric
@attribute dim0_1 numeric
@end relationalAtt
@attribute classAttribute {up,down}
@data
'1,2\\n3,4\\n5,6',up
"7,8\\n9,?\\n0,1",down
`;

test('relational ARFF (sktime/aeon multivariate): channels split at a literal \\n', () => {
  const split = parseArff(relational, 'm.arff');
  assert.equal(split.channels, 3);
  assert.equal(split.length, 2);
  assert.deepEqual(split.classNames, ['down', 'up']);
  assert.deepEqual([...split.labels], [1, 0]);
  assert.deepEqual([...split.series[0]![2]!], [5, 6]);
  assert.ok(Number.isNaN(split.series[1]![1]![1]!));
});

test('ARFF errors name the file, the line and the problem', () => {
  rejects(() => parseArff('', 'e.arff'), 1, /^e\.arff:1: empty file/);
  rejects(() => parseArff('@relation x\n@attribute a numeric\n', 'e.arff'), 2, /no @data/);
  rejects(() => parseArff('@relation x\n@attribute c {a}\n@attribute a numeric\n@data\n', 'e.arff'), 4, /bad header: expected numeric attributes/);
  rejects(() => parseArff('@relation x\n@attribute a date\n@data\n', 'e.arff'), 2, /unsupported type 'date'/);
  rejects(() => parseArff('@relation x\n@foo\n', 'e.arff'), 2, /bad header: expected @relation/);
  rejects(() => parseArff(flat.replace('4,?,6', '4,z,6'), 'e.arff'), 10, /non-numeric value 'z' in value 2/);
  rejects(() => parseArff(flat.replace('4,?,6', '4,6'), 'e.arff'), 10, /ragged rows: the header declares 3 values and a class, found 3 fields/);
  rejects(() => parseArff(flat.replace("4,?,6,'3'", '4,5,6,4'), 'e.arff'), 10, /label '4' is not declared/);
  rejects(() => parseArff(flat.replace("4,?,6,'3'", '{0 1, 3 1}'), 'e.arff'), 10, /sparse/);
  rejects(() => parseArff(relational.replace('5,6', '5,6,7'), 'e.arff'), 8, /ragged rows: .* 2 values per channel, found 3 in channel 3/);
  rejects(() => parseArff(relational.replace(",up", ''), 'e.arff'), 8, /missing label/);
  rejects(() => parseArff(relational.replace('"7,8\\n9,?\\n0,1"', '"7,8\\n9,1"'), 'e.arff'), 9, /expected 3 channels/);
  rejects(() => parseArff(relational.replace('@end relationalAtt\n', ''), 'e.arff'), 5, /is its @end missing/);
  rejects(() => parseArff(relational.replace('@end relationalAtt\n@attribute classAttribute {up,down}\n', ''), 'e.arff'), 5, /has no @end/);
});
