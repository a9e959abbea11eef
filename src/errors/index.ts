/**
 * Exceptions for misuse or broken configuration. Expected outcomes (validation issues,
 * check findings) are values, never exceptions.
 * @see ../../../shared/STYLE.md#errors
 */
export class JobContractsError extends Error {
  override name = 'JobContractsError';
}

/**
 * A spec, scenario or option that cannot be used as given. `file` names what to fix and
 * `pointer` (a JSON pointer into it), when known, where: the CLI prints that as `file:line`.
 */
export class ConfigError extends JobContractsError {
  override name = 'ConfigError';
  readonly file: string | undefined;
  readonly pointer: string | undefined;
  constructor(message: string, options: { file?: string; pointer?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.file = options.file;
    this.pointer = options.pointer;
  }
}

/** A caller asked for something that does not exist (provider, operation, scenario). */
export class UsageError extends JobContractsError {
  override name = 'UsageError';
}
