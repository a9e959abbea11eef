import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkJobs, type CheckOptions } from '../../src/check/index.js';
import { createTracker } from '../../src/check/tracker.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/figur/${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
const running = fixture('get-job-200-in-progress');
const success = fixture('get-job-200-success');
const JOB = running.public_id as string;

/** A fake staging server (no socket) and a fake clock that moves only when the checker sleeps. */
function fakeServer(answer: (poll: number, url: string) => Response) {
  let clock = 0;
  let polls = 0;
  const slept: number[] = [];
  const fetch = (async (url: string, init: RequestInit = {}) => {
    const own = new Headers(init.headers).get('authorization') === 'Bearer k' && url.endsWith(JOB);
    if (!own) return new Response(JSON.stringify({ error: { code: 'JOB_NOT_FOUND', message: 'not found', request_id: '01JWQYPTRR9R336K6AF10Q87SD' } }), { status: new Headers(init.headers).has('authorization') ? 404 : 401, headers: { 'content-type': 'application/json' } });
    return answer(++polls, url);
  }) as unknown as typeof globalThis.fetch;
  const options: Partial<CheckOptions> = { fetch, now: () => clock, sleep: async (ms) => void (slept.push(ms), (clock += ms)), probes: false };
  return { options, slept, polls: () => polls };
}
const body = (value: unknown, headers: Record<string, string> = {}) => new Response(JSON.stringify(value), { status: 200, headers: { 'content-type': 'application/json', ...headers } });
const base = { provider: 'figur', baseUrl: 'https://staging.figur.test', jobs: [JOB], headers: { Authorization: 'Bearer k' } };

describe('polling', () => {
  it('reports a timeout when the job is not terminal in time, waiting the interval between polls', async () => {
    const server = fakeServer(() => body(running));
    const report = await checkJobs({ ...base, ...server.options, intervalMs: 1000, timeoutMs: 5000 });
    const job = report.jobs[0];
    expect(job?.findings.map((f) => `${f.code} ${f.rule}`)).toEqual(['timeout timeout']);
    expect(job?.polls).toBe(6);
    expect(server.slept).toEqual([1000, 1000, 1000, 1000, 1000]);
  });

  it('honours a Retry-After on a poll answer, capped by maxBackoffMs', async () => {
    const server = fakeServer((poll) => (poll < 3 ? body(running, { 'retry-after': poll === 1 ? '3' : '600' }) : body(success)));
    const report = await checkJobs({ ...base, ...server.options, intervalMs: 1000, maxBackoffMs: 10_000 });
    expect(server.slept).toEqual([3000, 10_000, 1000]);
    expect(report.jobs[0]?.terminal).toBe(true);
  });

  it('polls terminalPolls more times after a terminal state (default 1), and 0 stops at once', async () => {
    const one = fakeServer((poll) => body(poll < 2 ? running : success));
    await checkJobs({ ...base, ...one.options, intervalMs: 0 });
    expect(one.polls()).toBe(3);
    const none = fakeServer((poll) => body(poll < 2 ? running : success));
    await checkJobs({ ...base, ...none.options, intervalMs: 0, terminalPolls: 0 });
    expect(none.polls()).toBe(2);
  });

  it('a job that is not found on the first poll is a configuration error, not a violation', async () => {
    const server = fakeServer(() => new Response(JSON.stringify({ error: { code: 'JOB_NOT_FOUND', message: 'Job not found.', request_id: '01JWQYPTRR9R336K6AF10Q87SD' } }), { status: 404, headers: { 'content-type': 'application/json' } }));
    const report = await checkJobs({ ...base, ...server.options, intervalMs: 0 });
    expect(report.jobs[0]?.error).toMatch(/answered 404 on the first poll/);
    expect(report.summary).toMatchObject({ errors: 1, violations: 0 });
  });

  it('keeps at most `concurrency` jobs in flight, and a shard checks only its slice', async () => {
    let inFlight = 0;
    let most = 0;
    const fetch = (async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight--;
      return body(success);
    }) as unknown as typeof globalThis.fetch;
    const jobs = ['01JWQYPTRR9R336K6AF10Q87S1', '01JWQYPTRR9R336K6AF10Q87S2', '01JWQYPTRR9R336K6AF10Q87S3', '01JWQYPTRR9R336K6AF10Q87S4', '01JWQYPTRR9R336K6AF10Q87S5'];
    const report = await checkJobs({ ...base, jobs, fetch, probes: false, intervalMs: 0, concurrency: 2 });
    expect(most).toBe(2);
    expect(report.jobs).toHaveLength(5);
    const shard = await checkJobs({ ...base, jobs, fetch, probes: false, intervalMs: 0, shard: { index: 2, total: 2 } });
    expect(shard.jobs.map((j) => j.id)).toEqual([jobs[1], jobs[3]]);
  });
});

describe('the lifecycle tracker', () => {
  const lifecycle = { envelope: '', status: '/status', initial: ['queued'], terminal: ['done'], transitions: { queued: ['running', 'done'], running: ['done'] }, invariants: [] };

  it('reports a timestamp that goes back, outside arrays, once per pointer', () => {
    const tracker = createTracker(lifecycle);
    expect(tracker.observe({ status: 'queued', startedAt: '2026-01-01T00:00:10Z', log: [{ at: '2026-01-01T00:00:09Z' }] }).violations).toEqual([]);
    const back = tracker.observe({ status: 'running', startedAt: '2026-01-01T00:00:05Z', log: [{ at: '2026-01-01T00:00:01Z' }] }).violations;
    expect(back.map((v) => `${v.code} ${v.rule} ${v.pointer}`)).toEqual(['lifecycle-monotonic timestamp /startedAt']);
  });

  it('reports an illegal transition and a changed terminal state', () => {
    const tracker = createTracker(lifecycle);
    tracker.observe({ status: 'running' });
    expect(tracker.observe({ status: 'queued' }).violations.map((v) => v.code)).toEqual(['lifecycle-transition']);
    const t2 = createTracker(lifecycle);
    expect(t2.observe({ status: 'done' }).terminal).toBe(true);
    expect(t2.observe({ status: 'running' }).violations.map((v) => v.code)).toEqual(['lifecycle-terminal-changed']);
  });
});
