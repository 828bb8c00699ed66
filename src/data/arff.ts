/**
 * ARFF as written for time series: either flat (one numeric attribute per time step, then a nominal
 * class attribute) or multivariate with one relational attribute holding the channels (each data
 * row a quoted string with channels separated by a literal "\n", as sktime/aeon write it), then the
 * class. '?' marks a missing value; a '?' class means the row has no label.
 */
import { DataFormatError } from '../core/errors.js';
import { canonicalLabel } from './labels.js';
import { isBlank, LineCursor } from './line-cursor.js';
import { SeriesStore } from './series-store.js';
import type { LabelledSplit } from './types.js';
import { parseValues } from './values.js';

interface ArffHeader {
  /** Values per row (flat) or per channel (relational). */
  length: number;
  relational: boolean;
  /** Declared class labels, or null when the relation has no nominal class attribute. */
  classes: string[] | null;
}

/** Parses ARFF text. */
export function parseArff(text: string, file = '<arff>'): LabelledSplit {
  const cursor = new LineCursor(text);
  const header = readHeader(cursor, file);
  const declared = new Set(header.classes?.map(canonicalLabel));
  const builder = new SeriesStore();
  let channelCount = -1;
  for (let line = cursor.next(); line !== null; line = cursor.next()) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('%')) continue;
    const lineNumber = cursor.lineNumber;
    const fail = (problem: string): never => {
      throw new DataFormatError(problem, file, lineNumber);
    };
    if (trimmed.startsWith('{')) fail('sparse ARFF rows are not supported');
    let channelTexts: string[];
    let labelText: string | undefined;
    if (header.relational) {
      const quote = trimmed[0]!;
      if (quote !== "'" && quote !== '"') fail('expected the quoted relational value (channels separated by \\n)');
      const close = trimmed.lastIndexOf(quote);
      if (close === 0) fail(`unterminated quote ${quote}`);
      channelTexts = trimmed.slice(1, close).split('\\n');
      const rest = trimmed.slice(close + 1).trim();
      if (header.classes !== null) {
        if (!rest.startsWith(',')) fail("missing label: expected ',' and the class after the quoted series");
        labelText = rest.slice(1);
      } else if (rest !== '') fail(`unexpected text after the quoted series: '${rest.slice(0, 30)}'`);
    } else {
      channelTexts = [trimmed];
    }
    const channels = channelTexts.map((channelText, c) => {
      const tokens = channelText.split(',');
      if (!header.relational && header.classes !== null) {
        if (tokens.length !== header.length + 1) {
          fail(`ragged rows: the header declares ${header.length} values and a class, found ${tokens.length} fields`);
        }
        labelText = tokens.pop();
      }
      const where = header.relational ? `channel ${c + 1}, ` : '';
      const values = parseValues(tokens, 0, file, lineNumber, (i) => `${where}value ${i + 1}`);
      if (values.length !== header.length) {
        fail(`ragged rows: the header declares ${header.length} values${header.relational ? ' per channel' : ''}, found ${values.length}${where === '' ? '' : ` in channel ${c + 1}`}`);
      }
      return values;
    });
    if (channelCount < 0) channelCount = channels.length;
    else if (channels.length !== channelCount) fail(`expected ${channelCount} channels (as on the first row), found ${channels.length}`);
    let label: string | null = null;
    if (header.classes !== null) {
      const text = unquote((labelText ?? '').trim());
      if (text === '') fail('missing label');
      if (text !== '?') {
        if (!declared.has(canonicalLabel(text))) {
          fail(`label '${text}' is not declared in the class attribute {${header.classes.join(',')}}`);
        }
        label = text;
      }
    }
    builder.addRow(channels, label, lineNumber);
  }
  if (builder.rows === 0) throw new DataFormatError('no rows after @data', file, Math.max(1, cursor.lineNumber));
  return builder.build(file, header.classes ?? undefined);
}

type AttributeKind = 'numeric' | 'relational' | 'nominal';

/** Reads the declarations up to and including @data and checks they describe time series. */
function readHeader(cursor: LineCursor, file: string): ArffHeader {
  const outer: AttributeKind[] = [];
  let classes: string[] | null = null;
  let innerLength = 0;
  let inRelational: string | null = null;
  let sawContent = false;
  for (let line = cursor.next(); line !== null; line = cursor.next()) {
    if (isBlank(line)) continue;
    const trimmed = line.trim();
    if (trimmed.startsWith('%')) continue;
    sawContent = true;
    const fail = (problem: string): never => {
      throw new DataFormatError(`bad header: ${problem}`, file, cursor.lineNumber);
    };
    const keyword = trimmed.split(/\s/, 1)[0]!.toLowerCase(); // once per header line, not per value
    const rest = trimmed.slice(keyword.length).trim();
    if (keyword === '@relation') continue;
    if (keyword === '@end') {
      if (inRelational === null) fail('@end without a relational attribute');
      inRelational = null;
      continue;
    }
    if (keyword === '@data') {
      if (inRelational !== null) fail(`relational attribute '${inRelational}' has no @end`);
      const last = outer.length - 1;
      const seriesKinds = outer[last] === 'nominal' ? outer.slice(0, last) : outer;
      const relational = seriesKinds.length === 1 && seriesKinds[0] === 'relational';
      if (!relational && (seriesKinds.length === 0 || seriesKinds.some((k) => k !== 'numeric'))) {
        fail('expected numeric attributes (or one relational attribute), then optionally one nominal class attribute last');
      }
      if (relational && innerLength === 0) fail('the relational attribute declares no numeric attributes');
      return { length: relational ? innerLength : seriesKinds.length, relational, classes };
    }
    if (keyword !== '@attribute') fail(`expected @relation, @attribute, @end or @data, found '${trimmed.slice(0, 30)}'`);
    const { name, type } = splitAttribute(rest, fail);
    const lowerType = type.toLowerCase();
    if (inRelational !== null) {
      if (!isNumericType(lowerType)) fail(`attribute '${name}' inside relational attribute '${inRelational}' must be numeric, found '${type}' (is its @end missing?)`);
      innerLength++;
    } else if (isNumericType(lowerType)) {
      outer.push('numeric');
    } else if (lowerType === 'relational') {
      outer.push('relational');
      inRelational = name;
    } else if (type.startsWith('{')) {
      if (!type.endsWith('}')) fail(`unterminated nominal list for attribute '${name}'`);
      classes = type.slice(1, -1).split(',').map((v) => unquote(v.trim())).filter((v) => v !== '');
      if (classes.length === 0) fail(`nominal attribute '${name}' lists no values`);
      outer.push('nominal');
    } else {
      fail(`attribute '${name}' has an unsupported type '${type}' (numeric, relational or a nominal class only)`);
    }
  }
  if (!sawContent) throw new DataFormatError('empty file', file, 1);
  throw new DataFormatError('bad header: no @data line', file, Math.max(1, cursor.lineNumber));
}

function isNumericType(type: string): boolean {
  return type === 'numeric' || type === 'real' || type === 'integer';
}

/** An @attribute line's name (possibly quoted) and type. */
function splitAttribute(rest: string, fail: (problem: string) => never): { name: string; type: string } {
  const quote = rest[0];
  if (quote === "'" || quote === '"') {
    const close = rest.indexOf(quote, 1);
    if (close < 0) fail(`unterminated quote in attribute name`);
    return { name: rest.slice(1, close), type: rest.slice(close + 1).trim() };
  }
  const space = rest.search(/\s/);
  if (rest === '' || space < 0) fail(`@attribute needs a name and a type, found '${rest}'`);
  return { name: rest.slice(0, space), type: rest.slice(space + 1).trim() };
}

/** Removes one pair of matching quotes around a value. */
function unquote(text: string): string {
  const q = text[0];
  return (q === "'" || q === '"') && text.length >= 2 && text.endsWith(q) ? text.slice(1, -1) : text;
}
