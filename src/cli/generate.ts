import type { Command } from 'commander';
import { generateTypes } from '../generate/index.js';

/** `job-contracts generate`: openapi-typescript over every spec into generated/. */
export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('generate generated/<provider>.ts from specs/ with openapi-typescript')
    .option('--check', 'only report stale files (exit 1 when any)')
    .action(async (options: { check?: boolean }) => {
      const stale = await generateTypes({ check: options.check === true });
      for (const { file } of stale) process.stdout.write(`${options.check ? 'stale' : 'wrote'} ${file}\n`);
      if (stale.length === 0) process.stdout.write('generated/ is up to date\n');
      process.exitCode = options.check && stale.length > 0 ? 1 : 0;
    });
}
