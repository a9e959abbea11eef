import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { packageRoot } from '../contracts/package-root.js';
import type { Command } from 'commander';
import { ConfigError } from '../errors/index.js';
import { type CliIo, CliUsageError } from './io.js';
import { addProviderOptions, resolveProviders } from './providers-option.js';

/** `job-contracts generate`: openapi-typescript over the specs — the built-in ones into generated/, yours into --out. */
export function registerGenerate(program: Command, io: CliIo): void {
  addProviderOptions(program.command('generate'))
    .description('generate TypeScript types with openapi-typescript: generated/ and mocks/ from specs/, or <out>/<id>.ts for your --spec files')
    .option('--out <dir>', 'where the types of your own specs go (<dir>/<id>.ts)')
    .option('--check', 'only report stale files (exit 1 when any)')
    .action(async (options: { check?: boolean; out?: string; spec?: string[]; scenarios?: string[] }) => {
      const resolved = resolveProviders(options);
      if (resolved.own.length === 0 && options.out !== undefined) throw new CliUsageError('--out needs --spec <file…> (or providers in job-contracts.config.json): it is where the types of your own specs go.');
      // The installed package ships no generated/ sources: its types are `job-contracts/types/<provider>`.
      if (resolved.own.length === 0 && !existsSync(join(packageRoot(), 'generated'))) {
        throw new CliUsageError("pass --spec <file…> --out <dir> to generate types from your own OpenAPI files (the built-in providers' types are imported from job-contracts/types/<provider>).");
      }
      // openapi-typescript is a development dependency: loaded only when this command runs.
      const generator = await import('../generate/index.js').catch((cause: Error) => {
        throw new CliUsageError(`generate needs openapi-typescript (npm install --save-dev openapi-typescript): ${cause.message.split('\n')[0]}`);
      });
      const check = options.check === true;
      let stale;
      try {
        stale = resolved.own.length > 0 ? await generator.generateTypesOfFiles(resolved.own, resolve(options.out ?? '.'), { check }) : await generator.generateTypes({ check });
      } catch (cause) {
        // openapi-typescript's own message names the broken part of the spec.
        if (resolved.own.length > 0 && !(cause instanceof CliUsageError) && !(cause instanceof ConfigError)) throw new CliUsageError(`cannot generate types: ${(cause as Error).message.split('\n')[0]}`);
        throw cause;
      }
      for (const { file } of stale) io.out(`${check ? 'stale' : 'wrote'} ${file}\n`);
      if (stale.length === 0) io.out(`${resolved.own.length > 0 ? (options.out ?? '.') : 'generated/'} is up to date\n`);
      io.exit(check && stale.length > 0 ? 1 : 0);
    });
}
