/** A seeded generator of labelled synthetic series, and the splits and datasets built from one. */
import { OptionError } from '../../core/errors.js';
import { Random, type Seed } from '../../core/random.js';
import { normalizeSplit } from '../normalize.js';
import type { Dataset, LabelledSplit } from '../types.js';

export interface SeriesGenerator {
  /** Dataset name, e.g. "CBF". */
  readonly name: string;
  /** Class names; class index i draws with `draw(random, i)`. */
  readonly classNames: readonly string[];
  /** Length of every series. */
  readonly length: number;
  /** One series of the given class. */
  draw(random: Random, classIndex: number): Float64Array;
}

export interface GenerateSplitOptions {
  /** Series per class. Required, at least 1. */
  perClass: number;
  /** Seed or generator. Default: 0. */
  seed?: Seed;
}

export interface GenerateDatasetOptions {
  /** Training series per class. Required, at least 1. */
  trainPerClass: number;
  /** Test series per class. Required, at least 1. */
  testPerClass: number;
  /** Seed or generator. Default: 0. The train and test splits draw from independent forks. */
  seed?: Seed;
  /** Z-normalise every series, as the UCR copies of CBF and SyntheticControl are. Default: false. */
  normalize?: boolean;
}

/** `perClass` series of every class, rows in a seeded random order, labels the class indices. */
export function generateSplit(generator: SeriesGenerator, options: GenerateSplitOptions): LabelledSplit {
  const { perClass } = options;
  if (!Number.isInteger(perClass) || perClass < 1) {
    throw new OptionError(`perClass must be a positive integer, got ${perClass}`);
  }
  const random = Random.from(options.seed);
  const classes = generator.classNames.length;
  const order = random.permutation(classes * perClass);
  const series: Float64Array[][] = new Array(order.length);
  const labels = new Int32Array(order.length);
  for (let i = 0; i < order.length; i++) {
    const classIndex = Math.floor(i / perClass);
    series[order[i]!] = [generator.draw(random, classIndex)];
    labels[order[i]!] = classIndex;
  }
  return {
    series,
    labels,
    classNames: generator.classNames,
    channels: 1,
    equalLength: true,
    length: generator.length,
    source: `synthetic ${generator.name}`,
  };
}

/** A whole dataset: a train and a test split drawn from independent forks of one seed. */
export function generateDataset(generator: SeriesGenerator, options: GenerateDatasetOptions): Dataset {
  const random = Random.from(options.seed);
  const trainRandom = random.fork();
  const testRandom = random.fork();
  const finish = (split: LabelledSplit): LabelledSplit => (options.normalize === true ? normalizeSplit(split) : split);
  return {
    name: generator.name,
    train: finish(generateSplit(generator, { perClass: options.trainPerClass, seed: trainRandom })),
    test: finish(generateSplit(generator, { perClass: options.testPerClass, seed: testRandom })),
    classNames: generator.classNames,
  };
}
