/** What a training loop reports after each epoch. */
export interface EpochLog {
  /** 1-based epoch number. */
  readonly epoch: number;
  readonly epochs: number;
  /** Each loss component, averaged over the epoch's rows. */
  readonly losses: Readonly<Record<string, number>>;
  /** Seconds since training started. */
  readonly seconds: number;
  /** Diagnostics the caller asked for (for example RI/NMI on an evaluation set). */
  readonly metrics?: Readonly<Record<string, number>>;
}

/** Return 'stop' to end training after this epoch. */
export type EpochCallback = (log: EpochLog) => void | 'stop' | Promise<void | 'stop'>;
