import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type CheckEvent, checkJobs } from '../../src/check/index.js';
import { cli } from '../helpers/cli.js';

// Canary secrets: none of them (nor their encodings) may appear in any output.
const BEARER = 'sk_live_CANARY_bearer_7f3a9c1e5b';
const API_KEY = 'CANARY_env_key_2d8e4f6a0c';
const OTHER_USER = 'CANARY_user_9b1d';
const OTHER_PASS = 'CANARY_pass_4e7c3a';
const BASIC = Buffer.from(`${OTHER_USER}:${OTHER_PASS}`).toString('base64');
const canaries = [BEARER, API_KEY, OTHER_USER, OTHER_PASS, BASIC, encodeURIComponent(BEARER)];
const JOB = '01JWQYPVR00WRWP3S6T71KAVYE';

let origin = '';
let close: () => Promise<void>;

/** A staging server that reflects every credential it gets: in bodies, headers and redirects. */
beforeAll(async () => {
  const server = createServer((req, res) => {
    const auth = String(req.headers.authorization ?? '');
    const key = String(req.headers['x-api-key'] ?? '');
    const echo = `${auth} ${key} ${auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString() : ''}`;
    res.setHeader('x-echo', encodeURIComponent(echo));
    if (req.url?.includes('redirect')) return void res.writeHead(302, { location: `/v1/jobs/${JOB}?token=${encodeURIComponent(echo)}` }).end();
    if (!auth.includes(BEARER)) {
      return void res.writeHead(auth ? 404 : 401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'X', message: `rejected ${echo}`, request_id: '01JWQYPTRR9R336K6AF10Q87SD' } }));
    }
    // An IN_PROGRESS job whose request echoes the credentials, then HTML that does too.
    if (req.url?.includes('html')) return void res.writeHead(200, { 'content-type': 'text/html' }).end(`<p>hello ${echo}</p>`);
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({ public_id: JOB, job_type: 'TRY_ON', status: 'IN_PROGRESS', created_at: '2025-06-02T09:14:08Z', request: { echo }, result: [], latest_event: null, [`k_${BEARER}`]: 1 }),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((r) => server.close(() => r()));
});
afterAll(async () => {
  await close?.();
});

function expectClean(text: string, where: string): void {
  for (const canary of canaries) expect(text, `${where} leaks ${canary}`).not.toContain(canary);
}

describe('credentials never appear in any output', () => {
  it('every reporter, progress line and file, with credentials from --header, the env and --other-tenant-header', async () => {
    vi.stubEnv('JOB_CONTRACTS_HEADERS', `X-Api-Key: ${API_KEY}`);
    const dir = mkdtempSync(join(tmpdir(), 'check-redact-'));
    const files = { json: join(dir, 'r.json'), junit: join(dir, 'r.xml') };
    const r = await cli([
      'check', '--provider', 'figur', '--base-url', `${origin}/v1/../`, '--job', JOB, '--job', `${JOB}/html`,
      '--header', `Authorization: Bearer ${BEARER}`, '--other-tenant-header', `Authorization: Basic ${BASIC}`,
      '--interval', '0', '--max-polls', '2', '--request-timeout', '2s',
      '--reporter', 'json', '--output', files.json, '--reporter', 'junit', '--output', files.junit, '--reporter', 'pretty',
    ]);
    vi.unstubAllEnvs();
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/\[redacted\]/);
    expectClean(r.stdout, 'pretty');
    expectClean(r.stderr, 'progress');
    expectClean(readFileSync(files.json, 'utf8'), 'json');
    expectClean(readFileSync(files.junit, 'utf8'), 'junit');
  });

  it('events passed to onEvent and thrown errors are redacted too', async () => {
    const events: CheckEvent[] = [];
    const report = await checkJobs({ provider: 'figur', baseUrl: `${origin}/redirect`, jobs: [JOB], headers: { Authorization: `Bearer ${BEARER}` }, otherTenantHeaders: { Authorization: `Basic ${BASIC}` }, intervalMs: 0, maxPolls: 2, onEvent: (e) => events.push(e) });
    expectClean(JSON.stringify(events), 'events');
    expectClean(JSON.stringify(report), 'report');
    await expect(checkJobs({ provider: 'figur', baseUrl: `http://user:${OTHER_PASS}@127.0.0.1:1/`, jobs: [JOB] })).rejects.toThrow(/carries credentials/);
    try {
      await checkJobs({ provider: 'figur', baseUrl: `http://user:${OTHER_PASS}@127.0.0.1:1/`, jobs: [JOB] });
    } catch (error) {
      expectClean(`${(error as Error).message} ${(error as Error).stack}`, 'error');
    }
  });

  it('a malformed --header value is never echoed', async () => {
    const r = await cli(['check', '--provider', 'figur', '--base-url', origin, '--job', JOB, '--header', `Bearer ${BEARER}`]);
    expect(r.code).toBe(2);
    expectClean(r.stderr + r.stdout, 'usage error');
  });
});
