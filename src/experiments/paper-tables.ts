/**
 * The papers' published numbers (../shared/papers/*.tsv, or TEMPORA_PAPERS), read so that every
 * table Tempora prints can stand beside them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DataFormatError } from '../core/errors.js';

/** Folder of the papers' TSV tables, or null when absent. */
export function papersDir(): string | null {
  const fromEnv = process.env['TEMPORA_PAPERS'];
  if (fromEnv) return fromEnv;
  const shared = resolve('../shared/papers');
  return existsSync(shared) ? shared : null;
}

/** A TSV table keyed by its key columns (joined with "|"), then by value column name. */
export type PaperTable = ReadonlyMap<string, ReadonlyMap<string, number>>;

/**
 * Reads a paper table. The DTCR tables have one key column (dataset); the Cluster Distillation
 * table has two (dataset, method), so its keys read "dataset|method".
 */
export function readPaperTable(file: string, keyColumns = 1): PaperTable {
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
  if (lines.length < 2) throw new DataFormatError('empty table', file);
  const header = lines[0]!.split('\t');
  const table = new Map<string, Map<string, number>>();
  lines.slice(1).forEach((line, i) => {
    const cells = line.split('\t');
    if (cells.length !== header.length) throw new DataFormatError(`${cells.length} cells, expected ${header.length}`, file, i + 2);
    const row = new Map<string, number>();
    header.slice(keyColumns).forEach((column, j) => {
      const cell = cells[j + keyColumns]!;
      const value = Number(cell);
      if (cell !== '' && Number.isFinite(value)) row.set(column, value);
    });
    table.set(cells.slice(0, keyColumns).join('|'), row);
  });
  return table;
}

export function paperTablePath(name: 'dtcr_paper_ri' | 'dtcr_paper_nmi' | 'cd_paper_accuracy' | 'lafabregue_nmi'): string | null {
  const dir = papersDir();
  if (!dir) return null;
  const file = join(dir, `${name}.tsv`);
  return existsSync(file) ? file : null;
}
