import { readFileSync } from 'node:fs';
import { JobContractsError } from '../errors/index.js';

/** Where a command reads and writes: the process, or a test's buffers. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  stdin: AsyncIterable<Buffer | string> & { isTTY?: boolean };
  /** Sets the exit code the command ends with. */
  exit(code: number): void;
  /** Whether output may carry ANSI colours (a terminal, unless NO_COLOR; or FORCE_COLOR). */
  color: boolean;
}

/** The real process's streams. */
export const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  stdin: process.stdin,
  exit: (code) => {
    process.exitCode = code;
  },
  color: 'FORCE_COLOR' in process.env || (process.stdout.isTTY === true && !('NO_COLOR' in process.env)),
};

/** A usage or configuration problem: printed as one line, exit code 2. */
export class CliUsageError extends JobContractsError {
  override name = 'CliUsageError';
}

/** Reads a file, or stdin for `-` / no file. */
export async function readInput(file: string | undefined, io: CliIo): Promise<string> {
  if (file === undefined || file === '-') {
    if (io.stdin.isTTY) throw new CliUsageError('no input: pass a JSON file, or pipe JSON on stdin (e.g. `curl … | job-contracts validate --provider <id> -`).');
    const chunks: Buffer[] = [];
    for await (const chunk of io.stdin) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return readFileSync(file, 'utf8');
  } catch (cause) {
    throw new CliUsageError(`cannot read ${file}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}. Check the path.`);
  }
}

/** Parses JSON, or explains in one line why it is not JSON. */
export function parseJsonInput(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new CliUsageError(`${source} is not JSON (${(cause as Error).message}). Pass the response body as JSON.`);
  }
}

/** Parses an integer option, or throws a usage error naming the option. */
export function parseIntOption(name: string, raw: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new CliUsageError(`${name} must be a whole number from ${min} to ${max}, got "${raw}".`);
  }
  return value;
}
