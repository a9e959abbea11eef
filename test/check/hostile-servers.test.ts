import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkJobs, renderJson, renderJunit, renderPretty } from '../../src/check/index.js';
import { type HostileKind, type HostileServers, startHostileServers } from './hostile-servers.js';

const CANARY = 'sk_test_CANARY_hostile_5e1f0c9a7b3d';
const JOB = '01JWQYPTRR9R336K6AF10Q87SD';
let servers: HostileServers;
beforeAll(async () => {
  servers = await startHostileServers();
});
afterAll(async () => {
  await servers?.close();
});

const cases: Array<[HostileKind, string[]]> = [
  ['slowloris', ['timeout']],
  ['endless', ['timeout', 'too-large']],
  // Probes and polls now run side by side (--concurrency): on a busy machine a capped read may hit the 200 ms first.
  ['huge', ['too-large', 'timeout']],
  ['huge-chunked', ['too-large', 'timeout']],
  ['json-bomb', ['json-depth']],
  ['redirect-loop', ['redirects']],
  ['close-mid-body', ['closed-mid-body']],
  ['html', ['not-json']],
];

describe('check against hostile servers', () => {
  it.each(cases)('%s: ends within its timeouts, bounded, reports only transport findings', async (kind, rules) => {
    const started = Date.now();
    const heapBefore = process.memoryUsage().heapUsed;
    const report = await checkJobs({
      provider: 'figur',
      baseUrl: servers.baseUrl(kind),
      jobs: [JOB],
      headers: { Authorization: `Bearer ${CANARY}` },
      requestTimeoutMs: 200,
      maxBodyBytes: 1024 * 1024,
      intervalMs: 0,
      maxPolls: 5,
      retries: 0,
      sleep: async () => {},
    });
    const elapsed = Date.now() - started;
    // The reachability check, 3 probes and at most 3 polls (given up after 3 failures in a row), each bounded by 200 ms.
    expect(elapsed).toBeLessThan(7 * 200 + 1500);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024);
    const findings = [...report.jobs.flatMap((j) => j.findings), ...report.probes.flatMap((p) => p.findings)];
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      // The job never answered: besides the transport findings, it is reported as never finished.
      if (f.code === 'job-unfinished') {
        expect(f.rule).toBe('never-seen');
        continue;
      }
      expect(f.code, f.message).toBe('transport');
      expect(rules, f.message).toContain(f.rule);
    }
    expect(report.jobs[0]?.findings.filter((f) => f.code === 'job-unfinished')).toHaveLength(1);
    expect(report.jobs[0]?.polls).toBeLessThanOrEqual(3);
    for (const text of [renderJson(report), renderJunit(report), renderPretty(report, { color: true })]) expect(text).not.toContain(CANARY);
  });

  it('never reads the 200 MB bodies: the servers wrote far less than they offered', () => {
    expect(servers.bytesWritten()).toBeLessThan(64 * 1024 * 1024);
  });
});
