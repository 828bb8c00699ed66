/**
 * `tempora generate NAME --out FILE`: a file of generated series (Cylinder-Bell-Funnel or Synthetic
 * Control, seeded), to try `cluster FILE` and `classify FILE` on: a CSV with the class first or
 * without labels (the classes then go to --truth), or JSON Lines.
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import { writeFileAtomic } from '../../core/atomic.js';
import { parseInteger } from '../../core/parse-options.js';
import { generateSplit } from '../../data/synthetic/generator.js';
import { SYNTHETIC_GENERATORS, syntheticGenerator } from '../../data/synthetic/registry.js';
import { isJsonLinesPath } from '../assignment-lines.js';

interface GenerateOptions {
  out: string;
  perClass: string;
  seed: string;
  labels: string;
  truth?: string;
}

export function register(program: Command): void {
  program
    .command('generate')
    .description('write generated series to a file (to try cluster FILE / classify FILE)')
    .argument('<name>', `synthetic dataset: ${[...SYNTHETIC_GENERATORS.keys()].join(', ')}`)
    .requiredOption('--out <file>', 'CSV (or JSON Lines for .jsonl), one series per row, written atomically')
    .option('--per-class <n>', 'series of every class', '100')
    .option('--seed <n>', 'seed', '0')
    .addOption(new Option('--labels <column>', "the class in the first column, or 'none'").choices(['first', 'none']).default('none'))
    .option('--truth <file>', 'also write the class of every row here, one per line (for tempora score)')
    .action((name: string, opts: GenerateOptions) => {
      const generator = syntheticGenerator(name);
      const split = generateSplit(generator, { perClass: parseInteger('--per-class', opts.perClass, 1), seed: parseInteger('--seed', opts.seed, 0) });
      const rounded = (values: Float64Array): number[] => Array.from(values, (v) => Number(v.toPrecision(6)));
      const className = (row: number): string => split.classNames[split.labels[row]!]!;
      const withLabel = opts.labels === 'first';
      const lines = split.series.map((row, i) =>
        isJsonLinesPath(opts.out)
          ? JSON.stringify(withLabel ? { label: className(i), values: rounded(row[0]!) } : rounded(row[0]!))
          : [...(withLabel ? [className(i)] : []), ...rounded(row[0]!)].join(','),
      );
      writeFileAtomic(opts.out, lines.join('\n') + '\n');
      if (opts.truth !== undefined) writeFileAtomic(opts.truth, split.series.map((_, i) => className(i)).join('\n') + '\n');
      process.stderr.write(`tempora: ${split.series.length} ${name} series of length ${split.length} (${split.classNames.length} classes) written to ${opts.out}\n`);
    });
}
