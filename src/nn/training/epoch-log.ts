/** What a training loop reports after each epoch (a run's history: the report's training curves). */
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
