import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cli } from '../helpers/cli.js';
import { type MockFixture, startMock } from './mock-fixture.js';

let fixture: MockFixture;
let dir: string;
beforeAll(async () => {
  fixture = await startMock('check-cli', ['figur']);
  dir = mkdtempSync(join(tmpdir(), 'check-cli-'));
});
afterAll(async () => {
  await fixture?.server.close();
});
afterEach(() => {
  vi.unstubAllEnvs();
});

function args(scenario: string, ...extra: string[]): string[] {
  const p = fixture.of('figur');
  const job = p.jobs.find((j) => j.tenant === 'acme' && j.scenario === scenario)?.id as string;
  const [name, value] = Object.entries(fixture.headersOf('figur', 'acme'))[0] as [string, string];
  return ['check', '--provider', 'figur', '--base-url', p.baseUrl, '--job', job, '--header', `${name}: ${value}`, '--interval', '0', '--max-backoff', '0', ...extra];
}

describe('job-contracts check', () => {
  it('--help lists the options', async () => {
    const r = await cli(['check', '--help']);
    expect(r.code).toBe(0);
    for (const option of ['--provider', '--base-url', '--job', '--header', '--query', '--other-tenant-header', '--interval', '--timeout', '--request-timeout', '--concurrency', '--max-polls', '--shard', '--reporter', '--output', '--skip-probe']) expect(r.stdout).toContain(option);
  });

  it('exits 0 on a clean job and prints the JSON report', async () => {
    const r = await cli(args('happy-path', '--reporter', 'json'));
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['provider', 'baseUrl', 'jobs', 'probes', 'summary']));
    expect(report.jobs[0]).toMatchObject({ polls: expect.any(Number), finalStatus: 'SUCCESS', findings: [] });
    expect(report.summary).toMatchObject({ violations: 0, warnings: 0 });
  });

  it('exits 1 on a violation; the pretty reporter lists it; progress lines go to stderr', async () => {
    const r = await cli(args('stuck', '--max-polls', '4'));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✖ timeout job \S+ · poll 4/);
    expect(r.stdout).toMatch(/FAIL 1 violation\(s\)/);
    expect(r.stdout).not.toMatch(/\x1b\[/); // no colours when not a terminal
    expect(r.stderr).toMatch(/job \S+: did not end after 4 poll\(s\)/);
  });

  it('writes each --reporter to its --output; one reporter may use stdout', async () => {
    const junit = join(dir, 'out', 'junit.xml');
    const json = join(dir, 'report.json');
    const r = await cli(args('flaky', '--reporter', 'junit', '--output', junit, '--reporter', 'json', '--output', json, '--reporter', 'pretty', '--quiet'));
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/PASS 0 violation\(s\), 2 warning\(s\)/);
    expect(readFileSync(junit, 'utf8')).toMatch(/<testsuite name="figur job \S+"/);
    expect(JSON.parse(readFileSync(json, 'utf8')).summary.warnings).toBe(2);
  });

  it('reads credentials from JOB_CONTRACTS_HEADERS', async () => {
    const [name, value] = Object.entries(fixture.headersOf('figur', 'acme'))[0] as [string, string];
    vi.stubEnv('JOB_CONTRACTS_HEADERS', `# staging key\n${name}: ${value}\n`);
    const withoutHeader = args('happy-path', '--reporter', 'json').filter((a, i, all) => a !== '--header' && all[i - 1] !== '--header');
    const r = await cli(withoutHeader);
    expect(r.code).toBe(0);
  });

  it.each([
    ['no job', ['check', '--provider', 'figur', '--base-url', 'http://127.0.0.1:1'], /pass at least one --job/],
    ['unknown provider', ['check', '--provider', 'nope', '--base-url', 'http://127.0.0.1:1', '--job', 'x'], /--provider must be one of aisquare, .*, got "nope"/],
    ['bad base URL', ['check', '--provider', 'figur', '--base-url', 'nope', '--job', 'x'], /--base-url is not a URL/],
    ['bad duration', ['check', '--provider', 'figur', '--base-url', 'http://127.0.0.1:1', '--job', 'x', '--interval', 'soon'], /--interval must be a duration/],
    ['bad shard', ['check', '--provider', 'figur', '--base-url', 'http://127.0.0.1:1', '--job', 'x', '--shard', '3/2'], /--shard must be i\/n/],
    ['bad reporter', ['check', '--provider', 'figur', '--base-url', 'http://127.0.0.1:1', '--job', 'x', '--reporter', 'xml'], /--reporter must be one of/],
    ['output first', ['check', '--provider', 'figur', '--base-url', 'http://127.0.0.1:1', '--job', 'x', '--output', 'a.xml'], /right after the --reporter/],
    ['two on stdout', ['check', '--provider', 'figur', '--base-url', 'http://127.0.0.1:1', '--job', 'x', '--reporter', 'json', '--reporter', 'junit'], /only one reporter can write to stdout/],
    ['bad probe', ['check', '--provider', 'figur', '--base-url', 'http://127.0.0.1:1', '--job', 'x', '--skip-probe', 'dns'], /--skip-probe must be one of/],
    ['bad header', ['check', '--provider', 'figur', '--base-url', 'http://127.0.0.1:1', '--job', 'x', '--header', 'Bearer abc'], /--header #1 is not a "Name: value" header/],
    ['bad query', ['check', '--provider', 'figur', '--base-url', 'http://127.0.0.1:1', '--job', 'x', '--query', 'api-version'], /--query takes name=value \(e\.g\. --query api-version=2024-01-01\), got "api-version"/],
  ])('exits 2 on a usage error: %s', async (_name, argv, message) => {
    const r = await cli(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('exits 2 when a job cannot be found with the credentials given', async () => {
    const r = await cli(args('happy-path', '--reporter', 'json').map((a) => (a.startsWith('authorization:') || a.startsWith('Authorization:') ? 'Authorization: Bearer sk_test_globex_Hc5Wz1Jd6Ty0Bf4Sq8Ke' : a)));
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).jobs[0].error).toMatch(/answered 404 on the first poll/);
  });
});
