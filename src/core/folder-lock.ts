/**
 * One process at a time in a folder that concurrent workers share (a reproduction's cached
 * trainings, whose checkpoint writes would otherwise remove each other's files). DIR.lock holds the
 * owner's pid, written whole before the lock appears (hard link of a finished file); a lock whose
 * process is gone (a killed worker) is taken over.
 */
import { randomUUID } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export async function withFolderLock<T>(dir: string, work: () => Promise<T>, pollMs = 500): Promise<T> {
  const lock = `${dir}.lock`;
  const mine = `${lock}.${process.pid}.${randomUUID()}`;
  mkdirSync(dirname(lock), { recursive: true });
  writeFileSync(mine, String(process.pid));
  try {
    while (!tryLink(mine, lock)) {
      if (ownerGone(lock)) rmSync(lock, { force: true });
      else await sleep(pollMs);
    }
  } finally {
    rmSync(mine, { force: true });
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { force: true });
  }
}

function tryLink(from: string, to: string): boolean {
  try {
    linkSync(from, to);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

function ownerGone(lock: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(lock, 'utf8'));
  } catch {
    return false; // released meanwhile: the next link attempt decides
  }
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    // EPERM: alive but another user's.
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
