import type { Command } from 'commander';
import { createColors } from 'picocolors';
import { isProviderId, providerIds, type ProviderId } from '../providers/ids.js';
import { CliUsageError, type CliIo } from './io.js';

/** `job-contracts scenarios`: the built-in (and extra) scenarios, one line each. */
export function registerScenarios(program: Command, io: CliIo): void {
  program
    .command('scenarios')
    .description('list the scenarios each provider\'s mock can run')
    .option('--provider <id>', 'only this provider')
    .option('--scenarios <dir...>', 'extra scenario folders (<dir>/<provider>/<name>.yaml)')
    .option('--json', 'print as JSON')
    .action(async (options: { provider?: string; scenarios?: string[]; json?: boolean }) => {
      const pc = createColors(io.color);
      if (options.provider !== undefined && !isProviderId(options.provider)) throw new CliUsageError(`--provider must be one of ${providerIds.join(', ')}, got "${options.provider}".`);
      const { createMock } = await import('../mock/mock.js');
      const mock = createMock({ providers: options.provider ? [options.provider as ProviderId] : providerIds, seedJobs: false, clock: 'manual', ...(options.scenarios ? { scenarioDirs: options.scenarios } : {}) });
      const list = mock.scenarioList();
      if (options.json) io.out(`${JSON.stringify({ scenarios: list, problems: mock.problems.map((p) => p.message) }, null, 2)}\n`);
      else {
        const width = Math.max(...list.map((s) => s.provider.length + s.name.length + 1));
        for (const s of list) io.out(`${`${s.provider}/${s.name}`.padEnd(width + 2)}${s.description}\n`);
        for (const p of mock.problems) io.err(`${pc.yellow('skipped')}: ${p.message}\n`);
      }
      io.exit(mock.problems.length > 0 ? 2 : 0);
    });
}
