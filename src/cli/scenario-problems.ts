import { createColors } from 'picocolors';
import type { ConfigError } from '../errors/index.js';
import { located } from '../load/locate.js';
import { CliUsageError, type CliIo } from './io.js';

/**
 * One behaviour for `mock` and `scenarios`: broken scenario files stop the command with exit 2
 * naming each file and line, unless `--skip-broken-scenarios` asked to go on without them.
 */
export function refuseBrokenScenarios(problems: readonly ConfigError[], io: CliIo, skip: boolean): void {
  if (problems.length === 0) return;
  const lines = problems.map(located);
  if (!skip) {
    throw new CliUsageError(`${problems.length} scenario file${problems.length === 1 ? '' : 's'} cannot be used:\n  ${lines.join('\n  ')}\nFix ${problems.length === 1 ? 'it' : 'them'}, or pass --skip-broken-scenarios to go on without ${problems.length === 1 ? 'it' : 'them'}.`);
  }
  const pc = createColors(io.color);
  for (const line of lines) io.err(`${pc.yellow('skipped')}: ${line}\n`);
}
