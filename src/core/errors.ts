/** Typed errors: every failure Tempora reports on purpose is one of these. */

export class TemporaError extends Error {
  override name = 'TemporaError';
}

/** Bad options given to an estimator, command or function. */
export class OptionError extends TemporaError {
  override name = 'OptionError';
}

/** Bad input data: names the file and line (1-based) where known. */
export class DataFormatError extends TemporaError {
  override name = 'DataFormatError';
  constructor(
    readonly problem: string,
    readonly file?: string,
    readonly line?: number,
  ) {
    super(formatLocation(file, line) + problem);
  }
}

/** Training whose loss left the finite numbers: the weights are no longer usable. */
export class TrainingDivergedError extends TemporaError {
  override name = 'TrainingDivergedError';
}

/** A dataset name or path that does not resolve. */
export class DatasetNotFoundError extends TemporaError {
  override name = 'DatasetNotFoundError';
}

function formatLocation(file?: string, line?: number): string {
  if (file === undefined) return line === undefined ? '' : `line ${line}: `;
  return line === undefined ? `${file}: ` : `${file}:${line}: `;
}
