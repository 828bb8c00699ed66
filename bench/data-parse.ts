/**
 * Parsing speed of the text formats on generated files of tens of MB (no download):
 * `npm run build && node dist/bench/data-parse.js [rows] [length]`.
 */
import { Random } from '../src/core/random.js';
import { parseArff } from '../src/data/arff.js';
import { parseTsFormat } from '../src/data/ts-format.js';
import type { LabelledSplit } from '../src/data/types.js';
import { parseUcrCsv, parseUcrTsv } from '../src/data/ucr-delimited.js';

const rows = Number(process.argv[2] ?? 20000);
const length = Number(process.argv[3] ?? 300);
const random = new Random(1);
const lines = Array.from({ length: rows }, () => ({
  label: String(1 + random.int(5)),
  values: Array.from({ length }, () => random.normal().toPrecision(8)),
}));

const steps = Array.from({ length }, (_, t) => `@attribute t${t} numeric`).join('\n');
const files: [string, string, (text: string) => LabelledSplit][] = [
  ['UCR .tsv', lines.map((l) => `${l.label}\t${l.values.join('\t')}`).join('\n'), parseUcrTsv],
  ['UCR .csv', lines.map((l) => `${l.label},${l.values.join(',')}`).join('\n'), parseUcrCsv],
  ['.ts', `@problemName B\n@classLabel true 1 2 3 4 5\n@data\n${lines.map((l) => `${l.values.join(',')}:${l.label}`).join('\n')}`, parseTsFormat],
  ['.arff', `@relation B\n${steps}\n@attribute c {1,2,3,4,5}\n@data\n${lines.map((l) => `${l.values.join(',')},${l.label}`).join('\n')}`, parseArff],
];

console.log(`${rows} series x ${length} values`);
console.log('format     MB     best ms   MB/s   Mvalues/s');
for (const [name, text, parse] of files) {
  let best = Infinity;
  for (let run = 0; run < 3; run++) {
    const start = performance.now();
    parse(text);
    best = Math.min(best, performance.now() - start);
  }
  const mb = text.length / 1e6;
  const perSecond = (x: number): string => (x / (best / 1000)).toFixed(1);
  console.log(`${name.padEnd(9)} ${mb.toFixed(1).padStart(5)} ${best.toFixed(0).padStart(9)} ${perSecond(mb).padStart(6)} ${perSecond((rows * length) / 1e6).padStart(10)}`);
}
