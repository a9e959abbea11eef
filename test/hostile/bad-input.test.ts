/**
 * Property-based bad input against the running mock (node:http on 127.0.0.1, raw sockets):
 * every answer is a documented answer of the operation that took the request, or a clean JSON
 * 404/405 outside the specs (400/413/417/431 from the HTTP layer) — never a 5xx, a stack trace
 * or a dropped connection — and the mock keeps serving valid requests afterwards.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Operation } from '../../src/contracts/spec.js';
import { createMock, type Mock } from '../../src/mock/mock.js';
import { type RunningServer, serve } from '../../src/node/server.js';
import { providerIds } from '../../src/providers/ids.js';
import { anyMethod, hostileHeaderName, hostileHeaderValue, hostileQuery, hostileSegment, invalidUtf8, nest } from './arbitraries.js';
import { CASE_HEADER, judge } from './judge.js';
import { encodeRequest, type RawRequest, sendRaw } from './raw-http.js';
import { type Access, callOperation, fillPath, type Target, targetsOf, withQuery } from './targets.js';

const BODY_LIMIT = 64 * 1024;
const RUNS = { routes: 500, headers: 300, bodies: 400 };
const ran: Record<string, number> = {};
const answeredBy: Record<string, number> = {};

let mock: Mock;
let server: RunningServer;
let targets: Target[];

beforeAll(async () => {
  mock = createMock({ clock: 'manual', seed: 'hostile', bodyLimit: BODY_LIMIT });
  server = await serve(mock.handle, { port: 0 });
  targets = targetsOf(mock);
});
afterAll(async () => {
  await server?.close();
  const list = (counts: Record<string, number>) => Object.entries(counts).map(([k, n]) => `${k} ${n}`).join(', ');
  console.log(`hostile input: ${list(ran)} cases; answered by ${list(answeredBy)}`);
});

const pick = <T>(list: readonly T[], n: number): T => list[n % list.length] as T;
const index = (id: string) => targets.findIndex((t) => t.id === id);
const getJobOf = (target: Target) => target.ops.find((o) => o.role === 'getJob') as Operation;
/** A live job of the provider (any tenant), created on the spot when the store has none. */
function someJob(target: Target, n: number, tenant?: string): string {
  const jobs = mock.providers.get(target.id)?.store.all().filter((j) => tenant === undefined || j.identity.tenant === tenant) ?? [];
  return jobs.length > 0 ? pick(jobs, n).identity.id : mock.createJob(target.id, 'slow', tenant ?? 'acme').id;
}

/** Sends one request and returns what is wrong with the answer. */
let cases = 0;
async function attempt(request: RawRequest): Promise<string[]> {
  const caseId = String(++cases);
  const answer = await sendRaw(server.origin, encodeRequest({ ...request, headers: [[CASE_HEADER, caseId], ...(request.headers ?? [])] }));
  const verdict = judge(mock, caseId, { method: request.method, target: String(request.target) }, answer);
  answeredBy[verdict.answeredBy] = (answeredBy[verdict.answeredBy] ?? 0) + 1;
  return verdict.problems;
}

/** A fresh job of every provider answers its owner 200 with a valid body; health answers. */
async function expectServing(): Promise<void> {
  expect((await fetch(`${server.origin}/__admin/health`)).status).toBe(200);
  for (const target of targets) {
    const { id } = mock.createJob(target.id, 'happy-path', 'acme');
    const got = await callOperation(mock, server.origin, target, getJobOf(target), [id], target.tenants.acme as Access);
    expect([target.id, got.status, got.issues]).toEqual([target.id, 200, []]);
  }
}

/** Object.prototype as it was when the suite started: a polluting body would change it. */
const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort().join();
const expectUnpolluted = () => expect(Object.getOwnPropertyNames(Object.prototype).sort().join()).toBe(prototypeKeys);

describe('hostile input against the running mock', () => {
  it('random methods, paths, path-parameter values and queries get documented or clean answers', async () => {
    const routeCase = fc.record({
      provider: fc.nat(),
      op: fc.nat(),
      method: fc.option(anyMethod, { freq: 3 }),
      params: fc.array(fc.option(hostileSegment, { freq: 3 }), { minLength: 2, maxLength: 2 }),
      shape: fc.constantFrom('template', 'template', 'template', 'suffix', 'under-prefix', 'random', 'no-provider', 'double-slash', 'trailing-slash'),
      extra: fc.array(hostileSegment, { minLength: 1, maxLength: 4 }),
      query: fc.option(hostileQuery, { freq: 2 }),
      credential: fc.nat(),
      // Mostly with the operation's required query parameters (azure's api-version), so its checks run.
      ownQuery: fc.boolean(),
      withBody: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(routeCase, async (c) => {
        ran.routes = (ran.routes ?? 0) + 1;
        const target = pick(targets, c.provider);
        const op = pick(target.ops, c.op);
        const values = c.params.map((v, i) => v ?? someJob(target, c.op + i));
        const filled = `${target.prefix}${fillPath(op.path, values)}`;
        const path = {
          template: filled,
          suffix: `${filled}/${c.extra.join('/')}`,
          'under-prefix': `${target.prefix}/${c.extra.join('/')}`,
          random: `/${c.extra.join('/')}`,
          'no-provider': `/${c.extra[0]}${op.path}`,
          'double-slash': `${target.prefix}/${fillPath(op.path, values)}`,
          'trailing-slash': `${filled}/`,
        }[c.shape];
        const method = c.method ?? op.method;
        const body = c.withBody ? target.bodyOf(op) : undefined;
        const access = pick(target.credentials, c.credential);
        const request: RawRequest = {
          method,
          target: withQuery(path, c.ownQuery || c.query === null ? target.queryOf(op, access) : '', c.query ?? ''),
          headers: [...access.headers, ...(body !== undefined ? [['content-type', 'application/json'] as [string, string]] : [])],
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        };
        const problems = await attempt({ ...request, target: Buffer.from(String(request.target), 'utf8') } as RawRequest);
        expect(problems, `${method} ${String(request.target).slice(0, 200)}`).toEqual([]);
      }),
      { numRuns: RUNS.routes },
    );
    await expectServing();
  });

  it('hostile header names and values (control bytes, obs-text, huge, framing) get documented or clean answers', async () => {
    const headerCase = fc.record({
      provider: fc.nat(),
      op: fc.nat(),
      credential: fc.nat(),
      keepCredential: fc.boolean(),
      headers: fc.array(fc.tuple(hostileHeaderName, hostileHeaderValue), { minLength: 1, maxLength: 5 }),
    });
    await fc.assert(
      fc.asyncProperty(headerCase, async (c) => {
        ran.headers = (ran.headers ?? 0) + 1;
        const target = pick(targets, c.provider);
        const op = pick(target.ops, c.op);
        const body = target.bodyOf(op);
        const access = pick(target.credentials, c.credential);
        // Prefer: fault=… asks for a 5xx on purpose; that is not hostile input.
        const headers = c.headers.filter(([name, value]) => !(name.toLowerCase() === 'prefer' && /fault/i.test(value.toString('latin1'))));
        const request: RawRequest = {
          method: op.method,
          target: `${target.prefix}${fillPath(op.path, [someJob(target, c.op), 'x'])}${target.queryOf(op, c.keepCredential ? access : undefined)}`,
          headers: [...(c.keepCredential ? access.headers : []), ...headers],
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        };
        const problems = await attempt(request);
        expect(problems, `${op.method} ${String(request.target)} ${JSON.stringify(headers.map(([n, v]) => [n, v.toString('latin1').slice(0, 60)]))}`).toEqual([]);
      }),
      { numRuns: RUNS.headers },
    );
    await expectServing();
  });

  it('hostile bodies (invalid JSON and UTF-8, __proto__/constructor keys, deep nesting, oversized) get documented answers and poison nothing', async () => {
    /** Puts `inner` in a valid body: as the body, as a top-level field, or one level down. */
    const wrap = (valid: unknown, inner: string, where: 'whole' | 'field' | 'nested', key = 'extra'): string => {
      const text = JSON.stringify(valid);
      if (where === 'whole' || !text.startsWith('{')) return inner;
      const rest = text === '{}' ? '}' : `,${text.slice(1)}`;
      if (where === 'field') return `{"${key}":${inner}${rest}`;
      // osapi's free-form operation.data, or a nested object elsewhere
      return text.includes('"data":{}') ? text.replace('"data":{}', `"data":{"${key}":${inner}}`) : `{"meta":{"${key}":${inner}}${rest}`;
    };
    const bodyKind = fc.oneof(
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('garbage' as const), text: fc.string({ maxLength: 80 }) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncated' as const), cut: fc.nat() }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('utf8' as const), bytes: invalidUtf8, at: fc.nat() }) },
      { weight: 3, arbitrary: fc.record({
        kind: fc.constant('proto' as const),
        key: fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '__defineGetter__'),
        value: fc.constantFrom('{"polluted":true}', '{"prototype":{"polluted":true}}', 'null', '[]', '"x"', '1', '{"__proto__":{"polluted":true}}'),
        where: fc.constantFrom('field' as const, 'nested' as const),
      }) },
      // 5000+ levels overflow JSON.stringify's stack wherever the body is echoed back.
      { weight: 3, arbitrary: fc.record({ kind: fc.constant('deep' as const), depth: fc.oneof(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 5000, max: 30_000 })), shape: fc.constantFrom('array' as const, 'object' as const), where: fc.constantFrom('whole' as const, 'field' as const, 'nested' as const) }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('oversized' as const), over: fc.integer({ min: 1, max: 3 * BODY_LIMIT }), chunked: fc.boolean() }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('json' as const), value: fc.jsonValue({ maxDepth: 4 }) }) },
    );
    const bodyCase = fc.record({
      provider: fc.nat(),
      op: fc.nat(),
      tenant: fc.constantFrom('acme', 'globex'),
      body: bodyKind,
      contentType: fc.oneof(
        { weight: 6, arbitrary: fc.constant('application/json') },
        { weight: 1, arbitrary: fc.constant(null) },
        { weight: 3, arbitrary: fc.constantFrom('application/json; charset=utf-8', 'application/problem+json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '', 'application/json; charset=latin1') },
      ),
      chunked: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(bodyCase, async (c) => {
        ran.bodies = (ran.bodies ?? 0) + 1;
        const target = pick(targets, c.provider);
        // Mostly operations that read a body (creates for the bodies a job keeps); GETs get one too, sometimes.
        const creates = target.ops.filter((o) => o.role === 'createJob');
        const writes = target.ops.filter((o) => o.method !== 'GET');
        const op = pick(creates.length > 0 && c.op % 3 === 0 ? creates : writes.length > 0 && c.op % 7 !== 0 ? writes : target.ops, c.op >> 2);
        const valid = target.bodyOf(op) ?? {};
        const b = c.body;
        let bytes: Buffer;
        if (b.kind === 'garbage') bytes = Buffer.from(b.text, 'utf8');
        else if (b.kind === 'truncated') {
          const text = JSON.stringify(valid);
          bytes = Buffer.from(text.slice(0, b.cut % text.length), 'utf8');
        } else if (b.kind === 'utf8') {
          const text = Buffer.from(JSON.stringify({ ...(valid as object), note: 'abcdef' }), 'utf8');
          const at = text.indexOf('abcdef') + (b.at % 6);
          bytes = Buffer.concat([text.subarray(0, at), Buffer.from(b.bytes), text.subarray(at)]);
        } else if (b.kind === 'proto') bytes = Buffer.from(wrap(valid, b.value, b.where, b.key), 'utf8');
        else if (b.kind === 'deep') bytes = Buffer.from(wrap(valid, nest(b.depth, b.shape), b.where), 'utf8');
        else if (b.kind === 'oversized') bytes = Buffer.from(`{"pad":"${'x'.repeat(BODY_LIMIT + b.over)}"}`, 'utf8');
        else bytes = Buffer.from(JSON.stringify(b.value) ?? 'null', 'utf8');
        const jobId = someJob(target, c.op, c.tenant);
        const owner = target.tenants[c.tenant] as Access;
        const request: RawRequest = {
          method: op.method,
          target: `${target.prefix}${fillPath(op.path, [jobId, 'x'])}${target.queryOf(op, owner)}`,
          headers: [...owner.headers, ...(c.contentType !== null ? [['content-type', c.contentType] as [string, string]] : [])],
          body: bytes,
          chunked: b.kind === 'oversized' ? b.chunked : c.chunked,
        };
        const problems = await attempt(request);
        expect(problems, `${op.method} ${String(request.target)} ${b.kind} ${bytes.subarray(0, 120).toString('latin1')}`).toEqual([]);
        expectUnpolluted();
        // Nothing the body left behind breaks this tenant's newest job or its list.
        const newest = mock.providers.get(target.id)?.store.all().filter((j) => j.identity.tenant === c.tenant).at(-1)?.identity.id;
        if (newest !== undefined) {
          const got = await callOperation(mock, server.origin, target, getJobOf(target), [newest], owner);
          expect([got.status, got.issues], `getJob ${newest} after ${b.kind}`).toEqual([200, []]);
        }
        const list = target.ops.find((o) => o.role === 'listJobs');
        if (list) {
          const got = await callOperation(mock, server.origin, target, list, [], owner);
          expect([got.status, got.issues], `${list.operationId} after ${b.kind}`).toEqual([200, []]);
        }
      }),
      {
        numRuns: RUNS.bodies,
        // JSON bombs that once took a tenant's jobs and lists down, kept as fixed examples.
        examples: [
          [{ provider: index('figur'), op: 0, tenant: 'globex', body: { kind: 'deep', depth: 20_000, shape: 'array', where: 'field' }, contentType: 'application/json', chunked: false }],
          [{ provider: index('osapi'), op: 0, tenant: 'acme', body: { kind: 'deep', depth: 12_000, shape: 'object', where: 'nested' }, contentType: 'application/json', chunked: true }],
          [{ provider: index('scenario'), op: 1, tenant: 'acme', body: { kind: 'deep', depth: 30_000, shape: 'array', where: 'whole' }, contentType: 'application/json', chunked: false }],
        ],
      },
    );
    await expectServing();
  });

  it.each([
    ['a 20 KB header', { headers: [['x-big', 'a'.repeat(20_000)]] }],
    ['a 1 MB header', { headers: [['x-big', 'a'.repeat(1024 * 1024)]] }],
    ['3000 small headers', { headers: Array.from({ length: 3000 }, (_, i) => [`x-h${i}`, 'v']) }],
    ['a 40 KB request line', { target: `/figur/v1/jobs/${'a'.repeat(40_000)}` }],
    ['a 4 MB body with Content-Length', { method: 'POST', target: '/osapi/job', body: 'x'.repeat(4 * 1024 * 1024), credential: true }],
    ['a 4 MB chunked body', { method: 'POST', target: '/figur/v1/try-on', body: 'x'.repeat(4 * 1024 * 1024), chunked: true, credential: true }],
    ['a body on a GET', { method: 'GET', target: '/cata-pos/api/v1/adapter-scripts/jobs/1', body: 'x'.repeat(200_000), credential: true }],
    ['CONNECT', { method: 'CONNECT', target: '127.0.0.1:80' }],
    ['absolute-form target', { target: 'http://evil.example/figur/v1/jobs' }],
    ['asterisk target', { method: 'OPTIONS', target: '*' }],
    ['lying Content-Length', { method: 'POST', target: '/osapi/job', headers: [['content-length', '10']], credential: true }],
    ['a 4 MB body to a create that needs a query parameter', { method: 'POST', target: '/azure/analyze?api-version=2024-01-01', body: 'x'.repeat(4 * 1024 * 1024), credential: true }],
    ['unclosed JSON on a custom-method route', { method: 'POST', target: '/google/v1/operations/x:cancel', body: '{"a":'.repeat(5000), credential: true }],
  ] as Array<[string, { method?: string; target?: string; headers?: Array<[string, string]>; body?: string; chunked?: boolean; credential?: boolean }]>)('%s gets a clean answer', async (_name, c) => {
    ran.oversized = (ran.oversized ?? 0) + 1;
    const provider = /^\/([a-z-]+)/.exec(c.target ?? '')?.[1];
    const target = targets.find((t) => t.id === provider);
    const request: RawRequest = {
      method: c.method ?? 'GET',
      target: c.target ?? '/aisquare/api/v2/orchestrations/jobs/1/',
      headers: [...(c.credential && target ? (target.tenants.acme?.headers ?? []) : []), ...(c.headers ?? [])],
      ...(c.body !== undefined ? { body: c.body, chunked: c.chunked ?? false } : {}),
    };
    const problems = await attempt(request);
    expect(problems).toEqual([]);
    await expectServing();
  });
});

it('covers all seven built-in providers, each with a valid body for every operation that takes one', () => {
  expect(new Set(targets.map((t) => t.id))).toEqual(new Set(providerIds));
  const bodies = targets.flatMap((t) => t.ops.filter((op) => op.requestBody).map((op) => [t, op] as const));
  expect(bodies.length).toBeGreaterThanOrEqual(providerIds.length);
  for (const [target, op] of bodies) {
    const checked = mock.providers.get(target.id)?.contract.validateRequest({ operation: op.operationId, body: target.bodyOf(op) });
    expect([target.id, op.operationId, checked?.ok]).toEqual([target.id, op.operationId, true]);
  }
});
