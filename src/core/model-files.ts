/**
 * The on-disk form of every Tempora model: DIR/model.json (kind, format version, options as
 * `config`, any extra `state`, and a manifest of the weights) and, for models with weights,
 * DIR/weights.bin (float32, little-endian, in manifest order). Both are written atomically, the
 * JSON last, so a crash never leaves a model.json pointing at missing weights. JSON keeps float64
 * state exactly (shortest round-trip form), so loaded models predict identically.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic.js';
import { DataFormatError } from './errors.js';
import { VERSION } from './version.js';

/** 2: one layout for every estimator (config = its resolved options; nested models inside state). */
export const MODEL_FORMAT = 2;
const JSON_FILE = 'model.json';
const WEIGHTS_FILE = 'weights.bin';

/** One named float32 array of a model (a network parameter). */
export interface SavedWeights {
  readonly name: string;
  readonly shape: number[];
  readonly trainable: boolean;
  readonly values: Float32Array;
}

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
  /** Empty for models without float32 weights (k-means, mixtures): then no weights.bin is written. */
  weights: SavedWeights[];
}

export function writeModelFiles<Config, State>(dir: string, model: ModelFile<Config, State>): void {
  const entries: WeightEntry[] = [];
  let offset = 0;
  for (const w of model.weights) {
    entries.push({ name: w.name, shape: w.shape, trainable: w.trainable, offset, length: w.values.length });
    offset += w.values.length;
  }
  if (entries.length > 0) {
    const all = new Float32Array(offset);
    for (let i = 0; i < model.weights.length; i++) all.set(model.weights[i]!.values, entries[i]!.offset);
    writeFileAtomic(join(dir, WEIGHTS_FILE), new Uint8Array(all.buffer));
  }
  const json = { format: MODEL_FORMAT, kind: model.kind, tempora: VERSION, config: model.config, state: model.state, weights: entries };
  writeFileAtomic(join(dir, JSON_FILE), JSON.stringify(json, null, 2) + '\n');
}

/** Reads a model saved by writeModelFiles; given `expectedKind`, checks that it holds a model of that kind. */
export function readModelFiles<Config, State>(dir: string, expectedKind?: string): ModelFile<Config, State> {
  const jsonPath = join(dir, JSON_FILE);
  const binPath = join(dir, WEIGHTS_FILE);
  if (!existsSync(dir)) throw new DataFormatError('no such folder', dir);
  if (!existsSync(jsonPath)) throw new DataFormatError(`no ${JSON_FILE} here: not a saved Tempora model`, dir);
  let json: { format?: unknown; kind?: unknown; config: Config; state: State; weights?: unknown };
  try {
    json = JSON.parse(readFileSync(jsonPath, 'utf8'));
  } catch (err) {
    throw new DataFormatError(`not valid JSON (${(err as Error).message})`, jsonPath);
  }
  if (typeof json !== 'object' || json === null) throw new DataFormatError('not a Tempora model file (no JSON object)', jsonPath);
  if (json.format === 1) throw new DataFormatError('a model saved by an older Tempora (format 1): fit and save it again', jsonPath);
  if (json.format !== MODEL_FORMAT) throw new DataFormatError(`unsupported model format ${String(json.format)} (expected ${MODEL_FORMAT})`, jsonPath);
  if (typeof json.kind !== 'string') throw new DataFormatError('field "kind" must name the model', jsonPath);
  if (expectedKind !== undefined && json.kind !== expectedKind) throw new DataFormatError(`holds a "${String(json.kind)}" model, not "${expectedKind}"`, jsonPath);
  if (!Array.isArray(json.weights)) throw new DataFormatError('field "weights" must list the saved weights', jsonPath);
  const entries = json.weights as WeightEntry[];
  let weights: SavedWeights[] = [];
  if (entries.length > 0) {
    if (!existsSync(binPath)) throw new DataFormatError(`${WEIGHTS_FILE} is missing`, dir);
    const bytes = readFileSync(binPath);
    const floats = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    weights = entries.map((e) => {
      if (e.offset + e.length > floats.length) throw new DataFormatError(`${WEIGHTS_FILE} is too short for parameter "${e.name}"`, binPath);
      return { name: e.name, shape: e.shape, trainable: e.trainable, values: floats.slice(e.offset, e.offset + e.length) };
    });
  }
  return { kind: json.kind, config: json.config, state: json.state, weights };
}

/** The kind of the model saved in dir, reading its model.json only (DataFormatError when there is none). */
export function savedModelKind(dir: string): string {
  const jsonPath = join(dir, JSON_FILE);
  if (!existsSync(dir)) throw new DataFormatError('no such folder', dir);
  if (!existsSync(jsonPath)) throw new DataFormatError(`no ${JSON_FILE} here: not a saved Tempora model`, dir);
  let kind: unknown;
  try {
    kind = (JSON.parse(readFileSync(jsonPath, 'utf8')) as { kind?: unknown }).kind;
  } catch (err) {
    throw new DataFormatError(`not valid JSON (${(err as Error).message})`, jsonPath);
  }
  if (typeof kind !== 'string') throw new DataFormatError('field "kind" must name the model', jsonPath);
  return kind;
}

/** A matrix saved in a model's JSON state (rows of numbers) back as a row-major Float64Array, checked. */
export function readMatrixField(
  state: Record<string, unknown>,
  field: string,
  dir: string,
): { data: Float64Array; rows: number; cols: number } {
  const path = join(dir, JSON_FILE);
  const value = state[field];
  if (!Array.isArray(value) || value.length === 0 || !Array.isArray(value[0])) {
    throw new DataFormatError(`field "${field}" must be a non-empty array of rows`, path);
  }
  const cols = (value[0] as unknown[]).length;
  const data = new Float64Array(value.length * cols);
  value.forEach((row: unknown, r) => {
    if (!Array.isArray(row) || row.length !== cols || row.some((v) => typeof v !== 'number')) {
      throw new DataFormatError(`field "${field}" row ${r} must hold ${cols} numbers`, path);
    }
    data.set(row as number[], r * cols);
  });
  return { data, rows: value.length, cols };
}
