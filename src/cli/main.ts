import { Command, CommanderError } from 'commander';
import { JobContractsError } from '../errors/index.js';
import { registerGenerate } from './generate.js';
import { registerValidate } from './validate.js';
import { registerMock } from './mock.js';

/** Builds the `job-contracts` command line. Exit codes: 0 ok, 1 violations, 2 usage/config. */
export function createProgram(): Command {
  const program = new Command('job-contracts')
    .description('contracts, mock servers and checks for job-status APIs')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  program.configureOutput({ writeErr: (text) => process.stderr.write(text) });
  registerValidate(program);
  registerGenerate(program);
  registerMock(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** Runs the CLI; never lets a stack trace reach the user for expected failures. */
export async function main(argv: string[]): Promise<void> {
  try {
    await createProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    if (error instanceof JobContractsError) {
      process.stderr.write(`job-contracts: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`job-contracts: unexpected error: ${(error as Error)?.stack ?? String(error)}\nPlease report this as a bug.\n`);
    process.exitCode = 70;
  }
}

await main(process.argv);
