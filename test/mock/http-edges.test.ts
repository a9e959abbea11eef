import { request as httpRequest, Agent } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMock, type Mock } from '../../src/mock/mock.js';
import { type RunningServer, serve } from '../../src/node/server.js';
import { parseResponse } from '../hostile/raw-http.js';

// Sockets here because the socket is what is tested: keep-alive, request targets, framing.
let mock: Mock;
let server: RunningServer;
let noCors: RunningServer;
const logged: string[] = [];

beforeAll(async () => {
  mock = createMock({ clock: 'manual', providers: ['figur', 'cata-pos'], bodyLimit: 1024 });
  server = await serve(mock.handle, { port: 0, log: (line) => logged.push(line) });
  noCors = await serve(mock.handle, { port: 0, cors: false });
});
afterAll(async () => {
  await server?.close();
  await noCors?.close();
});

const figur = () => mock.describe(server.origin).find((p) => p.id === 'figur') as NonNullable<ReturnType<Mock['describe']>[number]>;
const jobPath = () => `/figur/v1/jobs/${figur().jobs[0]?.id}`;
const auth = () => figur().tenants[0]?.headers.authorization as string;

/** Writes raw bytes on one connection and reads until it closes (bounded). */
function exchange(origin: string, bytes: string | Buffer, timeoutMs = 5000): Promise<{ data: Buffer; error?: string }> {
  return new Promise((resolve) => {
    const socket = connect(Number(new URL(origin).port), '127.0.0.1');
    const chunks: Buffer[] = [];
    let error: string | undefined;
    const timer = setTimeout(() => socket.destroy(), timeoutMs);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', (e: NodeJS.ErrnoException) => void (error = e.code));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ data: Buffer.concat(chunks), ...(error ? { error } : {}) });
    });
    socket.write(bytes);
  });
}

/** One request through a keep-alive agent with a single socket: the next request reuses it. */
function agentRequest(agent: Agent, method: string, path: string, headers: Record<string, string>, body?: Buffer): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${server.origin}${path}`, { method, headers, agent, timeout: 5000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.end(body);
  });
}

describe('node:http edges (RFC 9110 / 9112)', () => {
  it.each([
    ['Content-Length', false],
    ['chunked', true],
  ])('a body over the limit (%s) is answered, and the kept-alive connection still serves the next request', async (_framing, chunked) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const big = Buffer.from(JSON.stringify({ job_type: 'TRY_ON', input: 'x'.repeat(200_000) }));
      const headers: Record<string, string> = { authorization: auth(), 'content-type': 'application/json', ...(chunked ? { 'transfer-encoding': 'chunked' } : {}) };
      const over = await agentRequest(agent, 'POST', '/figur/v1/try-on', headers, big);
      expect(over.status).toBe(422);
      expect(over.body).toMatch(/too large|larger than/i);
      const next = await agentRequest(agent, 'GET', jobPath(), { authorization: auth() });
      expect(next.status).toBe(200);
    } finally {
      agent.destroy();
    }
  });

  it('a body over the limit, then a pipelined request on the same connection: both answered', async () => {
    const body = 'x'.repeat(5000);
    const first = `POST /figur/v1/try-on HTTP/1.1\r\nHost: x\r\nAuthorization: ${auth()}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
    const second = `GET ${jobPath()} HTTP/1.1\r\nHost: x\r\nAuthorization: ${auth()}\r\nConnection: close\r\n\r\n`;
    const { data } = await exchange(server.origin, first + second);
    const text = data.toString('latin1');
    expect(text.match(/HTTP\/1\.1 \d{3}/g)).toEqual(['HTTP/1.1 422', 'HTTP/1.1 200']);
  });

  it('accepts an absolute-form request target', async () => {
    const { data } = await exchange(server.origin, `GET http://127.0.0.1${jobPath()} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${auth()}\r\nConnection: close\r\n\r\n`);
    const answer = parseResponse(data);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body.toString()).public_id).toBe(figur().jobs[0]?.id);
  });

  it('answers HEAD wherever GET is: same status and headers, no body', async () => {
    for (const path of [jobPath(), '/__admin/health', '/figur/v1/jobs']) {
      const get = await fetch(`${server.origin}${path}`, { headers: { authorization: auth() } });
      const head = await fetch(`${server.origin}${path}`, { method: 'HEAD', headers: { authorization: auth() } });
      expect(`${path} ${head.status}`).toBe(`${path} ${get.status}`);
      expect(head.headers.get('content-type')).toBe(get.headers.get('content-type'));
      expect(await head.text()).toBe('');
      await get.arrayBuffer();
    }
  });

  it.each([
    ['a bad request line', 'GARBAGE\r\n\r\n', 400],
    ['bad chunking', `POST /figur/v1/try-on HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`, 400],
    ['an Expect it cannot meet', `GET /__admin/health HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\n\r\n`, 417],
    ['headers over the limit', `GET /__admin/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431],
  ])('%s gets a JSON error with a content type, which a browser may read (CORS)', async (_name, bytes, status) => {
    const { data } = await exchange(server.origin, bytes);
    const answer = parseResponse(data);
    expect(answer.status).toBe(status);
    expect(answer.headers['content-type']).toBe('application/json');
    expect(answer.headers['access-control-allow-origin']).toBe('*');
    expect(JSON.parse(answer.body.toString())).toMatchObject({ error: expect.any(String), message: expect.any(String) });
  });

  it('reads Origin in any case of its name, from a poll answered off the raw headers', async () => {
    const { data } = await exchange(server.origin, `GET ${jobPath()} HTTP/1.1\r\nHost: x\r\noRiGiN: http://app.example:5173\r\nAuthorization: ${auth()}\r\nConnection: close\r\n\r\n`);
    const answer = parseResponse(data);
    expect(answer.status).toBe(200);
    expect(answer.headers['access-control-allow-origin']).toBe('http://app.example:5173');
    expect(answer.headers['access-control-allow-credentials']).toBe('true');
  });

  it('a 500 "see its log" puts its cause in the log', async () => {
    const failing = await serve(async () => {
      throw new Error('the disk is on fire');
    }, { port: 0, log: (line) => logged.push(line) });
    try {
      const response = await fetch(`${failing.origin}/anything`);
      expect(response.status).toBe(500);
      expect(await response.json()).toMatchObject({ message: expect.stringMatching(/see its log/) });
      expect(logged.join('')).toMatch(/GET \/anything failed: Error: the disk is on fire/);
    } finally {
      await failing.close();
    }
  });
});

describe('CORS (on by default, --no-cors turns it off)', () => {
  const browser = 'http://localhost:5173';

  it('answers a preflight for a create with a body and credentials', async () => {
    const response = await fetch(`${server.origin}/figur/v1/try-on`, {
      method: 'OPTIONS',
      headers: { origin: browser, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type, prefer' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(browser);
    expect(response.headers.get('access-control-allow-methods')).toMatch(/POST/);
    expect(response.headers.get('access-control-allow-headers')).toMatch(/authorization, content-type, prefer/);
  });

  it.each([
    ['a poll', () => jobPath(), {}],
    ['a 429 fault', () => jobPath(), { prefer: 'fault=429' }],
    ['a 401', () => jobPath(), { authorization: 'Bearer nope' }],
    ['an admin route', () => '/__admin/health', {}],
    ['a 404 outside every spec', () => '/nowhere', {}],
  ])('%s carries Allow-Origin and exposes Retry-After, Location, the request id', async (_name, path, extra) => {
    const response = await fetch(`${server.origin}${path()}`, { headers: { authorization: auth(), origin: browser, ...extra } });
    await response.arrayBuffer();
    expect(response.headers.get('access-control-allow-origin')).toBe(browser);
    const exposed = (response.headers.get('access-control-expose-headers') ?? '').toLowerCase().split(/,\s*/);
    for (const name of ['retry-after', 'location', 'operation-location', 'x-request-id']) expect(exposed).toContain(name);
  });

  it('--no-cors: no CORS headers, and OPTIONS is routed like any method', async () => {
    const poll = await fetch(`${noCors.origin}${jobPath()}`, { headers: { authorization: auth(), origin: browser } });
    await poll.arrayBuffer();
    expect(poll.status).toBe(200);
    expect(poll.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${noCors.origin}/figur/v1/try-on`, { method: 'OPTIONS', headers: { origin: browser, 'access-control-request-method': 'POST' } });
    await preflight.arrayBuffer();
    expect(preflight.status).toBe(405);
    // Nor on an answer the HTTP parser makes before any request exists.
    const garbage = parseResponse((await exchange(noCors.origin, 'GARBAGE\r\n\r\n')).data);
    expect(garbage.status).toBe(400);
    expect(garbage.headers['access-control-allow-origin']).toBeUndefined();
  });
});
