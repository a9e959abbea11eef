/** Issue 12, wrong verdicts: a broken staging server must never pass. */
import { describe, expect, it } from 'vitest';
import { checkJobs } from '../../src/check/index.js';
import { compareAnswers, perRequestOf } from '../../src/check/compare.js';
import type { Answer } from '../../src/check/transport.js';
import { fakeStaging, fixture, json, notFound, notStarted, OTHER, running, success, unauthorized } from './fake-staging.js';

const codes = (findings: Array<{ code: string; rule: string }>) => findings.map((f) => `${f.code} ${f.rule}`);

describe('a job that vanishes or never ends does not pass', () => {
  it.each([404, 401, 403])('seen NOT_STARTED, IN_PROGRESS, then %i forever: job-vanished', async (status) => {
    const gone = { 404: () => notFound(), 401: () => unauthorized(), 403: () => json(403, fixture('error-403')) }[status] as () => Response;
    const server = fakeStaging({ poll: (n) => (n === 1 ? json(200, notStarted) : n === 2 ? json(200, running) : gone()) });
    const report = await checkJobs({ ...server.options, probes: false });
    expect(codes(report.jobs[0]?.findings ?? [])).toEqual(['job-vanished vanished']);
    expect(report.jobs[0]?.error).toBeNull();
    expect(report.summary.violations).toBe(1);
  });

  it('a job that stops answering usably (three resets in a row) is job-unfinished, besides the transport findings', async () => {
    const server = fakeStaging({ poll: (n) => (n === 1 ? json(200, running) : Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } }))) });
    const report = await checkJobs({ ...server.options, probes: false });
    expect(codes(report.jobs[0]?.findings ?? []).sort()).toEqual(['job-unfinished gave-up', 'transport reset']);
  });
});

describe('the tenant probe', () => {
  const tenant = (report: Awaited<ReturnType<typeof checkJobs>>) => report.probes.filter((p) => p.name === 'tenant');
  const run = (answers: Parameters<typeof fakeStaging>[0]) => {
    const server = fakeStaging(answers);
    return checkJobs({ ...server.options, otherTenantHeaders: { Authorization: OTHER }, probes: { skip: ['auth', 'unknown-id', 'malformed-id'] } });
  };

  it.each([
    ['a 500', () => json(500, { detail: 'boom' })],
    ['an HTML page', () => new Response('<html>maintenance</html>', { status: 200, headers: { 'content-type': 'text/html' } })],
  ])('the job served to another tenant is a leak even when the reference gets %s', async (_name, reference) => {
    const report = await run({ foreign: () => json(200, success), unknown: (_n, who) => (who === 'other' ? reference() : notFound()) });
    const probe = tenant(report)[0];
    expect(probe?.ok).toBe(false);
    expect(codes(probe?.findings ?? [])).toContain('tenant-leak tenant');
    expect(report.summary.violations).toBeGreaterThan(0);
  });

  it('a reference that cannot be compared is a finding, never "ok"', async () => {
    const report = await run({ foreign: () => notFound(), unknown: (_n, who) => (who === 'other' ? json(500, { detail: 'boom' }) : notFound()) });
    const probe = tenant(report)[0];
    expect(probe?.ok).toBe(false);
    expect(codes(probe?.findings ?? [])).toEqual(['not-found-probe tenant-reference']);
  });

  it('headers an unknown id lacks (ETag, Set-Cookie) are a leak, named', async () => {
    for (const header of ['etag', 'set-cookie', 'last-modified']) {
      const report = await run({ foreign: () => notFound({ [header]: 'W/"1"' }) });
      expect(tenant(report)[0]?.findings.map((f) => f.pointer), header).toEqual([`header:${header}`]);
    }
  });

  it('a random per-request field in the 404 body is not a leak; a field only the foreign answer has is', async () => {
    const code = (n: number) => json(404, { error: { code: 'JOB_NOT_FOUND', message: `Job not found (support code SC-${n}${n * 7919}).`, request_id: '01JWQYQ0M8YK77KQ95MD0M0B8W' } });
    let calls = 0;
    const clean = await run({ foreign: () => code(++calls + 100), unknown: () => code(++calls) });
    expect(tenant(clean)[0]?.findings).toEqual([]);
    const leaky = await run({ foreign: () => json(404, { error: { code: 'JOB_NOT_FOUND', message: 'Job not found.', request_id: '01JWQYQ0M8YK77KQ95MD0M0B8W', owner: 'acme' } }) });
    expect(tenant(leaky)[0]?.findings.filter((f) => f.code === 'tenant-leak').map((f) => f.pointer)).toEqual(['/error/owner']);
  });
});

describe('per-request headers', () => {
  const answer = (headers: Record<string, string>): Answer => ({ url: 'http://x', status: 404, headers: new Headers({ 'content-type': 'application/json', ...headers }), contentType: 'application/json', text: '{"detail":"Not found."}', bytes: 0, elapsedMs: 0 });
  it('a header whose value differs between two requests for the same unknown id is compared by presence only', () => {
    const [first, second] = [answer({ 'x-support': 'S-1' }), answer({ 'x-support': 'S-2' })];
    const perRequest = perRequestOf(first, second, 'B');
    expect(compareAnswers(answer({ 'x-support': 'S-9' }), 'A', first, 'B', perRequest)).toBeUndefined();
    expect(compareAnswers(answer({}), 'A', first, 'B', perRequest)).toMatchObject({ pointer: 'header:x-support', actual: '(absent)' });
    expect(compareAnswers(answer({ 'x-support': 'S-9' }), 'A', first, 'B')).toMatchObject({ pointer: 'header:x-support' });
  });
});

describe('__proto__ in server JSON is compared like any key', () => {
  const answer = (text: string): Answer => ({ url: 'http://x', status: 404, headers: new Headers({ 'content-type': 'application/json' }), contentType: 'application/json', text, bytes: 0, elapsedMs: 0 });
  it('a "__proto__" member only the foreign answer has is a difference', () => {
    const foreign = answer('{"detail":"Not found.","__proto__":{"owner":"acme"}}');
    const unknown = answer('{"detail":"Not found."}');
    expect(compareAnswers(foreign, 'A', unknown, 'B')?.pointer).toBe('/__proto__');
  });
});

describe('not-found probes', () => {
  it('a 404 that is not the documented 404 fails the probe, not only the schema', async () => {
    const server = fakeStaging({ unknown: () => json(404, { message: 'nope' }) });
    const report = await checkJobs({ ...server.options, probes: { skip: ['auth', 'malformed-id', 'tenant'] } });
    const probe = report.probes.find((p) => p.name === 'unknown-id');
    expect(probe?.ok).toBe(false);
    expect(probe?.findings.map((f) => f.code)).toEqual(expect.arrayContaining(['schema', 'not-found-probe']));
  });
});
