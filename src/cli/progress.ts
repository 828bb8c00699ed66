/**
 * Progress for long work, on stderr so that stdout stays clean for --json. A live bar on a
 * terminal (cli-progress); elsewhere (CI logs, pipes) one plain line at most every few seconds.
 */
import cliProgress from 'cli-progress';

export interface ProgressOptions {
  /** What is being counted, shown before the bar (for example "epoch"). */
  label: string;
  total: number;
  /** Units already done when this progress starts (a resumed job); the time left counts only the units done since. Default 0. */
  initial?: number;
  /** When the work began (Date.now()), if before this progress was made. Default: now. */
  startedAt?: number;
  /** Force plain lines (true) or the live bar (false); defaults to whether stderr is a terminal. */
  plain?: boolean;
  /** Seconds between plain lines. */
  plainInterval?: number;
  /** Print nothing at all. */
  quiet?: boolean;
}

export class Progress {
  private readonly bar: cliProgress.SingleBar | null;
  private readonly start: number;
  private lastPlain = 0;
  private readonly initial: number;
  private done: number;

  constructor(private readonly options: ProgressOptions) {
    this.start = options.startedAt ?? Date.now();
    this.initial = options.initial ?? 0;
    this.done = this.initial;
    const plain = options.plain ?? !process.stderr.isTTY;
    this.bar =
      options.quiet || plain
        ? null
        : new cliProgress.SingleBar(
            {
              format: `${options.label} {value}/{total} [{bar}] {percentage}% | {status} | {timing}`,
              stream: process.stderr,
              hideCursor: true,
            },
            cliProgress.Presets.shades_classic,
          );
    this.bar?.start(options.total, this.initial, { status: '', timing: '' });
  }

  /**
   * Report that `value` of `total` units are done, with a short status such as the losses, and the
   * seconds left when the caller knows better than the pace of units (units of unequal cost).
   */
  update(value: number, status = '', secondsLeft?: number): void {
    this.done = value;
    if (this.options.quiet) return;
    if (this.bar) {
      this.bar.update(value, { status, timing: this.timing(secondsLeft) });
      return;
    }
    const now = Date.now();
    const interval = (this.options.plainInterval ?? 5) * 1000;
    if (now - this.lastPlain < interval && value < this.options.total) return;
    this.lastPlain = now;
    process.stderr.write(`${this.options.label} ${value}/${this.options.total} ${status} (${this.timing(secondsLeft)})\n`);
  }

  stop(): void {
    this.bar?.stop();
  }

  private timing(secondsLeft?: number): string {
    const elapsed = (Date.now() - this.start) / 1000;
    const doneSince = this.done - this.initial;
    const left = secondsLeft ?? (doneSince > 0 ? (elapsed / doneSince) * (this.options.total - this.done) : undefined);
    return left === undefined ? `${elapsed.toFixed(0)} s elapsed` : `${elapsed.toFixed(0)} s elapsed, ~${left.toFixed(0)} s left`;
  }
}
