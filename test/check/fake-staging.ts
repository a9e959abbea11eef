/**
 * A fake Figur staging server as a fetch function (no socket) and a manual clock that moves
 * only when the checker sleeps. Each kind of request can be answered by the test.
 */
import { readFileSync } from 'node:fs';
import type { CheckOptions } from '../../src/check/index.js';

export const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/figur/${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
export const running = fixture('get-job-200-in-progress');
export const notStarted = { ...running, status: 'NOT_STARTED', latest_event: null };
export const success = { ...fixture('get-job-200-success'), public_id: running.public_id, job_type: running.job_type, created_at: running.created_at, request: running.request };
export const JOB = running.public_id as string;
export const OWN = 'Bearer sk_test_OWN_tenant_key_0123456789';
export const OTHER = 'Bearer sk_test_OTHER_tenant_key_9876543210';

export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
let requestIds = 0;
/** Figur's documented 404, with a fresh request id each time. */
export const notFound = (headers: Record<string, string> = {}) =>
  json(404, { error: { code: 'JOB_NOT_FOUND', message: 'Job not found.', request_id: `01JWQYQ0M8YK77KQ95MD0M${String(++requestIds).padStart(4, '0')}` } }, headers);
export const unauthorized = () => json(401, { error: { code: 'UNAUTHORIZED', message: 'Missing or invalid API key.', request_id: '01JWQYPYNRCW8PSTCWYTZW9C29' } });

/** What each kind of request gets; `n` counts requests of that kind from 1. */
export interface Answers {
  poll?: (n: number) => Response | Promise<Response>;
  foreign?: (n: number) => Response | Promise<Response>;
  unknown?: (n: number, credentials: 'own' | 'other') => Response | Promise<Response>;
  create?: (n: number, body: unknown) => Response | Promise<Response>;
}

/** The fake server and clock; `options` go straight into checkJobs. */
export function fakeStaging(answers: Answers) {
  let clock = 0;
  const counts = { poll: 0, foreign: 0, unknown: 0, create: 0, total: 0 };
  const slept: number[] = [];
  const fetch = (async (url: string, init: RequestInit = {}) => {
    counts.total++;
    const auth = new Headers(init.headers).get('authorization');
    if (init.method === 'POST') return answers.create ? answers.create(++counts.create, JSON.parse(String(init.body))) : json(404, {});
    if (auth !== OWN && auth !== OTHER) return unauthorized();
    const mine = new URL(url).pathname.endsWith(`/${JOB}`);
    if (mine && auth === OWN) return answers.poll ? answers.poll(++counts.poll) : json(200, success);
    if (mine) return answers.foreign ? answers.foreign(++counts.foreign) : notFound();
    return answers.unknown ? answers.unknown(++counts.unknown, auth === OWN ? 'own' : 'other') : notFound();
  }) as unknown as typeof globalThis.fetch;
  const options = {
    provider: 'figur',
    baseUrl: 'https://staging.figur.test',
    jobs: [JOB],
    headers: { Authorization: OWN },
    fetch,
    now: () => clock,
    sleep: async (ms: number) => void (slept.push(ms), (clock += ms)),
    intervalMs: 1000,
  } satisfies CheckOptions;
  return { options, slept, counts, clock: () => clock, advance: (ms: number) => void (clock += ms) };
}
