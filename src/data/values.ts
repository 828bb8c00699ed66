/**
 * Numeric tokens of the text formats. `Number` plus a character check instead of a regular
 * expression per value: files of tens of MB hold millions of values.
 */
import { DataFormatError } from '../core/errors.js';

/** Tokens that mean "missing value" in any supported format: UCR 2018 writes NaN, .ts and ARFF '?'. */
function isMissingMarker(token: string): boolean {
  const t = token.trim();
  return t === '?' || t === 'NaN' || t === 'nan' || t === 'NAN';
}

/**
 * The number a token holds (NaN for a missing-value marker), or undefined when the token is not a
 * finite decimal number. Accepts signs, decimals, exponents and surrounding blanks; rejects hex,
 * binary and octal literals, Infinity, empty and blank tokens.
 */
export function parseValue(token: string): number | undefined {
  // Fast path for the usual token: `Number` accepts it and it starts like a decimal number. Only
  // 0x/0b/0o literals pass `Number` with such a start, hence the second-character check.
  const value = Number(token);
  const first = token.charCodeAt(0);
  if (
    Number.isFinite(value) &&
    ((first >= 48 && first <= 57) || first === 45 || first === 43 || first === 46)
  ) {
    const second = token.charCodeAt(1) | 32; // lower case
    if (second !== 120 && second !== 98 && second !== 111) return value;
  }
  return parseUnusualValue(token);
}

/** Tokens off the fast path: blanks around the number, missing markers, or not numbers at all. */
function parseUnusualValue(token: string): number | undefined {
  let sawDigit = false;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c >= 48 && c <= 57) sawDigit = true;
    else if (c !== 46 && c !== 43 && c !== 45 && c !== 101 && c !== 69 && c !== 32 && c !== 9) {
      return isMissingMarker(token) ? NaN : undefined;
    }
  }
  if (!sawDigit) return undefined;
  const value = Number(token);
  return Number.isFinite(value) ? value : undefined;
}

/** Whether a label token reads as a number (labels are then compared and sorted as numbers). */
export function isNumericText(token: string): boolean {
  const value = parseValue(token);
  return value !== undefined && !Number.isNaN(value);
}

/**
 * Parses tokens[from..] into values. `describe(i)` names the position of tokens[i] for the error
 * message (e.g. "column 7"). One trailing empty token (a separator at the end of the line) is
 * dropped, as several writers emit one.
 */
export function parseValues(
  tokens: readonly string[],
  from: number,
  file: string,
  line: number,
  describe: (index: number) => string,
): Float64Array {
  let end = tokens.length;
  if (end > from + 1 && tokens[end - 1]!.trim() === '') end--;
  const out = new Float64Array(end - from);
  for (let i = from; i < end; i++) {
    const token = tokens[i]!;
    const value = parseValue(token);
    if (value === undefined) {
      const shown = token.length > 40 ? `${token.slice(0, 40)}...` : token;
      throw new DataFormatError(`non-numeric value '${shown}' in ${describe(i)}`, file, line);
    }
    out[i - from] = value;
  }
  return out;
}
