import { readFileSync } from 'node:fs';
import { createColors } from 'picocolors';
import type { ConfigError } from '../errors/index.js';
import { CliUsageError, type CliIo } from './io.js';

/**
 * The problem's message with the line of the step it names (`file: step 3: …` →
 * `file:41: step 3: …`), so an editor jumps there; YAML syntax errors carry their line already.
 */
export function withLine(problem: ConfigError): string {
  const match = /^(.+?): step (\d+)/.exec(problem.message);
  if (!match || !problem.file || match[1] !== problem.file) return problem.message;
  let text: string;
  try {
    text = readFileSync(problem.file, 'utf8');
  } catch {
    return problem.message;
  }
  // The n-th item of the top-level `steps:` sequence: the n-th line at its indentation starting with "- ".
  const lines = text.split('\n');
  const start = lines.findIndex((line) => /^steps\s*:/.test(line));
  if (start < 0) return problem.message;
  const indent = /^(\s*)-/.exec(lines.slice(start + 1).find((line) => /^\s*-/.test(line)) ?? '')?.[1];
  if (indent === undefined) return problem.message;
  let seen = -1;
  for (let i = start + 1; i < lines.length; i++) {
    if (!(lines[i] as string).startsWith(`${indent}-`)) continue;
    if (++seen === Number(match[2])) return `${problem.file}:${i + 1}${problem.message.slice(problem.file.length)}`;
  }
  return problem.message;
}

/**
 * One behaviour for `mock` and `scenarios`: broken scenario files stop the command with exit 2
 * naming each file and line, unless `--skip-broken-scenarios` asked to go on without them.
 */
export function refuseBrokenScenarios(problems: readonly ConfigError[], io: CliIo, skip: boolean): void {
  if (problems.length === 0) return;
  const lines = problems.map(withLine);
  if (!skip) {
    throw new CliUsageError(`${problems.length} scenario file${problems.length === 1 ? '' : 's'} cannot be used:\n  ${lines.join('\n  ')}\nFix ${problems.length === 1 ? 'it' : 'them'}, or pass --skip-broken-scenarios to go on without ${problems.length === 1 ? 'it' : 'them'}.`);
  }
  const pc = createColors(io.color);
  for (const line of lines) io.err(`${pc.yellow('skipped')}: ${line}\n`);
}
