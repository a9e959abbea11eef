import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMock, type Mock, type ProviderInfo } from '../../src/mock/mock.js';
import { type RunningServer, serve } from '../../src/node/server.js';
import { providerIds } from '../../src/providers/ids.js';
import { runToEnd } from '../helpers/drive.js';

let mock: Mock;
let server: RunningServer;
let info: ProviderInfo[];

beforeAll(async () => {
  mock = await createMock({ clock: 'manual', seed: 'scenarios-test' });
  server = await serve(mock.handle, { port: 0 });
  info = mock.describe(server.origin);
});
afterAll(async () => {
  await server?.close();
});

const builtIn: Record<string, string[]> = {
  common: ['happy-path', 'failure', 'slow', 'stuck', 'flaky'],
  aisquare: ['event-stream'],
  figur: ['intermediate-artifacts', 'canceled'],
  osapi: ['broadcast-partial-failure', 'retried'],
  'cata-pos': ['needs-clarification', 'retries-exhausted'],
  scenario: ['workflow', 'warming-up', 'canceled'],
};

describe('built-in scenarios', () => {
  it('load without problems, and every provider has its built-ins', () => {
    expect(mock.problems.map((p) => p.message)).toEqual([]);
    for (const id of providerIds) {
      const names = [...(mock.providers.get(id)?.scenarios.keys() ?? [])];
      for (const name of [...(builtIn.common as string[]), ...(builtIn[id] ?? [])]) expect(names, `${id}/${name}`).toContain(name);
    }
  });
});

describe.each(providerIds)('%s: every scenario run to its end over HTTP', (provider) => {
  it('answers only valid responses and keeps its lifecycle', async () => {
    const p = info.find((x) => x.id === provider) as ProviderInfo;
    const names = [...(mock.providers.get(provider)?.scenarios.keys() ?? [])];
    expect(names.length).toBeGreaterThanOrEqual(5);
    for (const scenario of names) {
      const job = mock.createJob(provider, scenario, 'acme');
      const run = await runToEnd(mock, p, job.id);
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
