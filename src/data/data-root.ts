/** Where datasets are found by name: TEMPORA_DATA, else ../shared/data/ucr when it exists. */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

/** The default data folder, or null when neither TEMPORA_DATA is set nor ../shared/data/ucr exists. */
export function dataRoot(): string | null {
  const fromEnv = process.env['TEMPORA_DATA'];
  if (fromEnv !== undefined && fromEnv !== '') return resolve(fromEnv);
  const fallback = resolve('..', 'shared', 'data', 'ucr');
  return existsSync(fallback) && statSync(fallback).isDirectory() ? fallback : null;
}
