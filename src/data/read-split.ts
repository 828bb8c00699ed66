/** Reads one split file, choosing the parser by the file's extension. */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { DataFormatError } from '../core/errors.js';
import { readFailure } from './file-lines.js';
import { parseArff } from './arff.js';
import { parseTsFormat } from './ts-format.js';
import type { LabelledSplit } from './types.js';
import { parseUcrCsv, parseUcrText, parseUcrTsv } from './ucr-delimited.js';

/**
 * Extensions of split files, in the order they are preferred when a folder holds several; '' is
 * the UCR 2015 release's NAME_TRAIN without extension.
 */
export const SPLIT_EXTENSIONS = ['.tsv', '.ts', '.arff', '.txt', '.csv', ''] as const;

/** The supported extensions as a reader-friendly list. */
export const SPLIT_EXTENSION_LIST = SPLIT_EXTENSIONS.map((e) => e || '(none)').join(' ');

/** Parses split text in the format its file name's extension names. */
export function parseSplit(text: string, file: string): LabelledSplit {
  const extension = extname(file).toLowerCase();
  switch (extension) {
    case '.tsv':
      return parseUcrTsv(text, file);
    case '.csv':
      return parseUcrCsv(text, file);
    case '.txt':
    case '':
      return parseUcrText(text, file);
    case '.ts':
      return parseTsFormat(text, file);
    case '.arff':
      return parseArff(text, file);
    default:
      throw new DataFormatError(
        `unsupported extension '${extension}' (supported: ${SPLIT_EXTENSION_LIST})`,
        file,
      );
  }
}

/** Reads and parses a split file. */
export function readSplit(file: string): LabelledSplit {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw readFailure(err, file);
  }
  return parseSplit(text, file);
}
