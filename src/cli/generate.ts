import type { Command } from 'commander';
import type { CliIo } from './io.js';

/** `job-contracts generate`: openapi-typescript over every spec into generated/. */
export function registerGenerate(program: Command, io: CliIo): void {
  program
    .command('generate')
    .description('generate generated/<provider>.ts from specs/ with openapi-typescript')
    .option('--check', 'only report stale files (exit 1 when any)')
    .action(async (options: { check?: boolean }) => {
      // openapi-typescript is a development dependency: loaded only when this command runs.
      const { generateTypes } = await import('../generate/index.js');
      const stale = await generateTypes({ check: options.check === true });
      for (const { file } of stale) io.out(`${options.check ? 'stale' : 'wrote'} ${file}\n`);
      if (stale.length === 0) io.out('generated/ is up to date\n');
      io.exit(options.check && stale.length > 0 ? 1 : 0);
    });
}
