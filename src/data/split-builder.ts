/** Collects parsed rows and turns them into a LabelledSplit: shape facts and label indices. */
import { indexLabels, orderClassNames } from './labels.js';
import type { LabelledSplit } from './types.js';

export class SplitBuilder {
  private readonly series: Float64Array[][] = [];
  private readonly rawLabels: (string | null)[] = [];

  get rows(): number {
    return this.series.length;
  }

  /** Adds one row: its channels and its label text (null when the row has no label). */
  add(channels: Float64Array[], label: string | null): void {
    this.series.push(channels);
    this.rawLabels.push(label);
  }

  /**
   * The finished split. `declaredClasses`, when the file's header lists them, are the classes
   * (even those no row uses); otherwise the classes are the labels found.
   */
  build(source: string, declaredClasses?: readonly string[]): LabelledSplit {
    const classNames = orderClassNames(
      declaredClasses ?? this.rawLabels.filter((l): l is string => l !== null),
    );
    let longest = 0;
    let shortest = Infinity;
    let channels = 0;
    for (const row of this.series) {
      channels = Math.max(channels, row.length);
      for (const values of row) {
        longest = Math.max(longest, values.length);
        shortest = Math.min(shortest, values.length);
      }
    }
    return {
      series: this.series,
      labels: indexLabels(this.rawLabels, classNames),
      classNames,
      channels,
      equalLength: this.series.length === 0 || shortest === longest,
      length: longest,
      source,
    };
  }
}
