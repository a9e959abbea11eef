import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { packageRoot } from '../contracts/package-root.js';
import { CliUsageError, type CliIo } from './io.js';

interface GenerateCliOptions {
  check?: boolean;
  spec?: string[];
  out?: string;
}

/**
 * `job-contracts generate`: openapi-typescript over your own specs (`--spec <file…> --out <dir>`),
 * or, in a clone of this repository, over specs/ into generated/.
 */
export function registerGenerate(program: Command, io: CliIo): void {
  program
    .command('generate')
    .description('TypeScript types from OpenAPI specs with openapi-typescript: --spec <file…> --out <dir> (in a clone: specs/ into generated/)')
    .option('--spec <file...>', 'OpenAPI files (YAML or JSON); each becomes <out>/<name>.ts')
    .option('--out <dir>', 'folder for the generated files (with --spec; default: the current folder)')
    .option('--check', 'only report stale files (exit 1 when any)')
    .action(async (options: GenerateCliOptions) => {
      const check = options.check === true;
      // Loaded only when this command runs: openapi-typescript is not needed by anything else.
      const { generateTypes, generateFromSpecs } = await import('../generate/index.js');
      let stale;
      if (options.spec) {
        stale = await generateFromSpecs(options.spec, options.out ?? '.', { check });
      } else {
        if (options.out !== undefined) throw new CliUsageError('--out needs --spec <file…>: name the OpenAPI files to generate types from.');
        // The installed package ships no generated/ sources: its types are `job-contracts/types/<provider>`.
        if (!existsSync(join(packageRoot(), 'generated'))) {
          throw new CliUsageError("pass --spec <file…> --out <dir> to generate types from your own OpenAPI files (the built-in providers' types are imported from job-contracts/types/<provider>).");
        }
        stale = await generateTypes({ check });
      }
      for (const { file } of stale) io.out(`${check ? 'stale' : 'wrote'} ${file}\n`);
      if (stale.length === 0) io.out('generated types are up to date\n');
      io.exit(check && stale.length > 0 ? 1 : 0);
    });
}
