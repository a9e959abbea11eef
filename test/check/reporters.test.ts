import { describe, expect, it } from 'vitest';
import { type CheckReport, type Finding, renderJson, renderJunit, renderPretty } from '../../src/check/index.js';

const finding = (extra: Partial<Finding>): Finding => ({
  code: 'schema',
  severity: 'violation',
  job: '4711',
  probe: null,
  poll: 2,
  elapsedMs: 1200,
  operation: 'jobs-retrieve',
  status: 200,
  pointer: '/is_active',
  rule: 'type',
  expected: 'type boolean',
  actual: '"yes"',
  message: '/is_active: must be boolean (got "yes")',
  excerpt: '{"is_active":"yes"} <&>',
  count: 1,
  ...extra,
});

const report: CheckReport = {
  provider: 'aisquare',
  baseUrl: 'https://stg-api.aisquare.studio',
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 2345,
  created: [],
  jobs: [
    { id: '4711', polls: 6, finalStatus: 'COMPLETED', terminal: true, elapsedMs: 2000, error: null, findings: [finding({}), finding({ code: 'transport', severity: 'warning', rule: 'retried', pointer: '', message: '503 answered; retried after 1.0 s' })] },
    { id: '4712', polls: 40, finalStatus: 'RUNNING', terminal: false, elapsedMs: 2100, error: null, findings: [finding({ job: '4712', code: 'timeout', rule: 'timeout', pointer: '/status', message: 'no terminal state within 10 min' })] },
    { id: '4713', polls: 1, finalStatus: null, terminal: false, elapsedMs: 10, error: 'GET /jobs/4713/ answered 404 on the first poll', findings: [] },
  ],
  probes: [
    { name: 'auth', job: '4711', request: 'GET /jobs/4711/ without credentials', status: 200, ok: false, findings: [finding({ code: 'auth-probe', probe: 'auth', poll: null, rule: 'auth', pointer: '', message: 'answered 200; expected the documented 401' })] },
    { name: 'unknown-id', job: null, request: 'GET /jobs/900004711/', status: 404, ok: true, findings: [] },
    { name: 'tenant', job: '4711', request: "GET /jobs/4711/ with the other tenant's credentials", status: 404, ok: true, findings: [] },
  ],
  summary: { jobs: 3, polls: 47, violations: 3, warnings: 1, errors: 1, byCode: { schema: 1, timeout: 1, 'auth-probe': 1 } },
};

describe('reporters', () => {
  it('json: the documented shape', () => {
    const parsed = JSON.parse(renderJson(report));
    expect(parsed).toMatchObject({ provider: 'aisquare', baseUrl: report.baseUrl, summary: { violations: 3, warnings: 1 } });
    expect(Object.keys(parsed.jobs[0])).toEqual(expect.arrayContaining(['id', 'polls', 'finalStatus', 'findings']));
    expect(Object.keys(parsed.jobs[0].findings[0])).toEqual(expect.arrayContaining(['code', 'job', 'poll', 'elapsedMs', 'pointer', 'expected', 'actual', 'excerpt']));
  });

  it('junit: one suite per job, one case per check, a suite for the probes; escaped, well-formed', () => {
    const xml = renderJunit(report);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    const suites = [...xml.matchAll(/<testsuite name="([^"]+)"[^>]*? tests="(\d+)" failures="(\d+)" errors="(\d+)"/g)].map((m) => m.slice(1).join(' '));
    // One case per job check (12 finding codes, job-vanished and job-unfinished among them), plus the tenant case.
    expect(suites).toEqual(['aisquare job 4711 13 1 0', 'aisquare job 4712 12 1 0', 'aisquare job 4713 1 0 1', 'aisquare probes 2 1 0']);
    expect(xml).toContain('<failure message="1 violation(s): /is_active: must be boolean (got &quot;yes&quot;)" type="schema">');
    expect(xml).toContain('{"is_active":"yes"} <&>'); // inside CDATA
    expect(xml).toMatch(/<system-out><!\[CDATA\[\[transport\] 503 answered; retried after 1.0 s/);
    expect(xml.match(/<testcase /g)?.length).toBe(28);
    expect((xml.match(/<testsuite /g) ?? []).length).toBe((xml.match(/<\/testsuite>/g) ?? []).length);
  });

  it('junit: survives hostile text (control characters, CDATA end markers, lone surrogates)', () => {
    const hostile = finding({ message: 'm \u0000\u001b[31m ]]> \ud800', excerpt: 'x ]]> y ]]> z \u0007' });
    const xml = renderJunit({ ...report, jobs: [{ ...(report.jobs[0] as CheckReport['jobs'][number]), findings: [hostile] }], probes: [] });
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    expect(xml.match(/\]\]>/g)?.length).toBe(xml.match(/<!\[CDATA\[/g)?.length);
  });

  it('pretty: tables, every finding, a verdict; colours only when asked', () => {
    const text = renderPretty(report);
    expect(text).not.toMatch(/\x1b\[/);
    expect(text).toMatch(/│ 4712\s+│ 40\s+│ RUNNING \(not terminal\)/);
    expect(text).toMatch(/✖ schema job 4711 · poll 2 · \+1\.2 s · jobs-retrieve 200/);
    expect(text).toMatch(/⚠ transport job 4711/);
    expect(text).toMatch(/✖ not checked job 4713: GET \/jobs\/4713\/ answered 404/);
    expect(text).toMatch(/FAIL 3 violation\(s\), 1 warning\(s\), 1 job\(s\) not checked · 3 job\(s\), 47 poll\(s\)/);
    expect(renderPretty(report, { color: true })).toMatch(/\x1b\[31m/);
  });
});
