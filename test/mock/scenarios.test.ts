import { beforeAll, describe, expect, it } from 'vitest';
import { providerIds } from '../../src/providers/ids.js';
import { type OpenMock, openMock, runToEnd } from '../helpers/drive.js';

let drive: OpenMock;
beforeAll(() => {
  drive = openMock({ seed: 'scenarios-test' });
});

/** The scenarios each provider ships: the common ones, and its own. */
const common = ['happy-path', 'failure', 'slow', 'flaky'];
const builtIn: Record<string, string[]> = {
  aisquare: ['stuck', 'event-stream'],
  figur: ['stuck', 'intermediate-artifacts', 'canceled'],
  osapi: ['stuck', 'broadcast-partial-failure', 'retried'],
  'cata-pos': ['stuck', 'needs-clarification', 'retries-exhausted'],
  scenario: ['stuck', 'workflow', 'warming-up', 'canceled'],
  azure: ['canceled'],
  google: ['stuck', 'canceled'],
};

describe('built-in scenarios', () => {
  it('load without problems, and every provider has its built-ins', () => {
    expect(drive.mock.problems.map((p) => p.message)).toEqual([]);
    expect(Object.keys(builtIn).sort()).toEqual([...providerIds].sort());
    for (const id of providerIds) {
      const names = [...(drive.mock.providers.get(id)?.scenarios.keys() ?? [])];
      for (const name of [...common, ...(builtIn[id] ?? [])]) expect(names, `${id}/${name}`).toContain(name);
    }
  });
});

describe.each(providerIds)('%s: every scenario run to its end over HTTP', (provider) => {
  it('answers only valid responses and keeps its lifecycle', async () => {
    const names = [...(drive.mock.providers.get(provider)?.scenarios.keys() ?? [])];
    expect(names.length).toBeGreaterThanOrEqual(5);
    for (const scenario of names) {
      const job = drive.mock.createJob(provider, scenario, 'acme');
      const run = await runToEnd(drive, provider, job.id);
      const issues = run.observed.flatMap((o) => o.issues.map((i) => `${scenario} ${o.operation} ${o.status} ${i.message}`));
      const violations = run.observed.flatMap((o) => o.violations.map((v) => `${scenario} ${v.message}`));
      expect(issues).toEqual([]);
      expect(violations).toEqual([]);
      expect(run.observed.length).toBeGreaterThan(1);
      if (scenario === 'stuck') expect(run.terminal, `${scenario} must not finish`).toBe(false);
      else if (scenario !== 'canceled') expect(run.terminal, `${scenario} must finish`).toBe(true);
      if (scenario === 'flaky') {
        const statuses = run.observed.map((o) => o.status);
        expect(statuses).toContain(503);
        expect(statuses).toContain(429);
      }
    }
  });
});
