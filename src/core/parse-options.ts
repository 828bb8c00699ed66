/**
 * Option text (the command line, a method's options) to values, one way for every command: an OptionError that names the flag,
 * says what is allowed and quotes what was given.
 */
import { OptionError } from './errors.js';

/** A number that passes `check`; `allowed` says what passes, e.g. 'a fraction in (0, 1]'. */
export function parseNumber(flag: string, value: unknown, check: (n: number) => boolean = () => true, allowed = 'a number'): number {
  const n = Number(value);
  if (String(value).trim() === '' || !Number.isFinite(n) || !check(n)) {
    throw new OptionError(`${flag} must be ${allowed}, got '${String(value)}'`);
  }
  return n;
}

/** An integer, at least `min` when given. */
export function parseInteger(flag: string, value: unknown, min?: number): number {
  const allowed = min === undefined ? 'an integer' : `an integer >= ${min}`;
  return parseNumber(flag, value, (n) => Number.isInteger(n) && (min === undefined || n >= min), allowed);
}

/** A comma-separated list of positive integers, e.g. '100,50,50'. */
export function parseIntegerList(flag: string, value: unknown): number[] {
  const items = String(value).split(',').map((s) => Number(s.trim()));
  if (items.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new OptionError(`${flag} must be a comma-separated list of positive integers, got '${String(value)}'`);
  }
  return items;
}

/** Applies a parser only to a value that was given. */
export function optional<T>(value: unknown, parse: (v: unknown) => T): T | undefined {
  return value === undefined ? undefined : parse(value);
}
