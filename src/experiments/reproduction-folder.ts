/**
 * DIR/experiment.json says which paper a reproduction folder belongs to, so that
 * `tempora report DIR` needs nothing else; written atomically when a reproduction starts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/atomic.js';
import { DataFormatError } from '../core/errors.js';

export interface FolderInfo {
  readonly experiment: string;
  /** Every invocation that wrote to the folder: budget, datasets, seeds, when. */
  readonly invocations: readonly { budget: string; datasets: string[]; seeds: number; startedAt: string }[];
}

export function readFolderInfo(dir: string): FolderInfo {
  const path = join(dir, 'experiment.json');
  if (!existsSync(path)) throw new DataFormatError('no experiment.json: not a folder written by tempora reproduce', dir);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as FolderInfo;
  } catch (err) {
    throw new DataFormatError(`not valid JSON (${(err as Error).message})`, path);
  }
}

/** Records an invocation; refuses a folder that holds another paper's runs. */
export function recordInvocation(dir: string, experiment: string, invocation: FolderInfo['invocations'][number]): void {
  const path = join(dir, 'experiment.json');
  const previous = existsSync(path) ? readFolderInfo(dir) : { experiment, invocations: [] };
  if (previous.experiment !== experiment) {
    throw new DataFormatError(`holds runs of '${previous.experiment}', not '${experiment}': choose another --out`, path);
  }
  writeFileAtomic(path, JSON.stringify({ experiment, invocations: [...previous.invocations, invocation] }, null, 2) + '\n');
}
