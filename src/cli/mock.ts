import type { Command } from 'commander';
import { CliUsageError } from './io.js';

/** `job-contracts mock`: not built yet — says so and exits 2 rather than faking it. */
export function registerMock(program: Command): void {
  program
    .command('mock')
    .description('serve scenario-scripted mock servers for every provider (not built yet)')
    .allowUnknownOption()
    .action(() => {
      throw new CliUsageError('the mock server is not there yet (see issue "npm run mock"). Nothing was started.');
    });
}
