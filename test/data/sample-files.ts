/**
 * Random valid split files for the property tests: a split as plain rows, and its text in each
 * supported format (written here, in the tests, since the library only reads these formats).
 */
import fc from 'fast-check';

export interface PlainRow {
  label: string;
  /** channels[c][t]; NaN is a missing value. */
  channels: number[][];
}

export interface PlainSplit {
  classes: string[];
  rows: PlainRow[];
}

/** 'txt' is the pre-2015 UCR text: fields separated by runs of spaces. */
export type Format = 'tsv' | 'csv' | 'txt' | 'ts' | 'arff';

/** A label token safe in every format: letters and digits, possibly numeric, never '?'. */
const labelArb = fc.oneof(fc.integer({ min: -5, max: 20 }).map(String), fc.stringMatching(/^[a-z][a-z0-9_]{0,5}$/));

/** A finite value (no -0: it prints as "0") or, with `missing`, sometimes NaN. */
const valueArb = (missing: boolean) =>
  missing
    ? fc.oneof({ weight: 9, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => v + 0) }, { weight: 1, arbitrary: fc.constant(NaN) })
    : fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => v + 0);

/**
 * A split that `format` can hold: UCR formats are univariate with a fixed number of fields (and no
 * NaN last, since trailing NaN is padding); .ts may be multivariate and unequal length; ARFF
 * multivariate is equal length.
 */
export function splitArb(format: Format): fc.Arbitrary<PlainSplit> {
  const multivariate = format === 'ts' || format === 'arff';
  const unequal = format === 'ts';
  return fc
    .record({
      classes: fc.uniqueArray(labelArb, { minLength: 1, maxLength: 4, selector: (l) => l }),
      channels: fc.integer({ min: 1, max: multivariate ? 3 : 1 }),
      length: fc.integer({ min: 1, max: 8 }),
      rows: fc.integer({ min: 1, max: 6 }),
    })
    .chain(({ classes, channels, length, rows }) =>
      fc.record({
        classes: fc.constant(classes),
        rows: fc.array(
          fc.record({
            label: fc.constantFrom(...classes),
            channels: fc.array(
              (unequal ? fc.integer({ min: 1, max: length }) : fc.constant(length)).chain((n) =>
                fc.array(valueArb(true), { minLength: n, maxLength: n }).map((values) => {
                  if (format === 'tsv' || format === 'csv' || format === 'txt') values[values.length - 1] = Number.isNaN(values.at(-1)!) ? 0 : values.at(-1)!;
                  return values;
                }),
              ),
              { minLength: channels, maxLength: channels },
            ),
          }),
          { minLength: rows, maxLength: rows },
        ),
      }),
    );
}

const show = (v: number): string => (Number.isNaN(v) ? '?' : String(v));

/** The split's text in a format. */
export function writeSplit(split: PlainSplit, format: Format): string {
  switch (format) {
    case 'tsv':
    case 'csv':
    case 'txt': {
      const separator = { tsv: '\t', csv: ',', txt: '   ' }[format];
      const lead = format === 'txt' ? '  ' : '';
      const line = (r: PlainRow): string => lead + [r.label, ...r.channels[0]!.map((v) => (Number.isNaN(v) ? 'NaN' : String(v)))].join(separator);
      return split.rows.map(line).join('\n') + '\n';
    }
    case 'ts': {
      const channels = split.rows[0]!.channels.length;
      const header = [
        '@problemName Sample',
        '@timeStamps false',
        '@missing true',
        `@univariate ${channels === 1}`,
        `@dimensions ${channels}`,
        '@equalLength false',
        `@classLabel true ${split.classes.join(' ')}`,
        '@data',
      ];
      return [...header, ...split.rows.map((r) => [...r.channels.map((c) => c.map(show).join(',')), r.label].join(':'))].join('\n') + '\n';
    }
    case 'arff': {
      const channels = split.rows[0]!.channels.length;
      const length = split.rows[0]!.channels[0]!.length;
      const steps = Array.from({ length }, (_, t) => `@attribute t${t} numeric`);
      const classAttribute = `@attribute target {${split.classes.join(',')}}`;
      if (channels === 1) {
        return ['@relation Sample', ...steps, classAttribute, '@data', ...split.rows.map((r) => [...r.channels[0]!.map(show), r.label].join(','))].join('\n') + '\n';
      }
      return [
        '@relation Sample',
        '@attribute series relational',
        ...steps,
        '@end series',
        classAttribute,
        '@data',
        ...split.rows.map((r) => `'${r.channels.map((c) => c.map(show).join(',')).join('\\n')}',${r.label}`),
      ].join('\n') + '\n';
    }
  }
}
