import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { packageRoot } from '../contracts/package-root.js';
import { ConfigError, JobContractsError } from '../errors/index.js';
import { located } from '../load/locate.js';
import { registerCheck } from './check.js';
import { registerGenerate } from './generate.js';
import { type CliIo, processIo } from './io.js';
import { registerMock } from './mock.js';
import { registerScenarios } from './scenarios.js';
import { registerValidate } from './validate.js';

/** Builds the `job-contracts` command line. Exit codes: 0 ok, 1 violations, 2 usage/config. */
export function createProgram(io: CliIo = processIo): Command {
  const program = new Command('job-contracts')
    .description('contracts, mock servers and checks for job-status APIs')
    .version((JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version, '-V, --version', 'print the version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.out(text), writeErr: (text) => io.err(text) });
  registerValidate(program, io);
  registerGenerate(program, io);
  registerMock(program, io);
  registerCheck(program, io);
  registerScenarios(program, io);
  for (const command of program.commands) command.exitOverride().configureOutput({ writeOut: (text) => io.out(text), writeErr: (text) => io.err(text) });
  return program;
}

/**
 * Runs the CLI with `argv` (without node and script); never lets a stack trace reach the user
 * for expected failures. Resolves when the command is done (a server keeps running).
 */
export async function runCli(argv: string[], io: CliIo = processIo): Promise<void> {
  try {
    await createProgram(io).parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      io.exit(error.exitCode === 0 ? 0 : 2);
      return;
    }
    if (error instanceof JobContractsError) {
      io.err(`job-contracts: ${error instanceof ConfigError ? located(error) : error.message}\n`);
      io.exit(2);
      return;
    }
    io.err(`job-contracts: unexpected error: ${(error as Error)?.stack ?? String(error)}\nPlease report this as a bug.\n`);
    io.exit(70);
  }
}
