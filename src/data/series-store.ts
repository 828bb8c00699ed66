/**
 * Rows of series appended into one growing Float64Array (channels of a row one after the other),
 * so that a file of 10⁵ series holds no object per value: the finished split's series are views
 * into that buffer, and equal-length univariate rows are already the row-major matrix the vector
 * methods read (see denseRows).
 */
import { indexLabels, orderClassNames } from './labels.js';
import type { LabelledSplit } from './types.js';

export class SeriesStore {
  private values: Float64Array;
  private used = 0;
  /** Start of every channel of every row in `values`, and the start of the next. */
  private readonly starts: number[] = [];
  private readonly channelCounts: number[] = [];
  private readonly rawLabels: (string | null)[] = [];
  private readonly lineNumbers: number[] = [];
  private readonly targetValues: number[] = [];

  /** `expectedValues`: a guess of the total (the file's size helps), to allocate once. */
  constructor(expectedValues = 1024) {
    this.values = new Float64Array(Math.max(16, Math.ceil(expectedValues)));
  }

  get rows(): number {
    return this.lineNumbers.length;
  }

  /** Room for `count` more values; grows by half when full (so the copy is rare). */
  reserve(count: number): void {
    if (this.used + count <= this.values.length) return;
    const grown = new Float64Array(Math.max(this.used + count, Math.ceil(this.values.length * 1.5)));
    grown.set(this.values.subarray(0, this.used));
    this.values = grown;
  }

  /** Appends one value of the current channel (reserve first). */
  push(value: number): void {
    this.values[this.used++] = value;
  }

  /** Starts a channel of the row being built. */
  beginChannel(): void {
    this.starts.push(this.used);
  }

  /** Ends the row being built: its channel count, label text (null: unlabelled), line and target. */
  endRow(channels: number, label: string | null, line: number, target?: number): void {
    this.channelCounts.push(channels);
    this.rawLabels.push(label);
    this.lineNumbers.push(line);
    if (target !== undefined) this.targetValues.push(target);
  }

  /** Appends a whole row of parsed channels. */
  addRow(channels: readonly Float64Array[], label: string | null, line: number, target?: number): void {
    this.reserve(channels.reduce((sum, c) => sum + c.length, 0));
    for (const values of channels) {
      this.beginChannel();
      this.values.set(values, this.used);
      this.used += values.length;
    }
    this.endRow(channels.length, label, line, target);
  }

  /** Drops trailing NaN of the current channel (UCR 2018 pads shorter series so), keeping one value at least. */
  trimTrailingMissing(): void {
    const start = this.starts[this.starts.length - 1]!;
    while (this.used > start + 1 && Number.isNaN(this.values[this.used - 1]!)) this.used--;
  }

  /** Values of the current channel so far. */
  channelLength(): number {
    return this.used - this.starts[this.starts.length - 1]!;
  }

  /**
   * The finished split (the buffer trimmed to its content when much of it is unused). `declaredClasses`,
   * when the file's header lists them, are the classes (even those no row uses); else the labels found.
   */
  build(source: string, declaredClasses?: readonly string[]): LabelledSplit {
    const values = this.used < this.values.length * 0.8 ? this.values.slice(0, this.used) : this.values;
    this.starts.push(this.used);
    const series: Float64Array[][] = [];
    let longest = 0;
    let shortest = Infinity;
    let channels = 0;
    let next = 0;
    for (const count of this.channelCounts) {
      const row: Float64Array[] = [];
      for (let c = 0; c < count; c++, next++) {
        const view = values.subarray(this.starts[next]!, this.starts[next + 1]!);
        longest = Math.max(longest, view.length);
        shortest = Math.min(shortest, view.length);
        row.push(view);
      }
      channels = Math.max(channels, count);
      series.push(row);
    }
    const names = orderClassNames(declaredClasses ?? this.rawLabels.filter((l): l is string => l !== null));
    return {
      series,
      labels: indexLabels(this.rawLabels, names),
      classNames: names,
      channels,
      equalLength: series.length === 0 || shortest === longest,
      length: longest,
      source,
      lines: Int32Array.from(this.lineNumbers),
      ...(this.targetValues.length > 0 ? { targets: Float64Array.from(this.targetValues) } : {}),
    };
  }
}
