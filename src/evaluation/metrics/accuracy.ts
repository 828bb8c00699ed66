/** Classification accuracy: the fraction of items whose predicted label equals the true one. */
import { OptionError } from '../../core/errors.js';
import type { Labels } from './contingency.js';

/** 1 for empty input (nothing is wrong). */
export function accuracy(truth: Labels, pred: Labels): number {
  if (truth.length !== pred.length) {
    throw new OptionError(`truth has ${truth.length} labels but pred has ${pred.length}; they must label the same items`);
  }
  if (truth.length === 0) return 1;
  let correct = 0;
  for (let i = 0; i < truth.length; i++) if (truth[i] === pred[i]) correct++;
  return correct / truth.length;
}
