/**
 * The one training checkpoint scheme. DIR/LATEST names the newest complete checkpoint folder
 * DIR/epoch-NNNNNN (model.json + weights.bin). A folder is filled under a temporary name and
 * renamed whole; LATEST is then replaced atomically, and only after that are older folders
 * removed. A run killed between any two of these writes leaves LATEST naming a complete folder
 * (or no LATEST at all), so a reader never pairs new files with old ones.
 */
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic, writeFolderAtomic } from '../../core/atomic.js';
import { readModelFiles, writeModelFiles, type SavedWeights } from '../../core/model-files.js';

const KIND = 'TrainingCheckpoint';
const LATEST = 'LATEST';
const FOLDER_PREFIX = 'epoch-';

export interface Checkpoint<State> {
  /** Epochs completed. */
  epoch: number;
  /** What the run was started with (data and settings); a resume must match it. */
  fingerprint: string;
  /** JSON state of the loop and the model. */
  state: State;
  /** Every float32 array: weights, optimiser moments, model arrays. */
  weights: SavedWeights[];
}

interface Header<State> {
  epoch: number;
  fingerprint: string;
  state: State;
}

function folderName(epoch: number): string {
  return `${FOLDER_PREFIX}${String(epoch).padStart(6, '0')}`;
}

function latestName(dir: string): string | null {
  const path = join(dir, LATEST);
  return existsSync(path) ? readFileSync(path, 'utf8').trim() : null;
}

export async function writeCheckpoint<State>(dir: string, checkpoint: Checkpoint<State>): Promise<void> {
  const name = folderName(checkpoint.epoch);
  const current = latestName(dir);
  // A folder of this name that LATEST does not name is left over from a killed run: replace it.
  if (name !== current) rmSync(join(dir, name), { recursive: true, force: true });
  const header: Header<State> = { epoch: checkpoint.epoch, fingerprint: checkpoint.fingerprint, state: checkpoint.state };
  await writeFolderAtomic(join(dir, name), (tmp) => writeModelFiles(tmp, { kind: KIND, config: header, state: null, weights: checkpoint.weights }));
  writeFileAtomic(join(dir, LATEST), name + '\n');
  for (const entry of readdirSync(dir)) {
    const stale = entry.startsWith(FOLDER_PREFIX) ? entry !== name : entry.startsWith(`.${FOLDER_PREFIX}`) || entry.startsWith(`.${LATEST}.`);
    if (stale) rmSync(join(dir, entry), { recursive: true, force: true });
  }
}

/** The checkpoint LATEST names in dir, or null when there is none. */
export function readCheckpoint<State>(dir: string): Checkpoint<State> | null {
  const name = latestName(dir);
  if (name === null) return null;
  const file = readModelFiles<Header<State>, null>(join(dir, name), KIND);
  return { ...file.config, weights: file.weights };
}
