/**
 * Property tests of the parsers: valid files round-trip, and random or damaged input yields a
 * parsed split or a DataFormatError with a line number inside the text, never anything else.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DataFormatError } from '../../src/core/errors.js';
import { parseArff } from '../../src/data/arff.js';
import { canonicalLabel } from '../../src/data/labels.js';
import { parseTsFormat } from '../../src/data/ts-format.js';
import type { LabelledSplit } from '../../src/data/types.js';
import { parseUcrCsv, parseUcrText, parseUcrTsv } from '../../src/data/ucr-delimited.js';
import { splitArb, writeSplit, type Format } from './sample-files.js';

const PARSERS: Record<Format, (text: string, file?: string) => LabelledSplit> = {
  tsv: parseUcrTsv,
  csv: parseUcrCsv,
  txt: parseUcrText,
  ts: parseTsFormat,
  arff: parseArff,
};
const FORMATS = Object.keys(PARSERS) as Format[];
// FUZZ_RUNS=n runs n random cases per property (unseeded) instead of the fixed, seeded default.
const RUNS = process.env["FUZZ_RUNS"] ? { numRuns: Number(process.env["FUZZ_RUNS"]) } : { numRuns: 150, seed: 20261123 };

/** Parses and accepts only success or a DataFormatError located in the file, within its lines. */
function parsesOrFailsCleanly(format: Format, text: string): void {
  try {
    PARSERS[format](text, 'fuzz');
  } catch (err) {
    if (!(err instanceof DataFormatError)) throw err;
    assert.equal(err.file, 'fuzz');
    const lines = text.split('\n').length;
    assert.ok(err.line !== undefined && err.line >= 1 && err.line <= lines, `line ${err.line} of ${lines}: ${err.message}`);
  }
}

for (const format of FORMATS) {
  test(`${format}: generated valid files round-trip (values, missing values, labels, shape)`, () => {
    fc.assert(
      fc.property(splitArb(format), (plain) => {
        const split = PARSERS[format](writeSplit(plain, format), 'sample');
        assert.equal(split.series.length, plain.rows.length);
        assert.equal(split.channels, plain.rows[0]!.channels.length);
        plain.rows.forEach((row, r) => {
          assert.equal(split.classNames[split.labels[r]!], canonicalLabel(row.label));
          row.channels.forEach((values, c) => assert.deepEqual([...split.series[r]![c]!], values));
        });
      }),
      RUNS,
    );
  });

  test(`${format}: random text gives a split or a DataFormatError, nothing else`, () => {
    const noise = fc.oneof(
      // Any UTF-16 code units, lone surrogates included (cheaper to build than fc's 'binary' unit).
      fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 200 }).map((units) => String.fromCharCode(...units)),
      fc.string({ unit: fc.constantFrom(...'0123456789.,:\t\n?@-+eE {}\'"\\%#NaN'.split('')), maxLength: 200 }),
      fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('utf8')),
    );
    fc.assert(fc.property(noise, (text) => parsesOrFailsCleanly(format, text)), RUNS);
  });

  test(`${format}: truncated, spliced and re-headed valid files give only DataFormatErrors`, () => {
    const token = fc.oneof(
      fc.constantFrom('', 'abc', '?', 'NaN', ':', ',', '\t', '{', "'", '"', '1e999', '0x1f', '--1', '\n', '\\n', '%', '#', '(1,2)'),
      fc.constantFrom(
        '@data', '@classLabel true', '@classLabel false', '@classLabel true zz', '@univariate maybe', '@univariate false',
        '@dimensions 0', '@dimensions 3', '@equalLength true', '@seriesLength 2', '@timeStamps true', '@targetLabel true',
        '@attribute x numeric', '@attribute x date', '@attribute r relational', '@end r', '@attribute c {p,q}', '@relation',
      ),
      fc.string({ maxLength: 6 }),
    );
    const damaged = fc
      .tuple(splitArb(format), fc.nat(), fc.nat(), token, fc.constantFrom('truncate', 'inject', 'replace-line', 'drop-line'))
      .map(([plain, at, lineAt, tok, how]) => {
        const text = writeSplit(plain, format);
        const lines = text.split('\n');
        const i = lineAt % lines.length;
        switch (how) {
          case 'truncate':
            return text.slice(0, at % (text.length + 1));
          case 'inject': {
            const p = at % (text.length + 1);
            return text.slice(0, p) + tok + text.slice(p);
          }
          case 'replace-line':
            lines[i] = tok;
            return lines.join('\n');
          case 'drop-line':
            lines.splice(i, 1);
            return lines.join('\n');
        }
      });
    fc.assert(fc.property(damaged, (text) => parsesOrFailsCleanly(format, text)), RUNS);
  });
}
