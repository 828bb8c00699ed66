/**
 * Training checkpoints: DIR/LATEST names the newest complete checkpoint folder DIR/epoch-NNNNNN
 * (weights, Adam moments, F, epoch, step). LATEST is written atomically after its folder is
 * complete, and older folders are removed after, so a crash at any point leaves a usable checkpoint.
 */
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../core/atomic.js';
import { readModelFiles, writeModelFiles } from '../../core/model-files.js';
import type { ParameterSnapshot } from '../../nn/parameters.js';

const KIND = 'DTCR-checkpoint';
const LATEST = 'LATEST';

export interface CheckpointState {
  /** Epochs completed. */
  epoch: number;
  /** Optimisation steps completed. */
  step: number;
  /** What the run was started with; a resume must match it. */
  fingerprint: string;
  /** Names of the optimiser's weights, in its order. */
  optimizer: string[];
}

export interface Checkpoint {
  state: CheckpointState;
  weights: ParameterSnapshot[];
  optimizer: ParameterSnapshot[];
  indicator: Float32Array;
}

const INDICATOR = 'state/indicator';
const OPTIMIZER_PREFIX = 'optimizer/';

export function writeCheckpoint(dir: string, checkpoint: Checkpoint): void {
  const name = `epoch-${String(checkpoint.state.epoch).padStart(6, '0')}`;
  const weights: ParameterSnapshot[] = [
    ...checkpoint.weights,
    { name: INDICATOR, shape: [checkpoint.indicator.length], trainable: false, values: checkpoint.indicator },
    ...checkpoint.optimizer.map((o, i) => ({ ...o, name: `${OPTIMIZER_PREFIX}${i}` })),
  ];
  writeModelFiles(join(dir, name), { kind: KIND, config: {}, state: checkpoint.state, weights });
  writeFileAtomic(join(dir, LATEST), name + '\n');
  for (const entry of readdirSync(dir)) {
    if (entry.startsWith('epoch-') && entry !== name) rmSync(join(dir, entry), { recursive: true, force: true });
  }
}

/** The newest checkpoint in dir, or null when there is none. */
export function readCheckpoint(dir: string): Checkpoint | null {
  const latest = join(dir, LATEST);
  if (!existsSync(latest)) return null;
  const file = readModelFiles<Record<string, never>, CheckpointState>(join(dir, readFileSync(latest, 'utf8').trim()), KIND);
  const indicator = file.weights.find((w) => w.name === INDICATOR)!.values;
  const optimizer = file.weights
    .filter((w) => w.name.startsWith(OPTIMIZER_PREFIX))
    .map((w, i) => ({ ...w, name: file.state.optimizer[i]! }));
  const weights = file.weights.filter((w) => w.name !== INDICATOR && !w.name.startsWith(OPTIMIZER_PREFIX));
  return { state: file.state, weights, optimizer, indicator };
}
