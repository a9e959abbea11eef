import { beforeAll, describe, expect, it } from 'vitest';
import { checkJobs } from '../../src/check/index.js';
import { providerIds } from '../../src/providers/ids.js';
import { actionBodies, type OpenMock, openMock } from '../helpers/drive.js';
import { withResponder } from './mock-fixture.js';

// A poll-clock mock behind checkJobs' injected fetch: each GET of a job moves it one step.
let drive: OpenMock;
beforeAll(() => {
  drive = openMock({ clock: 'poll', seed: 'check-scenarios' });
});
const respondBodies = Object.fromEntries(Object.entries(actionBodies).map(([id, bodies]) => [id, bodies?.respondToJob]));

/** Scenarios that never end by themselves: they must report exactly a timeout. */
const neverEnds = new Set(['stuck', 'scenario/canceled']);

describe.each(providerIds)('%s: every built-in scenario, checked against the mock', (provider) => {
  it('checks clean, except the scenarios built to show a fault, which report exactly it', async () => {
    const p = drive.info(provider);
    const jobs = p.jobs.filter((j) => j.tenant === 'acme');
    expect(jobs.length).toBeGreaterThanOrEqual(5);
    const report = await checkJobs({
      provider,
      baseUrl: p.baseUrl,
      jobs: jobs.map((j) => j.id),
      headers: drive.headers(provider, 'acme'),
      otherTenantHeaders: drive.headers(provider, 'globex'),
      intervalMs: 0,
      maxPolls: 25,
      sleep: async () => {},
      fetch: withResponder(drive, respondBodies),
    });
    for (const job of report.jobs) {
      const scenario = jobs.find((j) => j.id === job.id)?.scenario as string;
      const found = job.findings.map((f) => `${f.severity} ${f.code} ${f.rule} ${f.status ?? ''}`.trim());
      if (neverEnds.has(scenario) || neverEnds.has(`${provider}/${scenario}`)) {
        expect(found, scenario).toEqual(['violation timeout max-polls']);
        expect(job.terminal).toBe(false);
      } else if (scenario === 'flaky') {
        expect(found.sort(), scenario).toEqual(['warning transport retried 429', 'warning transport retried 503']);
        expect(job.terminal).toBe(true);
      } else {
        expect(found, scenario).toEqual([]);
        expect(job.terminal, scenario).toBe(true);
      }
      expect(job.polls).toBeGreaterThan(1);
    }
    expect(report.probes.map((pr) => pr.name)).toEqual(['auth', 'unknown-id', 'malformed-id', ...jobs.map(() => 'tenant')]);
    expect(report.probes.flatMap((pr) => pr.findings)).toEqual([]);
    expect(report.summary.violations).toBe(jobs.filter((j) => neverEnds.has(j.scenario) || neverEnds.has(`${provider}/${j.scenario}`)).length);
  });
});
