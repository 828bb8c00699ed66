/**
 * The on-disk form of every Tempora model: DIR/model.json (kind, format version, options, any
 * extra state, and a manifest of the weights) and DIR/weights.bin (float32, little-endian, in
 * manifest order). Both are written atomically, the JSON last, so a crash never leaves a
 * model.json pointing at missing weights.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/atomic.js';
import { DataFormatError } from '../core/errors.js';
import { VERSION } from '../core/version.js';
import type { ParameterSnapshot } from './parameters.js';

export const MODEL_FORMAT = 1;

interface WeightEntry {
  name: string;
  shape: number[];
  trainable: boolean;
  offset: number;
  length: number;
}

export interface ModelFile<Config, State> {
  kind: string;
  config: Config;
  state: State;
  weights: ParameterSnapshot[];
}

export function writeModelFiles<Config, State>(dir: string, model: ModelFile<Config, State>): void {
  const entries: WeightEntry[] = [];
  let offset = 0;
  for (const w of model.weights) {
    entries.push({ name: w.name, shape: w.shape, trainable: w.trainable, offset, length: w.values.length });
    offset += w.values.length;
  }
  const all = new Float32Array(offset);
  for (let i = 0; i < model.weights.length; i++) all.set(model.weights[i]!.values, entries[i]!.offset);
  writeFileAtomic(join(dir, 'weights.bin'), new Uint8Array(all.buffer));
  const json = { format: MODEL_FORMAT, kind: model.kind, tempora: VERSION, config: model.config, state: model.state, weights: entries };
  writeFileAtomic(join(dir, 'model.json'), JSON.stringify(json, null, 2) + '\n');
}

export function readModelFiles<Config, State>(dir: string, expectedKind: string): ModelFile<Config, State> {
  const jsonPath = join(dir, 'model.json');
  const binPath = join(dir, 'weights.bin');
  if (!existsSync(jsonPath)) throw new DataFormatError('no model.json here: not a saved Tempora model', dir);
  let json: { format?: number; kind?: string; config: Config; state: State; weights: WeightEntry[] };
  try {
    json = JSON.parse(readFileSync(jsonPath, 'utf8'));
  } catch (err) {
    throw new DataFormatError(`not valid JSON (${(err as Error).message})`, jsonPath);
  }
  if (json.format !== MODEL_FORMAT) throw new DataFormatError(`unsupported model format ${json.format}`, jsonPath);
  if (json.kind !== expectedKind) throw new DataFormatError(`holds a "${json.kind}" model, not "${expectedKind}"`, jsonPath);
  const bytes = readFileSync(binPath);
  const floats = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const weights = json.weights.map((e) => {
    if (e.offset + e.length > floats.length) {
      throw new DataFormatError(`weights.bin is too short for parameter "${e.name}"`, binPath);
    }
    return { name: e.name, shape: e.shape, trainable: e.trainable, values: floats.slice(e.offset, e.offset + e.length) };
  });
  return { kind: json.kind, config: json.config, state: json.state, weights };
}
