import { describe, expect, it } from 'vitest';
import { ConfigError, JobContractsError, UsageError } from '../../src/errors/index.js';
import { createMock } from '../../src/mock/mock.js';
import { createJobHandlers } from '../../src/msw/index.js';
import { cli } from '../helpers/cli.js';

describe('misuse and bad configuration throw from the error hierarchy (exit 2 in the CLI, never the exit-70 bug path)', () => {
  it.each([
    ['mount root with two providers', () => createMock({ clock: 'manual', mount: 'root', providers: ['figur', 'osapi'] }), ConfigError, /exactly one provider/],
    ['maxJobs 0', () => createMock({ clock: 'manual', providers: ['figur'], maxJobs: 0 }), ConfigError, /maxJobs \(--max-jobs\) must be at least 1/],
    ['a job for a provider the mock does not serve', () => createMock({ clock: 'manual', providers: ['figur'] }).createJob('osapi', 'happy-path'), UsageError, /osapi is not served.*Served: figur/],
    ['a scenario that does not exist', () => createMock({ clock: 'manual', providers: ['figur'] }).createJob('figur', 'nope'), ConfigError, /figur has no scenario "nope"/],
    ['an MSW job id that does not exist', () => createJobHandlers({ provider: 'figur', clock: 'manual' }).job('nope'), UsageError, /no figur job nope/],
    ['an MSW job id used twice', () => {
      const h = createJobHandlers({ provider: 'figur', clock: 'manual' });
      h.createJob('happy-path', { id: '01JZZZZZZZZZZZZZZZZZZZZZZZ' });
      h.createJob('happy-path', { id: '01JZZZZZZZZZZZZZZZZZZZZZZZ' });
    }, UsageError, /exists already/],
  ] as const)('%s', (_name, act, kind, message) => {
    let thrown: unknown;
    try {
      act();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(kind);
    expect(thrown).toBeInstanceOf(JobContractsError);
    expect((thrown as Error).message).toMatch(message);
  });

  it.each([
    [['mock', '--max-jobs', '0']],
    [['generate', '--spec', '/nowhere/spec.yaml']],
    [['scenarios', '--scenarios', '/nowhere']],
    [['validate', '--provider', 'figur', '--operation', 'nope', '/dev/null']],
  ])('%j exits 2 with one line, no stack', async (args) => {
    const out = await cli(args);
    expect(out.code, out.stderr).toBe(2);
    expect(out.stderr).not.toMatch(/report this as a bug|\n\s+at /);
  });
});
