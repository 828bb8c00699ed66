/**
 * Label scarcity: a seeded stratified choice of which TRAIN rows keep their label, at a labelled
 * fraction (the Cluster Distillation paper uses 0.5, 0.25, 0.125 and 0.09). Every class keeps at
 * least one labelled row; the others get label -1.
 */
import { OptionError } from '../core/errors.js';
import { Random, type Seed } from '../core/random.js';

export interface LabelledFractionOptions {
  /** Seed or generator of the choice (default 0). */
  seed?: Seed;
  /** Class names for error messages (default: the class index). */
  classNames?: readonly string[];
}

export interface LabelledFraction {
  /** The labels with -1 in the rows chosen to be unlabelled. */
  labels: Int32Array;
  /** Rows that keep their label, ascending. */
  labelled: Int32Array;
  /** Rows whose label is hidden, ascending. */
  unlabelled: Int32Array;
}

/**
 * Keeps round(fraction * N) labels, shared among the classes in proportion to their sizes (largest
 * remainders first, ties broken by the seed, as scikit-learn's stratified split), and hides the rest.
 * Throws an OptionError naming the class when a class would get no labelled row, or when a class
 * has a single row and some rows are to be unlabelled.
 */
export function labelledFraction(labels: ArrayLike<number>, fraction: number, options: LabelledFractionOptions = {}): LabelledFraction {
  if (!(fraction > 0 && fraction <= 1)) throw new OptionError(`labelled fraction must be in (0, 1], got ${fraction}`);
  const rng = Random.from(options.seed);
  const name = (c: number): string => (options.classNames?.[c] !== undefined ? `"${options.classNames[c]}"` : `${c}`);
  const byClass = new Map<number, number[]>();
  for (let row = 0; row < labels.length; row++) {
    const c = labels[row]!;
    if (!Number.isInteger(c) || c < 0) throw new OptionError(`row ${row + 1} has label ${c}: every TRAIN row needs a class before labels are hidden`);
    const rows = byClass.get(c) ?? [];
    rows.push(row);
    byClass.set(c, rows);
  }
  if (byClass.size === 0) throw new OptionError('no rows to split');
  const classes = [...byClass.keys()].sort((a, b) => a - b);
  const total = Math.round(fraction * labels.length);
  // Largest remainders (scikit-learn's _approximate_mode): floors first, then one more for the
  // classes whose exact share has the largest fractional part, ties in seeded random order.
  const exact = classes.map((c) => (byClass.get(c)!.length * total) / labels.length);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = rng.shuffle(classes.map((_, i) => i));
  order.sort((a, b) => exact[b]! - Math.floor(exact[b]!) - (exact[a]! - Math.floor(exact[a]!)));
  for (const i of order) {
    if (left <= 0) break;
    counts[i]! += 1;
    left -= 1;
  }
  classes.forEach((c, i) => {
    const size = byClass.get(c)!.length;
    if (fraction < 1 && size === 1) {
      throw new OptionError(`class ${name(c)} has a single row: it cannot be both labelled and unlabelled; drop the class or use fraction 1`);
    }
    if (counts[i] === 0) {
      throw new OptionError(
        `labelled fraction ${fraction} leaves class ${name(c)} (${size} rows) without a labelled row; the smallest fraction that labels one row of it is about ${(1 / size).toFixed(3)}`,
      );
    }
  });
  const out = Int32Array.from(labels);
  classes.forEach((c, i) => {
    const rows = rng.shuffle([...byClass.get(c)!]);
    for (const row of rows.slice(counts[i]!)) out[row] = -1;
  });
  const labelled: number[] = [];
  const unlabelled: number[] = [];
  out.forEach((label, row) => (label >= 0 ? labelled : unlabelled).push(row));
  return { labels: out, labelled: Int32Array.from(labelled), unlabelled: Int32Array.from(unlabelled) };
}
