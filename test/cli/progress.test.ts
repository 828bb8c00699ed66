import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Progress } from '../../src/cli/progress.js';

/** The plain lines a Progress writes to stderr while `body` runs. */
function stderrLines(body: () => void): string[] {
  const written: string[] = [];
  const original = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  }) as typeof process.stderr.write;
  try {
    body();
  } finally {
    process.stderr.write = original;
  }
  return written.join('').split('\n').filter((l) => l !== '');
}

test('the time left is paced by the units done since the progress started, not by those done before (a resumed job)', () => {
  const lines = stderrLines(() => {
    // 6 of 10 runs were done by an earlier invocation; this one has done 2 more in 40 s.
    const progress = new Progress({ label: 'run', total: 10, initial: 6, startedAt: Date.now() - 40_000, plain: true, plainInterval: 0 });
    progress.update(8, 'status');
  });
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /^run 8\/10 status \(40 s elapsed, ~40 s left\)$/);
});

test('nothing done yet: only the elapsed time', () => {
  const lines = stderrLines(() => new Progress({ label: 'epoch', total: 5, plain: true, plainInterval: 0 }).update(0));
  assert.match(lines[0]!, /^epoch 0\/5 {2}\(0 s elapsed\)$/);
});

test('a time left given with the update replaces the pace of units (units of unequal cost)', () => {
  const lines = stderrLines(() => {
    const progress = new Progress({ label: 'run', total: 10, startedAt: Date.now() - 40_000, plain: true, plainInterval: 0 });
    progress.update(8, 'status', 7);
  });
  assert.match(lines[0]!, /^run 8\/10 status \(40 s elapsed, ~7 s left\)$/);
});
