import type { Command } from 'commander';
import { createColors } from 'picocolors';
import { createContracts, defaultContracts } from '../contracts/index.js';
import { UsageError } from '../errors/index.js';
import { CliUsageError, parseIntOption, parseJsonInput, readInput, type CliIo } from './io.js';
import { addProviderOptions, pickProvider, providerHelp, resolveProviders } from './providers-option.js';

interface ValidateOptions {
  provider?: string;
  spec?: string[];
  scenarios?: string[];
  operation: string;
  status: string;
  contentType?: string;
  request?: boolean;
  json?: boolean;
}

/** `job-contracts validate`: checks one JSON body against a provider's contract. */
export function registerValidate(program: Command, io: CliIo): void {
  addProviderOptions(program.command('validate'))
    .description('validate a JSON response (or request) body against a provider contract')
    .option('--provider <id>', `${providerHelp()} (default: your one --spec)`)
    .option('--operation <role|operationId>', 'operation to validate against', 'getJob')
    .option('--status <code>', 'response status code', '200')
    .option('--content-type <type>', 'response Content-Type (default: the documented one)')
    .option('--request', 'validate a request body instead of a response')
    .option('--json', 'print the issues as JSON')
    .argument('[file]', 'JSON file, or - for stdin', '-')
    .action(async (file: string, options: ValidateOptions) => {
      const pc = createColors(io.color);
      const status = parseIntOption('--status', options.status, 100, 599);
      const resolved = resolveProviders(options);
      const provider = pickProvider(resolved, options.provider, true) as string;
      const contracts = resolved.files.size > 0 ? createContracts({ files: resolved.files }) : defaultContracts();
      let contract;
      try {
        contract = contracts.get(provider);
        if (!contract.operation(options.operation)) contract.validateResponse({ operation: options.operation, status, body: null });
      } catch (error) {
        if (error instanceof UsageError) throw new CliUsageError(error.message);
        throw error;
      }
      const source = file === '-' ? 'stdin' : file;
      const body = parseJsonInput(await readInput(file, io), source);
      const result = options.request
        ? contract.validateRequest({ operation: options.operation, contentType: options.contentType ?? null, body })
        : contract.validateResponse({ operation: options.operation, status, contentType: options.contentType ?? null, body });
      const what = `${provider} ${options.operation} ${options.request ? 'request' : status}`;
      if (options.json) {
        io.out(`${JSON.stringify({ valid: result.ok, provider, operation: options.operation, status, issues: result.ok ? [] : result.issues }, null, 2)}\n`);
      } else if (result.ok) {
        io.out(`${pc.green('valid')}: ${source} matches ${what}\n`);
      } else {
        io.out(`${pc.red('invalid')}: ${source} breaks ${what} (${result.issues.length} issue${result.issues.length === 1 ? '' : 's'})\n`);
        for (const issue of result.issues) {
          io.out(`  ${pc.bold(issue.pointer || '(body)')}  ${pc.yellow(issue.rule)}  expected ${issue.expected}, actual ${issue.actual}\n`);
        }
      }
      io.exit(result.ok ? 0 : 1);
    });
}
