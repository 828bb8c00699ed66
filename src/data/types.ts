/**
 * The in-memory shape of time-series data, shared by every layer above `data`.
 *
 * A series is stored channel by channel: `series[row][channel]` is a Float64Array of that
 * channel's values. Univariate data has one channel. Missing values are NaN. Lengths may differ
 * between rows (and between channels) only where `equalLength` is false.
 */

export interface LabelledSplit {
  /** series[row][channel] -> values over time. */
  readonly series: Float64Array[][];
  /** Class index 0..K-1 per row, or -1 where the row has no label. */
  readonly labels: Int32Array;
  /** Original label text per class index (shared with the other split of the same dataset). */
  readonly classNames: readonly string[];
  /** Number of channels (1 for univariate). */
  readonly channels: number;
  /** Whether every row and channel has the same length. */
  readonly equalLength: boolean;
  /** The common length when equalLength, else the longest. */
  readonly length: number;
  /** Where the split came from (a file path), for error messages. */
  readonly source?: string;
  /** The 1-based line of every row in its source file, for error messages. */
  readonly lines?: Int32Array;
  /** Regression targets, one per row, when the file has them (.ts with @targetLabel true). */
  readonly targets?: Float64Array;
}

export interface Dataset {
  readonly name: string;
  readonly train: LabelledSplit;
  readonly test: LabelledSplit;
  /** Original label text per class index 0..K-1, the same for train and test. */
  readonly classNames: readonly string[];
}

/** Row-major matrix of equal-length univariate series: rows × length. */
export interface SeriesMatrix {
  readonly data: Float64Array;
  readonly rows: number;
  readonly length: number;
}
