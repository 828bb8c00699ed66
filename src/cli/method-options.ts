/**
 * The options of registered methods on a command: each flag added once (methods share --epochs,
 * --n-init), a flag of another method than the chosen one reported as the mistake it is, and the
 * chosen method's values parsed by its own parsers.
 */
import type { Command } from 'commander';
import { OptionError } from '../core/errors.js';
import type { MethodOption, MethodValues } from '../models/base/method-spec.js';

interface WithOptions {
  readonly name: string;
  readonly options: readonly MethodOption[];
}

function flagOf(option: MethodOption): string {
  return option.flags.split(/[ ,]/)[0]!;
}

/** Adds every method's options to the command, each flag once. */
export function addMethodOptions(command: Command, methods: readonly WithOptions[]): void {
  const seen = new Set<string>();
  for (const method of methods) {
    for (const option of method.options) {
      if (seen.has(flagOf(option))) continue;
      seen.add(flagOf(option));
      command.option(option.flags, option.description);
    }
  }
}

/** The chosen method's values from the command line; a flag given that only other methods read is an error. */
export function methodValues(command: Command, chosen: WithOptions, methods: readonly WithOptions[]): MethodValues {
  const own = new Set(chosen.options.map(flagOf));
  const given = (option: MethodOption): boolean => command.getOptionValueSource(option.key) === 'cli';
  for (const method of methods) {
    for (const option of method.options) {
      if (!own.has(flagOf(option)) && given(option)) throw new OptionError(`${flagOf(option)} applies to --method ${method.name}, not ${chosen.name}`);
    }
  }
  const values: Record<string, unknown> = {};
  const opts = command.opts();
  for (const option of chosen.options) {
    if (given(option)) values[option.key] = option.parse(opts[option.key]);
  }
  return values;
}
