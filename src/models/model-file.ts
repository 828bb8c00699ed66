/**
 * The JSON file an estimator's `save(dir)` writes (`dir/model.json`, atomically) and `load(dir)`
 * reads back, tagged with the estimator's kind so that loading the wrong model fails clearly.
 * JSON keeps float64 values exactly (shortest round-trip form), so loaded models predict identically.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/atomic.js';
import { DataFormatError } from '../core/errors.js';

const FORMAT = 'tempora-model';
const FILE_NAME = 'model.json';

export function modelFilePath(dir: string): string {
  return join(dir, FILE_NAME);
}

export function writeModelFile(dir: string, kind: string, version: number, body: Record<string, unknown>): void {
  writeFileAtomic(modelFilePath(dir), JSON.stringify({ format: FORMAT, kind, version, ...body }) + '\n');
}

/** Reads `dir/model.json` and checks that it holds a model of `kind` at `version`. */
export function readModelFile(dir: string, kind: string, version: number): Record<string, unknown> {
  const path = modelFilePath(dir);
  if (!existsSync(path)) throw new DataFormatError(`no saved model here (expected ${FILE_NAME})`, path);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new DataFormatError(`not valid JSON: ${(err as Error).message}`, path);
  }
  if (typeof parsed !== 'object' || parsed === null || (parsed as { format?: unknown }).format !== FORMAT) {
    throw new DataFormatError(`not a Tempora model file (format must be "${FORMAT}")`, path);
  }
  const file = parsed as Record<string, unknown>;
  if (file['kind'] !== kind) throw new DataFormatError(`holds a ${String(file['kind'])} model, not a ${kind}`, path);
  if (file['version'] !== version) {
    throw new DataFormatError(`${kind} file version ${String(file['version'])} is not supported (expected ${version})`, path);
  }
  return file;
}

/** A saved matrix field (rows of numbers) back as a row-major Float64Array, checked. */
export function readMatrixField(
  file: Record<string, unknown>,
  field: string,
  path: string,
): { data: Float64Array; rows: number; cols: number } {
  const value = file[field];
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
