import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseValue } from '../../src/data/values.js';

test('parseValue reads decimal numbers and missing markers, rejects everything else', () => {
  const accepted: [string, number][] = [['1', 1], ['-1.5e3', -1500], [' 2 ', 2], ['.5', 0.5], ['+.5', 0.5], ['0.0', 0], ['1E-2', 0.01]];
  for (const [token, value] of accepted) assert.equal(parseValue(token), value, token);
  for (const token of ['NaN', 'nan', '?', ' ? ']) assert.ok(Number.isNaN(parseValue(token)!), token);
  for (const token of ['', '  ', 'abc', '0x1f', '0X1F', '0b1', '0o7', 'Infinity', '-Infinity', '1e999', 'e5', '1e', '--1', '1 2', '1,5']) {
    assert.equal(parseValue(token), undefined, token);
  }
});
