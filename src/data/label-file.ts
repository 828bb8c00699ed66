/** A file of labels, one per line (any text; surrounding spaces and a trailing newline ignored). */
import { readFileSync } from 'node:fs';
import { DataFormatError } from '../core/errors.js';

/** The labels of `path` in order; DataFormatError naming the file and line for unreadable, empty or blank-line input. */
export function readLabelFile(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new DataFormatError(`cannot read the label file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, path);
  }
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  if (lines.length === 0) throw new DataFormatError('empty file: expected one label per line', path);
  return lines.map((line, i) => {
    const label = line.trim();
    if (label === '') throw new DataFormatError('blank line: expected one label per line', path, i + 1);
    return label;
  });
}
