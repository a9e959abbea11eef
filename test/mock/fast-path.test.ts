import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMock, type Mock, type ProviderInfo } from '../../src/mock/mock.js';
import { type RunningServer, serve } from '../../src/mock/node-server.js';
import type { ProviderId } from '../../src/providers/ids.js';

// node:http answers plain GETs from the request head (no Fetch Request, Headers or Response)
// and remembers timelines, routes and credentials between polls. Two twin mocks (same seed,
// manual clock) get the same requests in the same order: one over a socket, one through the
// Fetch door (`mock.handle`, as MSW calls it) with the fast path off, so the fast path is checked
// against the full dispatch. Every answer and journal entry must match.

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** One request written by hand (so repeated and odd headers reach the server as sent). */
function sendRaw(origin: string, method: string, target: string, headers: Array<[string, string]>): Promise<Answer> {
  const { port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => {
      const lines = [`${method} ${target} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close', ...headers.map(([n, v]) => `${n}: ${v}`)];
      socket.write(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
    });
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const split = raw.indexOf('\r\n\r\n');
      const [statusLine = '', ...headerLines] = raw.slice(0, split).split('\r\n');
      const out: Record<string, string> = {};
      for (const line of headerLines) out[line.slice(0, line.indexOf(':')).toLowerCase()] = line.slice(line.indexOf(':') + 1).trim();
      resolve({ status: Number(statusLine.split(' ')[1]), headers: out, body: raw.slice(split + 4) });
    });
  });
}

/** The same request through the Fetch door, with the headers the socket request carried. */
async function sendFetch(mock: Mock, origin: string, method: string, target: string, headers: Array<[string, string]>): Promise<Answer> {
  const request = new Request(origin + target, { method, headers: [['host', '127.0.0.1'], ['connection', 'close'], ...headers] });
  const response = await mock.handle(request);
  const out: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    out[name] = value;
  });
  return { status: response.status, headers: out, body: method === 'HEAD' ? '' : await response.text() };
}

const compared = ['content-type', 'x-request-id', 'retry-after', 'allow'];
const pick = (headers: Record<string, string>) => Object.fromEntries(compared.filter((n) => headers[n] !== undefined).map((n) => [n, headers[n]]));

let served: Mock;
let twin: Mock;
let server: RunningServer;
let info: ProviderInfo[];

beforeAll(async () => {
  served = createMock({ clock: 'manual', seed: 'fast-path', sleep: async () => undefined });
  // A rate limit no test reaches keeps the twin off the fast path: every answer it gives comes
  // from the full `dispatch`, so each comparison checks the fast path against it.
  twin = createMock({ clock: 'manual', seed: 'fast-path', sleep: async () => undefined, rateLimit: 1_000_000 });
  server = await serve(served.handle, { port: 0 });
  info = served.describe(server.origin);
});
afterAll(async () => {
  await server?.close();
});

/** Sends one request to both, in step, and checks the answers match. */
async function both(method: string, target: string, headers: Array<[string, string]> = []): Promise<Answer> {
  const a = await sendRaw(server.origin, method, target, headers);
  const b = await sendFetch(twin, server.origin, method, target, headers);
  expect({ status: a.status, headers: pick(a.headers), body: a.body }).toEqual({ status: b.status, headers: pick(b.headers), body: b.body });
  if (a.status !== 0 && b.body !== '' && method !== 'HEAD') expect(Number(a.headers['content-length'])).toBe(Buffer.byteLength(b.body));
  return a;
}

const cases: Array<[ProviderId, string]> = [
  ['figur', 'Bearer'],
  ['scenario', 'Basic'],
  ['cata-pos', 'X-Api-Key'],
  ['osapi', 'JWT, malformed ids before auth'],
  ['aisquare', 'Bearer, trailing slash'],
];

describe.each(cases)('%s (%s)', (provider) => {
  it('answers every kind of GET exactly as the Fetch door does, journal included', async () => {
    const p = info.find((x) => x.id === provider) as ProviderInfo;
    const base = new URL(p.baseUrl).pathname;
    const op = served.providers.get(provider)?.contract.operation('getJob');
    const path = (id: string) => `${base}${(op?.path ?? '').replace(/\{[^}]+\}/, id)}`;
    const acme = Object.entries(p.tenants.find((t) => t.id === 'acme')?.headers ?? {});
    const globex = Object.entries(p.tenants.find((t) => t.id === 'globex')?.headers ?? {});
    const own = p.jobs.find((j) => j.tenant === 'acme' && j.scenario === 'happy-path')?.id as string;
    const [name, value] = acme[0] as [string, string];

    expect((await both('GET', path(own), acme)).status).toBe(200);
    await both('GET', path(own), globex);
    await both('GET', path(`${own}x`), acme);
    // A well-formed id no job has: another seed's mock, past every job created here.
    const stranger = createMock({ clock: 'manual', seed: 'stranger', providers: [provider], seedJobs: false });
    for (let i = 0; i < 500; i++) stranger.createJob(provider, 'happy-path');
    const unknownId = stranger.createJob(provider, 'happy-path').id;
    expect(served.providers.get(provider)?.store.get(unknownId)).toBeUndefined();
    expect((await both('GET', path(unknownId), acme)).status).toBe(404);
    expect((await both('GET', path(own), globex)).status).toBe(404);
    await both('GET', path('%zz'), acme);
    await both('GET', path(own));
    await both('GET', path(own), [[name, value], [name, value]]);
    await both('GET', path(own), [[name.toUpperCase(), value]]);
    await both('GET', path(own), [...acme, ['Prefer', 'fault=503, retry-after=7']]);
    await both('GET', path(own), [...acme, ['Prefer', 'fault=latency']]);
    await both('GET', `${path(own)}?x=1&y=%20`, acme);
    await both('GET', `${base}/./${path(own).slice(base.length + 1)}`, acme);
    await both('GET', `${base}/%2e/${path(own).slice(base.length + 1)}`, acme);
    await both('GET', path(own).replace(/\/$/, '').concat('/'), acme);
    await both('HEAD', path(own), acme);
    await both('POST', path(own), acme);
    await both('GET', '/__admin/health');
    await both('GET', '/nowhere/at/all', acme);

    // The job moves on: every step, in both, through the remembered timeline and body, which
    // must be what the engine computes afresh (render() recomputes the timeline every time).
    const job = served.providers.get(provider)?.store.get(own);
    for (let step = 0; step < 12; step++) {
      served.clock.advance(1500);
      twin.clock.advance(1500);
      for (let poll = 0; poll < 2; poll++) {
        const answer = await both('GET', path(own), acme);
        if (answer.status === 200 && job) expect(JSON.parse(answer.body)).toEqual(served.providers.get(provider)?.render(job));
      }
    }
    expect(served.journal.list()).toEqual(twin.journal.list());
  });
});

describe('cancel between polls', () => {
  it('shows the cancel on the very next poll, at the same clock, as the Fetch door does', async () => {
    const p = info.find((x) => x.id === 'figur') as ProviderInfo;
    const headers = Object.entries(p.tenants[0]?.headers ?? {});
    const id = served.createJob('figur', 'slow', 'acme').id;
    expect(twin.createJob('figur', 'slow', 'acme').id).toBe(id);
    const base = new URL(p.baseUrl).pathname;
    await both('GET', `${base}/v1/jobs/${id}`, headers);
    served.clock.advance(2000);
    twin.clock.advance(2000);
    const before = await both('GET', `${base}/v1/jobs/${id}`, headers);
    await both('POST', `${base}/v1/jobs/${id}/cancel`, headers);
    const after = await both('GET', `${base}/v1/jobs/${id}`, headers);
    // Same clock, new action: the remembered body must not be served again.
    expect(JSON.parse(after.body).status).not.toBe(JSON.parse(before.body).status);
    const job = served.providers.get('figur')?.store.get(id);
    expect(JSON.parse(after.body)).toEqual(job && served.providers.get('figur')?.render(job));
    expect(served.journal.list()).toEqual(twin.journal.list());
  });
});
