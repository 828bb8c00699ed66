/** Shared assertion for the parser tests: a DataFormatError at a given line whose message matches. */
import assert from 'node:assert/strict';
import { DataFormatError } from '../../src/core/errors.js';

export function rejects(fn: () => unknown, line: number, pattern: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof DataFormatError, String(err));
    assert.equal(err.line, line, err.message);
    assert.match(err.message, pattern);
    return true;
  });
}
