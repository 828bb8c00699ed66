/** Running a Python snippet with scikit-learn (/usr/bin/python3) for the comparison scripts, when it is there. */
import { spawnSync } from 'node:child_process';

const PYTHON = process.env['TEMPORA_PYTHON'] ?? '/usr/bin/python3';

/** Whether `PYTHON` can import scikit-learn. */
export function hasSklearn(): boolean {
  const probe = spawnSync(PYTHON, ['-c', 'import sklearn'], { encoding: 'utf8' });
  return probe.status === 0;
}

/** Runs `code` with `input` as JSON on stdin and returns its stdout parsed as JSON. */
export function runPython<T>(code: string, input: unknown): T {
  const result = spawnSync(PYTHON, ['-c', code], {
    input: JSON.stringify(input),
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  if (result.status !== 0) throw new Error(`${PYTHON} failed with status ${result.status}`);
  return JSON.parse(result.stdout) as T;
}
