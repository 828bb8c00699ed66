/** The papers `tempora reproduce` knows. */
import { OptionError } from '../core/errors.js';
import { CD_EXPERIMENT } from './cd-experiment.js';
import { DTCR_EXPERIMENT } from './dtcr-experiment.js';
import type { Experiment } from './experiment.js';

export const EXPERIMENTS: readonly Experiment[] = [DTCR_EXPERIMENT, CD_EXPERIMENT];

export function experimentByName(name: string): Experiment {
  const found = EXPERIMENTS.find((e) => e.name === name);
  if (!found) throw new OptionError(`unknown paper '${name}' (known: ${EXPERIMENTS.map((e) => e.name).join(', ')})`);
  return found;
}
