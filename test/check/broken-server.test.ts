import { beforeAll, describe, expect, it } from 'vitest';
import { checkJobs, type Finding, findingCodes } from '../../src/check/index.js';
import { providerIds } from '../../src/providers/ids.js';
import { type BrokenServer, defects, startBrokenServer } from './broken-server.js';

let broken: BrokenServer;
beforeAll(() => {
  broken = startBrokenServer();
});

const probeOfKind = { 'no-credentials': 'auth', 'unknown-id': 'unknown-id', 'malformed-id': 'malformed-id' } as Record<string, string>;

describe('the broken server', () => {
  it('plants a defect of every finding code, across every provider', () => {
    expect(new Set(defects.map((d) => d.code))).toEqual(new Set(findingCodes));
    expect(new Set(defects.map((d) => d.provider))).toEqual(new Set(providerIds));
  });
});

describe.each(providerIds)('%s against the broken server', (provider) => {
  it('finds every planted defect with its code, and nothing else', async () => {
    const planted = defects.filter((d) => d.provider === provider);
    const scenarios = [...new Set(['happy-path', ...planted.map((d) => d.scenario).filter((s): s is string => s !== null)])];
    const jobs = scenarios.map((s) => broken.jobOf(provider, s));
    const p = broken.of(provider);
    const report = await checkJobs({
      provider,
      baseUrl: p.baseUrl,
      jobs,
      headers: broken.headersOf(provider, 'acme'),
      otherTenantHeaders: broken.headersOf(provider, 'globex'),
      intervalMs: 0,
      maxPolls: 20,
      retries: 1,
      requestTimeoutMs: 5_000,
      sleep: async () => {},
      fetch: broken.fetch,
    });
    const scenarioOf = (id: string | null) => p.jobs.find((j) => j.id === id)?.scenario ?? '-';
    const where = (f: Finding) => (f.probe !== null && f.probe !== 'tenant' ? f.probe : scenarioOf(f.job));
    const found = [...report.jobs.flatMap((j) => j.findings), ...report.probes.flatMap((pr) => pr.findings)].map((f) => `${where(f)} ${f.code} (${f.severity})`);
    const expected = planted.flatMap((d) => [d.code, ...(d.also ?? [])].map((code) => `${d.scenario ?? probeOfKind[d.kind]} ${code} (violation)`));
    expect(found.sort()).toEqual(expected.sort());
    expect(report.summary.violations).toBe(expected.length);
  });
});
