/**
 * One file of the user's own series, in any supported format, read without holding the file as
 * one string nor an object per value: delimited text (CSV, TSV, blank-separated) with the label in
 * the first or last column or none, with or without a header row; newline-delimited JSON (one array
 * of numbers per line, an array of arrays for several channels, or {"label", "values"}); and the
 * `.ts` and ARFF formats of the benchmark archives (read whole, as published files are small).
 */
import { statSync } from 'node:fs';
import { extname } from 'node:path';
import { DataFormatError, OptionError } from '../core/errors.js';
import { forEachLine, type ReadProgress } from './file-lines.js';
import { canonicalLabel, indexLabels } from './labels.js';
import { isBlank } from './line-cursor.js';
import { readSplit } from './read-split.js';
import { SeriesStore } from './series-store.js';
import type { LabelledSplit } from './types.js';
import { parseValue } from './values.js';

/** Where delimited text keeps the label: 'first' column (the UCR layout), 'last', or 'none'. */
export type LabelColumn = 'first' | 'last' | 'none';
export const LABEL_COLUMNS: readonly LabelColumn[] = ['first', 'last', 'none'];

/** Whether delimited text starts with a row of column names; 'auto': when none of its value fields is a number. */
export type HeaderRow = 'auto' | 'yes' | 'no';
export const HEADER_ROWS: readonly HeaderRow[] = ['auto', 'yes', 'no'];

export interface SeriesFileOptions {
  /** Delimited text: the label column. Default 'first'. */
  readonly labels?: LabelColumn;
  /** Delimited text: a header row. Default 'auto'. */
  readonly header?: HeaderRow;
  /**
   * Label texts that mean "no label" besides an empty label and '?' (semi-supervised files often
   * write -1). Default none.
   */
  readonly unlabelled?: readonly string[];
  /** Bytes read so far, for a progress bar on large files. */
  readonly onProgress?: ReadProgress;
}

/** Extensions read as newline-delimited JSON. */
const JSON_LINES = new Set(['.jsonl', '.ndjson']);

/** The series of one file; rows keep the file's order and their line numbers (split.lines). */
export function readSeriesFile(file: string, options: SeriesFileOptions = {}): LabelledSplit {
  const extension = extname(file).toLowerCase();
  const split =
    extension === '.ts' || extension === '.arff'
      ? readSplit(file)
      : JSON_LINES.has(extension)
        ? readJsonLines(file, options.onProgress)
        : readDelimited(file, extension, options);
  return options.unlabelled && options.unlabelled.length > 0 ? withoutLabels(split, options.unlabelled) : split;
}

/** A store sized from the file's bytes and the first row's values per byte. */
function sizedStore(file: string, firstLineBytes: number, firstRowValues: number): SeriesStore {
  const { size } = statSync(file);
  return new SeriesStore(((size / Math.max(1, firstLineBytes + 1)) * firstRowValues) * 1.05 + 16);
}

function readDelimited(file: string, extension: string, options: SeriesFileOptions): LabelledSplit {
  const labels = options.labels ?? 'first';
  const header = options.header ?? 'auto';
  checkChoice('labels', labels, LABEL_COLUMNS);
  checkChoice('header', header, HEADER_ROWS);
  let separator: string | RegExp | null = extension === '.tsv' ? '\t' : extension === '.csv' ? ',' : null;
  let store: SeriesStore | null = null;
  let seenFirst = false;
  forEachLine(
    file,
    (line, lineNumber) => {
      if (isBlank(line)) return;
      separator ??= line.includes('\t') ? '\t' : line.includes(',') ? ',' : / +/;
      const tokens = typeof separator === 'string' ? line.split(separator) : line.trim().split(separator);
      if (tokens.length > 1 && tokens[tokens.length - 1]!.trim() === '') tokens.pop(); // a separator ending the line
      const labelIndex = labels === 'first' ? 0 : labels === 'last' ? tokens.length - 1 : -1;
      const from = labels === 'first' ? 1 : 0;
      const to = labels === 'last' ? tokens.length - 1 : tokens.length;
      if (!seenFirst) {
        seenFirst = true;
        if (header === 'yes' || (header === 'auto' && isHeader(tokens, from, to))) return;
      }
      if (to <= from) throw new DataFormatError(`no values${labelIndex >= 0 ? ` beside the label (--labels ${labels})` : ''}`, file, lineNumber);
      store ??= sizedStore(file, line.length, to - from);
      store.reserve(to - from);
      store.beginChannel();
      for (let i = from; i < to; i++) {
        const token = tokens[i]!;
        const value = token.trim() === '' ? NaN : parseValue(token);
        if (value === undefined) {
          const shown = token.length > 40 ? `${token.slice(0, 40)}...` : token;
          throw new DataFormatError(`non-numeric value '${shown}' in column ${i + 1}${labels === 'none' ? ' (the file has no label column: --labels none)' : ''}`, file, lineNumber);
        }
        store.push(value);
      }
      store.trimTrailingMissing();
      store.endRow(1, labelIndex >= 0 ? labelText(tokens[labelIndex]!) : null, lineNumber);
    },
    options.onProgress,
  );
  return finish(store, file);
}

/** A header row: every value field holds text that is not a number (nor empty, nor a missing marker). */
function isHeader(tokens: readonly string[], from: number, to: number): boolean {
  if (to <= from) return false;
  for (let i = from; i < to; i++) {
    const token = tokens[i]!.trim();
    if (token === '' || parseValue(token) !== undefined) return false;
  }
  return true;
}

/** A label's text, or null for no label: empty or '?'. */
function labelText(token: string): string | null {
  const text = token.trim();
  return text === '' || text === '?' ? null : text;
}

function readJsonLines(file: string, onProgress?: ReadProgress): LabelledSplit {
  let store: SeriesStore | null = null;
  let channelCount = -1;
  forEachLine(
    file,
    (line, lineNumber) => {
      if (isBlank(line)) return;
      const fail = (problem: string): never => {
        throw new DataFormatError(problem, file, lineNumber);
      };
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch (err) {
        fail(`not JSON (${(err as Error).message})`);
      }
      let label: string | null = null;
      let values = parsed;
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
        const row = parsed as { label?: unknown; values?: unknown };
        values = row.values;
        if (row.label !== undefined && row.label !== null) label = labelText(String(row.label));
      }
      if (!Array.isArray(values) || values.length === 0) fail('expected a non-empty array of numbers (or of arrays, one per channel), or {"label": ..., "values": [...]}');
      const array = values as unknown[];
      const channels = Array.isArray(array[0]) ? (array as unknown[][]) : [array];
      if (channelCount < 0) channelCount = channels.length;
      else if (channels.length !== channelCount) fail(`${channels.length} channel(s) where the first row has ${channelCount}`);
      store ??= sizedStore(file, line.length, channels.reduce((n, c) => n + (Array.isArray(c) ? c.length : 1), 0));
      channels.forEach((channel, c) => {
        const where = channelCount > 1 ? `channel ${c + 1}, ` : '';
        if (!Array.isArray(channel) || channel.length === 0) fail(`${where.replace(/, $/, '') || 'the row'} is not a non-empty array of numbers`);
        store!.reserve(channel.length);
        store!.beginChannel();
        channel.forEach((v, i) => {
          if (v === null) store!.push(NaN);
          else if (typeof v === 'number') store!.push(v);
          else fail(`${where}value ${i + 1} is ${JSON.stringify(v).slice(0, 30)}, not a number (null marks a missing value)`);
        });
      });
      store.endRow(channels.length, label, lineNumber);
    },
    onProgress,
  );
  return finish(store, file);
}

function finish(store: SeriesStore | null, file: string): LabelledSplit {
  if (store === null || store.rows === 0) throw new DataFormatError('empty file: no series', file, 1);
  return store.build(file);
}

/** The split with the rows labelled by one of `marks` (compared as labels: '-1' matches '-1.0') made unlabelled. */
export function withoutLabels(split: LabelledSplit, marks: readonly string[]): LabelledSplit {
  const dropped = new Set(marks.map(canonicalLabel));
  const classNames = split.classNames.filter((name) => !dropped.has(name));
  if (classNames.length === split.classNames.length) return split;
  const raw = Array.from(split.labels, (label) => (label < 0 || dropped.has(split.classNames[label]!) ? null : split.classNames[label]!));
  return { ...split, labels: indexLabels(raw, classNames), classNames };
}

function checkChoice(name: string, value: string, allowed: readonly string[]): void {
  if (!allowed.includes(value)) throw new OptionError(`${name} must be one of ${allowed.join(', ')}, got '${value}'`);
}
