/** Reads one split file, choosing the parser by the file's extension. */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { DataFormatError, DatasetNotFoundError } from '../core/errors.js';
import { parseArff } from './arff.js';
import { parseTsFormat } from './ts-format.js';
import type { LabelledSplit } from './types.js';
import { parseUcrCsv, parseUcrTsv } from './ucr-delimited.js';

/** Extensions of split files, in the order they are preferred when a folder holds several. */
export const SPLIT_EXTENSIONS = ['.tsv', '.ts', '.arff', '.txt', '.csv'] as const;

/** Parses split text in the format its file name's extension names. */
export function parseSplit(text: string, file: string): LabelledSplit {
  const extension = extname(file).toLowerCase();
  switch (extension) {
    case '.tsv':
      return parseUcrTsv(text, file);
    case '.csv':
      return parseUcrCsv(text, file);
    case '.txt':
      // Old UCR .txt files are comma-separated; some copies were re-saved with tabs.
      return firstLineHasTab(text) ? parseUcrTsv(text, file) : parseUcrCsv(text, file);
    case '.ts':
      return parseTsFormat(text, file);
    case '.arff':
      return parseArff(text, file);
    default:
      throw new DataFormatError(`unsupported extension '${extension}' (supported: ${SPLIT_EXTENSIONS.join(' ')})`, file);
  }
}

/** Reads and parses a split file. */
export function readSplit(file: string): LabelledSplit {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new DatasetNotFoundError(`no such file: ${file}`);
    throw new DataFormatError(`cannot read the file (${code ?? String(err)})`, file);
  }
  return parseSplit(text, file);
}

function firstLineHasTab(text: string): boolean {
  const end = text.indexOf('\n');
  const tab = text.indexOf('\t');
  return tab >= 0 && (end < 0 || tab < end);
}
