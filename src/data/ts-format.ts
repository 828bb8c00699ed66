/**
 * The sktime/aeon `.ts` format: a header of @tags, then @data with one series per line, channels
 * separated by ':', values by ',', '?' for a missing value and the class label last when
 * @classLabel is true, or a numeric regression target last when @targetLabel is true (the rows are
 * then unlabelled series with their targets kept). Lines starting with '#' or '%' are comments (aeon's
 * example files begin with '%' lines). Timestamped data (@timeStamps true) is not supported.
 */
import { DataFormatError } from '../core/errors.js';
import { canonicalLabel } from './labels.js';
import { isBlank, LineCursor } from './line-cursor.js';
import { SeriesStore } from './series-store.js';
import type { LabelledSplit } from './types.js';
import { parseValue, parseValues } from './values.js';

interface TsHeader {
  univariate?: boolean;
  dimensions?: number;
  equalLength?: boolean;
  seriesLength?: number;
  classLabel?: boolean;
  targetLabel?: boolean;
  classes: string[];
}

/** Parses `.ts` text. */
export function parseTsFormat(text: string, file = '<ts>'): LabelledSplit {
  const cursor = new LineCursor(text);
  const header = readHeader(cursor, file);
  if (header.classLabel === undefined) {
    throw new DataFormatError('bad header: @classLabel is missing before @data', file, cursor.lineNumber);
  }
  const declared = new Set(header.classes.map(canonicalLabel));
  const builder = new SeriesStore();
  let dimensions = header.dimensions ?? (header.univariate === true ? 1 : undefined);
  let commonLength = header.equalLength === true ? header.seriesLength : undefined;

  for (let line = cursor.next(); line !== null; line = cursor.next()) {
    if (isBlank(line) || isComment(line)) continue;
    const lineNumber = cursor.lineNumber;
    const fail = (problem: string): never => {
      throw new DataFormatError(problem, file, lineNumber);
    };
    if (line.trimStart().startsWith('(')) fail('timestamped .ts data is not supported');
    const parts = line.split(':');
    let label: string | null = null;
    let target: number | undefined;
    if (header.targetLabel === true) {
      if (parts.length < 2) fail("missing target: expected the values, then ':' and the regression target");
      const text = parts.pop()!.trim();
      target = parseValue(text);
      if (target === undefined || Number.isNaN(target)) fail(`the regression target '${text.slice(0, 30)}' after the last ':' is not a number`);
    } else if (header.classLabel) {
      if (parts.length < 2) fail("missing label: expected the values, then ':' and the class label");
      label = parts.pop()!.trim();
      if (label === '') fail('missing label after the last \':\'');
      if (label.includes(',')) fail(`missing label: the last ':' field holds values ('${label.slice(0, 30)}')`);
      if (!declared.has(canonicalLabel(label))) {
        fail(`label '${label}' is not declared in @classLabel (${header.classes.join(' ')})`);
      }
    }
    dimensions ??= parts.length;
    if (parts.length !== dimensions) {
      fail(`expected ${dimensions} dimension${dimensions === 1 ? '' : 's'} separated by ':', found ${parts.length}`);
    }
    const channels = parts.map((part, d) => {
      if (part.trim() === '') fail(`dimension ${d + 1} is empty`);
      const values = parseValues(part.split(','), 0, file, lineNumber, (i) => `dimension ${d + 1}, value ${i + 1}`);
      if (header.equalLength === true) {
        commonLength ??= values.length;
        if (values.length !== commonLength) {
          fail(`ragged rows: @equalLength is true and series have ${commonLength} values, found ${values.length} in dimension ${d + 1}`);
        }
      }
      return values;
    });
    builder.addRow(channels, label, lineNumber, target);
  }
  if (builder.rows === 0) throw new DataFormatError('no series after @data', file, Math.max(1, cursor.lineNumber));
  return builder.build(file, header.classLabel ? header.classes : undefined);
}

/** Reads the tags up to and including @data; the cursor is left on the @data line. */
function readHeader(cursor: LineCursor, file: string): TsHeader {
  const header: TsHeader = { classes: [] };
  let sawContent = false;
  for (let line = cursor.next(); line !== null; line = cursor.next()) {
    const trimmed = line.trim();
    if (trimmed === '' || isComment(trimmed)) continue;
    sawContent = true;
    const fail = (problem: string): never => {
      throw new DataFormatError(`bad header: ${problem}`, file, cursor.lineNumber);
    };
    if (!trimmed.startsWith('@')) fail(`expected an @tag or @data before the series, found '${trimmed.slice(0, 30)}'`);
    const words = trimmed.split(/\s+/); // once per header line, not per value
    const tag = words[0]!.toLowerCase();
    const args = words.slice(1);
    const flag = (): boolean => {
      const value = args[0]?.toLowerCase();
      if (value !== 'true' && value !== 'false') fail(`${words[0]} needs true or false, found '${args[0] ?? ''}'`);
      return value === 'true';
    };
    const count = (): number => {
      const value = Number(args[0]);
      if (!Number.isInteger(value) || value < 1) fail(`${words[0]} needs a positive integer, found '${args[0] ?? ''}'`);
      return value;
    };
    switch (tag) {
      case '@data':
        if (args.length > 0) fail(`@data takes no value, found '${args.join(' ')}'`);
        return header;
      case '@problemname':
        if (args.length === 0) fail('@problemName needs a name');
        break;
      case '@timestamps':
        if (flag()) throw new DataFormatError('timestamped .ts data (@timeStamps true) is not supported', file, cursor.lineNumber);
        break;
      case '@missing':
        flag();
        break;
      case '@univariate':
        header.univariate = flag();
        break;
      case '@dimension':
      case '@dimensions':
        header.dimensions = count();
        break;
      case '@equallength':
        header.equalLength = flag();
        break;
      case '@serieslength':
        header.seriesLength = count();
        break;
      case '@targetlabel':
        header.targetLabel = flag();
        if (header.targetLabel && header.classLabel === true) fail('@targetLabel true and @classLabel true: a row has one label');
        header.classLabel ??= false; // regression series carry no class
        break;
      case '@classlabel':
        header.classLabel = flag();
        if (header.classLabel && header.targetLabel === true) fail('@targetLabel true and @classLabel true: a row has one label');
        header.classes = args.slice(1);
        if (header.classLabel && header.classes.length === 0) fail('@classLabel true needs the list of class labels');
        if (!header.classLabel && header.classes.length > 0) fail('@classLabel false takes no labels');
        break;
      default:
        fail(`unknown tag '${words[0]}'`);
    }
  }
  if (!sawContent) throw new DataFormatError('empty file', file, 1);
  throw new DataFormatError('bad header: no @data line', file, Math.max(1, cursor.lineNumber));
}

/** Comment lines: '#' (sktime) or '%' (ARFF-style, as aeon's example files begin). */
function isComment(line: string): boolean {
  const first = line.trimStart()[0];
  return first === '#' || first === '%';
}
