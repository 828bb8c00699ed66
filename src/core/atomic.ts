/** Atomic file output: write to a temporary file (or folder) beside the target, then rename it there. */
import { appendFileSync, closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';

/** A temporary name beside path, unique to this process and moment. */
function besideTemp(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
}

export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = besideTemp(path);
  writeFileSync(tmp, data);
  const fd = openSync(tmp, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/**
 * Append one line in a single write call (O_APPEND), so concurrent writers and crashes never
 * leave a half line behind another line.
 */
export function appendLineAtomic(path: string, line: string): void {
  mkdirSync(dirname(path), { recursive: true });
  appendFileSync(path, line.endsWith('\n') ? line : line + '\n');
}

/**
 * Fills a temporary folder beside `dir`, then renames it to `dir`, so readers see the whole folder
 * or none. When `dir` appeared meanwhile (another process wrote the same thing first), that one is
 * kept and this one removed. Returns whether this call's folder is the one kept. A fill that throws
 * leaves nothing behind.
 */
export async function writeFolderAtomic(dir: string, fill: (tmp: string) => void | Promise<void>): Promise<boolean> {
  mkdirSync(dirname(dir), { recursive: true });
  const tmp = besideTemp(dir);
  mkdirSync(tmp);
  try {
    await fill(tmp);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  try {
    renameSync(tmp, dir);
    return true;
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOTEMPTY' || code === 'EEXIST') return false;
    throw err;
  }
}
