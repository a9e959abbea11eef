/** Issue 12, secrets: no credential (whole, cut or split) in any output. */
import { describe, expect, it } from 'vitest';
import { checkJobs, createRedactor, renderJson, renderJunit, renderPretty, secretsOfHeaders } from '../../src/check/index.js';
import { cli } from '../helpers/cli.js';
import { fakeStaging, json, running } from './fake-staging.js';

const TOKEN = 'sk_live_CANARY_7f3a9c1e5b2d4f6a8c0e1b3d5f7a9c1e3b5d';
const SID = 'CANARYsid4e7c3a9b1d5f';

function outputs(report: Awaited<ReturnType<typeof checkJobs>>): string {
  return [renderJson(report), renderJunit(report), renderPretty(report)].join('\n');
}

describe('redaction happens before anything is cut', () => {
  it.each([10, 100, 119, 130, 150, 158])('a token echoed at offset %i of a body is not printed, not even in part', async (offset) => {
    const echo = `${'x'.repeat(offset)}Bearer ${TOKEN}`;
    const server = fakeStaging({});
    // An unknown member first: its value (cut at 120) and the body's excerpt (cut at 160) both carry the echo.
    const fetch = (async () => json(200, { echo, ...running })) as unknown as typeof globalThis.fetch;
    const report = await checkJobs({ ...server.options, fetch, headers: { Authorization: `Bearer ${TOKEN}` }, probes: false, maxPolls: 2 });
    const text = outputs(report);
    // The excerpt (160 characters) holds 8+ characters of the token from every offset here but the last.
    if (offset < 140) expect(report.jobs[0]?.findings.some((f) => f.excerpt.includes('[redacted]'))).toBe(true);
    for (let i = 0; i + 8 <= TOKEN.length; i++) expect(text, `fragment at ${i}`).not.toContain(TOKEN.slice(i, i + 8));
  });

  it('a fragment of 8+ characters of a secret is redacted wherever it appears', () => {
    const redact = createRedactor([TOKEN]);
    expect(redact(`cut here: …${TOKEN.slice(0, 30)}`)).toBe('cut here: …[redacted]');
    expect(redact(`${TOKEN.slice(20)} tail`)).toBe('[redacted] tail');
    expect(redact('sk_live_ other text')).toBe('sk_live_ other text'.replace('sk_live_', '[redacted]'));
  });
});

describe('every header value is split into its secret-bearing parts', () => {
  it('cookie pairs, Basic credentials (encoded and decoded), tokens', () => {
    const basic = Buffer.from('ci-user:CANARY_pass_4e7c3a').toString('base64');
    const secrets = secretsOfHeaders([['Cookie', `theme=dark; sid=${SID}; csrf="CANARYcsrf91"`], ['Authorization', `Basic ${basic}`]]);
    expect(secrets).toEqual(expect.arrayContaining([SID, `sid=${SID}`, 'CANARYcsrf91', basic, 'ci-user', 'CANARY_pass_4e7c3a']));
    const redact = createRedactor(secrets);
    expect(redact(`session ${SID} and ${basic} and CANARY_pass_4e7c3a`)).not.toMatch(/CANARY/);
  });

  it('a Cookie header echoed by the server is not printed', async () => {
    const server = fakeStaging({});
    const fetch = (async (url: string, init: RequestInit = {}) => {
      const cookie = new Headers(init.headers).get('cookie') ?? '';
      // Echoes only the session pair, as a server reflecting its session would.
      return json(200, { session: cookie.split(';')[0], ...running });
    }) as unknown as typeof globalThis.fetch;
    const report = await checkJobs({ ...server.options, fetch, headers: [['Authorization', 'Bearer x1'], ['Cookie', `sid=${SID}; theme=dark`]], probes: false, maxPolls: 1 });
    expect(outputs(report)).toContain('[redacted]');
    expect(outputs(report)).not.toContain(SID);
    expect(outputs(report)).not.toContain(SID.slice(0, 12));
  });
});

describe('base URLs', () => {
  it.each([
    ['a query', 'http://127.0.0.1:1/v1?api_key=CANARYkey12345', /query string/],
    ['a fragment', 'http://127.0.0.1:1/v1#frag', /fragment/],
  ])('a base URL with %s is refused (exit 2), and the query is never printed', async (_name, url, message) => {
    const r = await cli(['check', '--provider', 'figur', '--base-url', url, '--job', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr + r.stdout).not.toContain('CANARYkey12345');
  });

  it('query strings in what a server sends back are masked', () => {
    expect(createRedactor([])('redirected to https://h.test/a?token=abc and /v1/jobs/1?sig=xyz')).toBe('redirected to https://h.test/a?[redacted] and /v1/jobs/1?[redacted]');
  });
});
