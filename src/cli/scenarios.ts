import type { Command } from 'commander';
import { createColors } from 'picocolors';
import type { CliIo } from './io.js';
import { addProviderOptions, pickProvider, resolveProviders, sourcesOf } from './providers-option.js';

/** `job-contracts scenarios`: the built-in (and extra) scenarios, one line each. */
export function registerScenarios(program: Command, io: CliIo): void {
  addProviderOptions(program.command('scenarios'))
    .description('list the scenarios each provider\'s mock can run')
    .option('--provider <id>', 'only this provider')
    .option('--json', 'print as JSON')
    .action(async (options: { provider?: string; scenarios?: string[]; spec?: string[]; json?: boolean }) => {
      const pc = createColors(io.color);
      const resolved = resolveProviders(options);
      const only = pickProvider(resolved, options.provider);
      const { createMock } = await import('../mock/mock.js');
      const mock = createMock({ providers: sourcesOf(resolved, only), seedJobs: false, clock: 'manual', scenarioDirs: resolved.scenarioDirs });
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
