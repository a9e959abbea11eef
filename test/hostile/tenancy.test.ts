/**
 * Tenant isolation as a property: for random providers, scenarios, owners, clock positions and
 * credentials of the other tenant (every scope), no answer to tenant B says anything about
 * tenant A's job on any operation (get, list, events, cancel, respond, retry, delete). B's answer
 * about A's job equals B's answer about an id that never existed — status, headers and body,
 * per-request ids aside — and B's lists are the same before and after A's job exists. A's job
 * is left exactly as it was.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Operation } from '../../src/contracts/spec.js';
import { createRandom } from '../../src/core/random.js';
import { createMock, type Mock } from '../../src/mock/mock.js';
import { type RunningServer, serve } from '../../src/node/server.js';
import { encodePageToken } from '../../src/providers/scenario-handlers.js';
import { fillPath, type Target, targetsOf, validBodyOf } from './targets.js';

const RUNS = 400;
const ran: Record<string, number> = {};
/** Headers that differ between any two requests. */
const PER_REQUEST = new Set(['date', 'x-request-id', 'content-length']);

let mock: Mock;
let server: RunningServer;
let targets: Target[];

beforeAll(async () => {
  mock = createMock({ clock: 'manual', seed: 'tenancy' });
  server = await serve(mock.handle, { port: 0 });
  targets = targetsOf(mock);
});
afterAll(async () => {
  await server?.close();
  console.log(`tenant isolation: ${Object.values(ran).reduce((a, b) => a + b, 0)} cases (${Object.entries(ran).map(([k, n]) => `${k} ${n}`).join(', ')})`);
});

const pick = <T>(list: readonly T[], n: number): T => list[n % list.length] as T;

/** What B sees, with per-request ids and the id asked about replaced by placeholders. */
interface Seen {
  status: number;
  headers: Array<[string, string]>;
  body: string;
}

async function send(target: Target, op: Operation, id: string | undefined, headers: Record<string, string>, query: string): Promise<Seen & { raw: string }> {
  const body = validBodyOf(op);
  const response = await fetch(`${server.origin}${target.prefix}${fillPath(op.path, id === undefined ? [] : [encodeURIComponent(id)])}${query}`, {
    method: op.method,
    headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const raw = await response.text();
  let text = raw;
  try {
    text = JSON.stringify(JSON.parse(raw), (key, value) => (key === 'request_id' ? '<request id>' : value));
  } catch {
    // not JSON: compared as text
  }
  if (id !== undefined) text = text.split(id).join('<id>');
  const kept = [...response.headers].filter(([name]) => !PER_REQUEST.has(name)).sort(([a], [b]) => a.localeCompare(b));
  return { status: response.status, headers: kept, body: text, raw };
}

const seen = ({ status, headers, body }: Seen): Seen => ({ status, headers, body });

/** An id of the provider's format that no job has. */
function neverCreated(target: Target, n: number): string {
  const provider = mock.providers.get(target.id);
  const random = createRandom(`never-created:${n}`);
  for (let i = 0; ; i++) {
    const id = provider?.adapter.newJobId(random.child(String(i)), 9_000_000 + n + i, mock.clock.now()) as string;
    if (!provider?.store.get(id)) return id;
  }
}

/** Everything about a stored job that B's requests could change. */
function snapshot(target: Target, id: string): string {
  const provider = mock.providers.get(target.id);
  const job = provider?.store.get(id);
  if (!provider || !job) return 'gone';
  return JSON.stringify({ render: provider.render(job), actions: job.actions.length, polls: job.polls, jobs: provider.store.size });
}

describe('tenant isolation', () => {
  it('tenant B learns nothing about tenant A\'s jobs, on every operation of every provider', async () => {
    const isolationCase = fc.record({
      provider: fc.nat(),
      scenario: fc.nat(),
      owner: fc.constantFrom('acme', 'globex'),
      credential: fc.nat(),
      op: fc.nat(),
      advanceMs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 20 * 60_000 })),
      query: fc.constantFrom('', '', '?since=0', '?since=3', '?limit=1', '?limit=2&offset=1', '?pageSize=1', '?status=completed', '?projectId=proj_A3sJ9fX2KkQw7mNpRt5vYbZc', '?job_type=TRY_ON'),
      token: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(isolationCase, async (c) => {
        const target = pick(targets, c.provider);
        const provider = mock.providers.get(target.id);
        if (!provider) throw new Error(target.id);
        const scenario = pick([...provider.scenarios.keys()].sort(), c.scenario);
        const other = c.owner === 'acme' ? 'globex' : 'acme';
        const credential = pick(provider.adapter.credentials.filter((x) => x.tenant === other), c.credential);
        const ops = target.ops.filter((o) => o.role !== 'createJob');
        const op = pick(ops, c.op);
        ran[`${target.id} ${op.role}`] = (ran[`${target.id} ${op.role}`] ?? 0) + 1;
        mock.clock.advance(c.advanceMs);

        if (op.role === 'listJobs') {
          // Scenario's page token names a job: A's job must be as unknown to B as a made-up one.
          const missing = neverCreated(target, c.scenario);
          const before = await send(target, op, undefined, credential.headers, c.query);
          const job = mock.createJob(target.id, scenario, c.owner);
          const after = await send(target, op, undefined, credential.headers, c.query);
          expect(seen(after), `${target.id} ${op.operationId}${c.query} after ${c.owner} created ${job.id}`).toEqual(seen(before));
          expect(after.raw).not.toContain(job.id);
          if (target.id === 'scenario' && c.token) {
            const foreign = await send(target, op, undefined, credential.headers, `?paginationToken=${encodePageToken(job.id)}`);
            const unknown = await send(target, op, undefined, credential.headers, `?paginationToken=${encodePageToken(missing)}`);
            expect(seen(foreign)).toEqual(seen(unknown));
          }
          return;
        }

        const job = mock.createJob(target.id, scenario, c.owner);
        if (c.token) mock.clock.advance(c.advanceMs);
        const missing = neverCreated(target, c.scenario);
        const kept = snapshot(target, job.id);
        const foreign = await send(target, op, job.id, credential.headers, c.query);
        const unknown = await send(target, op, missing, credential.headers, c.query);
        const where = `${target.id} ${op.method} ${op.path}${c.query} with ${credential.label}, ${c.owner}'s ${scenario} job`;
        expect(seen(foreign), where).toEqual(seen(unknown));
        expect(foreign.status, where).toBeGreaterThanOrEqual(400);
        expect(snapshot(target, job.id), `${where}: the job changed`).toBe(kept);
      }),
      { numRuns: RUNS },
    );
  });
});

it('covers every operation but create of all five providers', () => {
  const roles = new Set(targets.flatMap((t) => t.ops.filter((o) => o.role !== 'createJob').map((o) => `${t.id} ${o.role}`)));
  expect(new Set(Object.keys(ran))).toEqual(roles);
});
