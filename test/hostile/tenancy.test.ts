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
import { getAt, isObject } from '../../src/core/pointer.js';
import { createMock, type Mock } from '../../src/mock/mock.js';
import { type RunningServer, serve } from '../../src/node/server.js';
import { providerIds } from '../../src/providers/ids.js';
import { type Access, fillPath, type Target, targetsOf, withQuery } from './targets.js';

const RUNS = 400;
const ran: Record<string, number> = {};
/** Lists where B tried a page token A was given. */
let tokenCases = 0;
/** Headers that differ between any two requests. */
const PER_REQUEST = new Set(['date', 'x-request-id', 'content-length']);
/** A page token no tenant was given (base64url of "not-a-token"). */
const UNISSUED_TOKEN = 'bm90LWEtdG9rZW4';

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
  console.log(`tenant isolation: ${Object.values(ran).reduce((a, b) => a + b, 0)} cases, ${tokenCases} with a foreign page token (${Object.entries(ran).map(([k, n]) => `${k} ${n}`).join(', ')})`);
});

const pick = <T>(list: readonly T[], n: number): T => list[n % list.length] as T;

/** What B sees, with the request id and the ids asked about replaced by placeholders. */
interface Seen {
  status: number;
  headers: Array<[string, string]>;
  body: string;
}

/** Replaces every occurrence of each secret-ish text (an id, a token) by its placeholder. */
function mask(text: string, marks: Array<[string | undefined | null, string]>): string {
  let out = text;
  for (const [value, placeholder] of marks) if (value) out = out.split(value).join(placeholder);
  return out;
}

async function send(target: Target, op: Operation, id: string | undefined, access: Access, query: string, token?: string): Promise<Seen & { raw: string }> {
  const body = target.bodyOf(op);
  const response = await fetch(`${server.origin}${target.prefix}${withQuery(fillPath(op.path, id === undefined ? [] : [encodeURIComponent(id)]), target.queryOf(op, access), query)}`, {
    method: op.method,
    headers: [...access.headers, ...(body !== undefined ? [['content-type', 'application/json'] as [string, string]] : [])],
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const raw = await response.text();
  const marks: Array<[string | undefined | null, string]> = [[response.headers.get('x-request-id'), '<request id>'], [id, '<id>'], [id && encodeURIComponent(id), '<id>'], [token, '<token>']];
  const kept = [...response.headers].filter(([name]) => !PER_REQUEST.has(name)).map(([name, value]): [string, string] => [name, mask(value, marks)]).sort(([a], [b]) => a.localeCompare(b));
  return { status: response.status, headers: kept, body: mask(raw, marks), raw };
}

const seen = ({ status, headers, body }: Seen): Seen => ({ status, headers, body });

/** Everything about a stored job that B's requests could change. */
function snapshot(target: Target, id: string): string {
  const provider = mock.providers.get(target.id);
  const job = provider?.store.get(id);
  if (!provider || !job) return 'gone';
  return JSON.stringify({ render: provider.render(job), actions: job.actions.length, polls: job.polls, jobs: provider.store.size });
}

/** Where a token-paged list answer puts `{{nextToken}}` (a JSON Pointer), from the operation's x-job-mock. */
function nextTokenPointer(op: Operation): string | undefined {
  const walk = (value: unknown, at: string): string | undefined => {
    if (value === '{{nextToken}}') return at;
    if (!isObject(value)) return undefined;
    for (const [key, inner] of Object.entries(value)) {
      const found = walk(inner, `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  const mockOf = isObject(op.mock) ? op.mock : {};
  return isObject(mockOf.answer) ? walk(mockOf.answer.body, '') : undefined;
}

/** The token paging of a list operation: its size and token parameters, and where the next token lands. */
function tokenPaging(op: Operation): { size: string; token: string; next: string } | undefined {
  const page = isObject(op.mock) && isObject(op.mock.page) ? op.mock.page : undefined;
  const next = nextTokenPointer(op);
  return page?.style === 'token' && next !== undefined ? { size: String(page.size), token: String(page.token), next } : undefined;
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
      query: fc.constantFrom('', '', '?since=0', '?since=3', '?limit=1', '?limit=2&offset=1', '?pageSize=1', '?status=completed', '?projectId=proj_A3sJ9fX2KkQw7mNpRt5vYbZc', '?job_type=TRY_ON', '?filter=done%3Dtrue'),
      token: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(isolationCase, async (c) => {
        const target = pick(targets, c.provider);
        const provider = mock.providers.get(target.id);
        if (!provider) throw new Error(target.id);
        const scenario = pick([...provider.scenarios.keys()].sort(), c.scenario);
        const other = c.owner === 'acme' ? 'globex' : 'acme';
        const credential = pick(target.byTenant[other] ?? [], c.credential);
        const ops = target.ops.filter((o) => o.role !== 'createJob');
        const op = pick(ops, c.op);
        ran[`${target.id} ${op.role}`] = (ran[`${target.id} ${op.role}`] ?? 0) + 1;
        mock.clock.advance(c.advanceMs);

        if (op.role === 'listJobs') {
          const before = await send(target, op, undefined, credential, c.query);
          const job = mock.createJob(target.id, scenario, c.owner);
          const after = await send(target, op, undefined, credential, c.query);
          expect(seen(after), `${target.id} ${op.operationId}${c.query} after ${c.owner} created ${job.id}`).toEqual(seen(before));
          expect(after.raw).not.toContain(job.id);
          const paging = tokenPaging(op);
          if (paging && c.token) {
            // A page token A was given is as unknown to B as one nobody was given; B's own works.
            const tokenOf = async (access: Access) => getAt(JSON.parse((await send(target, op, undefined, access, `?${paging.size}=1`)).raw), paging.next);
            const owners = await tokenOf(target.tenants[c.owner] as Access);
            const mine = await tokenOf(credential);
            tokenCases++;
            expect(typeof owners, `${target.id}: ${c.owner} has two jobs, so a first page of one has a next token`).toBe('string');
            const foreign = await send(target, op, undefined, credential, `?${paging.token}=${encodeURIComponent(String(owners))}`, String(owners));
            const unknown = await send(target, op, undefined, credential, `?${paging.token}=${UNISSUED_TOKEN}`, UNISSUED_TOKEN);
            expect(seen(foreign), `${target.id} ${op.operationId} with ${c.owner}'s page token`).toEqual(seen(unknown));
            expect(foreign.status).toBeGreaterThanOrEqual(400);
            if (typeof mine === 'string') expect((await send(target, op, undefined, credential, `?${paging.token}=${encodeURIComponent(mine)}`)).status).toBe(200);
          }
          return;
        }

        const job = mock.createJob(target.id, scenario, c.owner);
        if (c.token) mock.clock.advance(c.advanceMs);
        const missing = provider.unusedId();
        const kept = snapshot(target, job.id);
        const foreign = await send(target, op, job.id, credential, c.query);
        const unknown = await send(target, op, missing, credential, c.query);
        const where = `${target.id} ${op.method} ${op.path}${c.query} with ${credential.label}, ${c.owner}'s ${scenario} job`;
        expect(seen(foreign), where).toEqual(seen(unknown));
        expect(foreign.status, where).toBeGreaterThanOrEqual(400);
        expect(snapshot(target, job.id), `${where}: the job changed`).toBe(kept);
      }),
      { numRuns: RUNS },
    );
  });
});

it('covers every operation but create of all seven built-in providers', () => {
  expect(new Set(targets.map((t) => t.id))).toEqual(new Set(providerIds));
  const roles = new Set(targets.flatMap((t) => t.ops.filter((o) => o.role !== 'createJob').map((o) => `${t.id} ${o.role}`)));
  expect(new Set(Object.keys(ran))).toEqual(roles);
  expect(tokenCases, 'foreign page tokens tried').toBeGreaterThan(0);
});
