/**
 * The UCR archive's text formats: one series per line, the class label first, then the values.
 * UCR 2018 (.tsv) separates with tabs and pads shorter series with trailing NaN; the 2015 release
 * (files without extension, or .txt/.csv copies) separates with commas, the releases before it
 * with runs of spaces. Every row must have the same number of fields.
 */
import { DataFormatError } from '../core/errors.js';
import { isBlank, LineCursor } from './line-cursor.js';
import { SeriesStore } from './series-store.js';
import type { LabelledSplit } from './types.js';
import { parseValues } from './values.js';

/** Parses UCR 2018 tab-separated text. */
export function parseUcrTsv(text: string, file = '<tsv>'): LabelledSplit {
  return parseUcrDelimited(text, file, '\t');
}

/** Parses the older UCR comma-separated text. */
export function parseUcrCsv(text: string, file = '<csv>'): LabelledSplit {
  return parseUcrDelimited(text, file, ',');
}

/** Parses UCR text whose separator is read off the first line: tab, else comma, else spaces. */
export function parseUcrText(text: string, file = '<txt>'): LabelledSplit {
  const end = text.indexOf('\n');
  const firstLine = end < 0 ? text : text.slice(0, end);
  if (firstLine.includes('\t')) return parseUcrDelimited(text, file, '\t');
  return parseUcrDelimited(text, file, firstLine.includes(',') ? ',' : / +/);
}

/** `separator` is a string, or a pattern of blanks (then leading and trailing blanks are not fields). */
function parseUcrDelimited(text: string, file: string, separator: string | RegExp): LabelledSplit {
  const cursor = new LineCursor(text);
  const builder = new SeriesStore();
  let fieldCount = -1;
  const describe = (index: number): string => `column ${index + 1}`;
  for (let line = cursor.next(); line !== null; line = cursor.next()) {
    if (isBlank(line)) continue;
    const lineNumber = cursor.lineNumber;
    const tokens = typeof separator === 'string' ? line.split(separator) : line.trim().split(separator);
    const label = tokens[0]!.trim();
    if (label === '') throw new DataFormatError('missing label in column 1', file, lineNumber);
    const values = parseValues(tokens, 1, file, lineNumber, describe);
    if (values.length === 0) throw new DataFormatError(`label '${label}' without values`, file, lineNumber);
    if (fieldCount < 0) fieldCount = values.length;
    else if (values.length !== fieldCount) {
      throw new DataFormatError(
        `ragged rows: expected ${fieldCount} values after the label (as on the first row), found ${values.length}`,
        file,
        lineNumber,
      );
    }
    const series = trimTrailingNaN(values);
    if (series.length === 0) throw new DataFormatError('a series without values: every value is NaN', file, lineNumber);
    builder.addRow([series], label, lineNumber);
  }
  if (builder.rows === 0) throw new DataFormatError('empty file: no series', file, Math.max(1, cursor.lineNumber));
  return builder.build(file);
}

/** UCR 2018 pads variable-length series with NaN at the end: the series stops at its last value. */
function trimTrailingNaN(values: Float64Array): Float64Array {
  let end = values.length;
  while (end > 0 && Number.isNaN(values[end - 1]!)) end--;
  return end === values.length ? values : values.slice(0, end);
}
