/** The built-in synthetic datasets by name. */
import { OptionError } from '../../core/errors.js';
import { CYLINDER_BELL_FUNNEL } from './cylinder-bell-funnel.js';
import type { SeriesGenerator } from './generator.js';
import { SYNTHETIC_CONTROL } from './synthetic-control.js';

export const SYNTHETIC_GENERATORS: ReadonlyMap<string, SeriesGenerator> = new Map([
  ['cbf', CYLINDER_BELL_FUNNEL],
  ['synthetic-control', SYNTHETIC_CONTROL],
]);

/** The generator of a built-in synthetic dataset ("cbf" or "synthetic-control"). */
export function syntheticGenerator(name: string): SeriesGenerator {
  const generator = SYNTHETIC_GENERATORS.get(name.toLowerCase());
  if (generator === undefined) {
    throw new OptionError(`unknown synthetic dataset '${name}' (allowed: ${[...SYNTHETIC_GENERATORS.keys()].join(', ')})`);
  }
  return generator;
}
