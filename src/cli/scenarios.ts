import type { Command } from 'commander';
import type { CliIo } from './io.js';
import { addProviderOptions, pickProvider, resolveProviders, sourcesOf } from './providers-option.js';
import { located } from '../load/locate.js';
import { refuseBrokenScenarios } from './scenario-problems.js';

/** `job-contracts scenarios`: what each provider's mock can run, one line each. */
export function registerScenarios(program: Command, io: CliIo): void {
  addProviderOptions(program.command('scenarios'))
    .description('list the scenarios each provider\'s mock can run')
    .option('--provider <id>', 'only this provider')
    .option('--skip-broken-scenarios', 'list the rest and exit 0 when a scenario file cannot be used (default: exit 2)')
    .option('--json', 'print as JSON')
    .action(async (options: { provider?: string; scenarios?: string[]; spec?: string[]; json?: boolean; skipBrokenScenarios?: boolean }) => {
      const resolved = resolveProviders(options);
      const only = pickProvider(resolved, options.provider);
      const { createMock } = await import('../mock/mock.js');
      const mock = createMock({ providers: sourcesOf(resolved, only), seedJobs: false, clock: 'manual', scenarioDirs: resolved.scenarioDirs });
      const list = mock.scenarioList();
      // The list is printed either way: it shows what would load; the problems decide the exit code.
      if (options.json) io.out(`${JSON.stringify({ scenarios: list, problems: mock.problems.map(located) }, null, 2)}\n`);
      else {
        const width = Math.max(...list.map((s) => s.provider.length + s.name.length + 1));
        for (const s of list) io.out(`${`${s.provider}/${s.name}`.padEnd(width + 2)}${s.description}\n`);
      }
      refuseBrokenScenarios(mock.problems, io, options.skipBrokenScenarios === true);
      io.exit(0);
    });
}
