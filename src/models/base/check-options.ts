/** Checks of estimator options, each throwing an `OptionError` that says what was given and what is allowed. */
import { OptionError } from '../../core/errors.js';

export function checkInteger(name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer in [${min}, ${max}]`;
    throw new OptionError(`${name} must be ${range}, got ${value}`);
  }
  return value;
}

/** A finite number >= min (or > min when `exclusive`). */
export function checkNumber(name: string, value: number, min: number, exclusive = false): number {
  if (!Number.isFinite(value) || value < min || (exclusive && value === min)) {
    throw new OptionError(`${name} must be a finite number ${exclusive ? '>' : '>='} ${min}, got ${value}`);
  }
  return value;
}

export function checkChoice<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new OptionError(`${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got '${value}'`);
  }
  return value as T;
}

/** The number of columns a fitted model expects, checked against new data. */
export function checkColumns(what: string, got: number, expected: number): void {
  if (got !== expected) {
    throw new OptionError(`${what} has ${got} columns but the model was fitted on ${expected}`);
  }
}

/** An options object with its required key, or an OptionError saying what the estimator needs. */
export function checkOptionsObject(estimator: string, options: unknown, required: string): void {
  if (options === undefined || options === null || typeof options !== 'object') {
    throw new OptionError(`${estimator} needs an options object with ${required}`);
  }
}
