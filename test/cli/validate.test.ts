import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/contracts/index.js';
import { cli } from '../helpers/cli.js';

const root = packageRoot();

describe('job-contracts validate', () => {
  it('exits 0 on a valid body read from a file', async () => {
    const out = await cli(['validate', '--provider', 'scenario', join(root, 'test/fixtures/scenario/seed-job-response.json')]);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/valid/);
  });

  it('exits 1 and prints pointer, rule, expected and actual on an invalid body from stdin', async () => {
    const out = await cli(['validate', '--provider', 'scenario', '-'], JSON.stringify({ job: { jobId: 'j', jobType: 'nope' } }));
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/\/job\/jobType\s+enum\s+expected one of/);
    expect(out.stdout).toMatch(/\/job\/status\s+required/);
  });

  it('--json prints the issues as JSON', async () => {
    const out = await cli(['validate', '--provider', 'aisquare', '--status', '404', '--json', '-'], '{"detail": 5}');
    expect(out.code).toBe(1);
    const report = JSON.parse(out.stdout);
    expect(report.valid).toBe(false);
    expect(report.issues[0]).toMatchObject({ pointer: '/detail', rule: 'type' });
  });

  it('reports an undocumented status as an issue, not a crash', async () => {
    const out = await cli(['validate', '--provider', 'cata-pos', '--status', '418', '-'], '{}');
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/status\s+expected one of/);
  });

  const usage: Array<[string, { args: string[]; stdin?: string; want: RegExp }]> = [
    ['unknown provider', { args: ['validate', '--provider', 'acme', '-'], stdin: '{}', want: /--provider must be one of aisquare, azure, cata-pos, figur, google, osapi, scenario, got "acme"\. For a provider of your own, pass its spec: --spec <file>\./ }],
    ['unknown operation', { args: ['validate', '--provider', 'figur', '--operation', 'fly', '-'], stdin: '{}', want: /figur has no operation "fly". Use one of:/ }],
    ['unreadable file', { args: ['validate', '--provider', 'figur', '/nope/x.json'], want: /cannot read \/nope\/x.json: ENOENT/ }],
    ['input that is not JSON', { args: ['validate', '--provider', 'figur', '-'], stdin: 'not json', want: /stdin is not JSON/ }],
    ['bad status', { args: ['validate', '--provider', 'figur', '--status', 'abc', '-'], stdin: '{}', want: /--status must be a whole number/ }],
    ['missing --provider', { args: ['validate', '-'], stdin: '{}', want: /pass --provider <id>: one of aisquare, azure/ }],
  ];
  it.each(usage)('exits 2 with a one-line fix for %s', async (_name, { args, stdin, want }) => {
    const out = await cli(args, stdin);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(want);
    expect(out.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});

describe('the job-contracts bin', () => {
  it('runs from a clone through tsx and exits with the command\'s code', async () => {
    const run = promisify(execFile);
    const failed = await run(process.execPath, [join(root, 'src/cli/bin.js'), 'validate', '--provider', 'nope', join(root, 'package.json')], { cwd: root, timeout: 30_000 }).catch((e: { code: number; stderr: string }) => e);
    expect('code' in failed && failed.code).toBe(2);
    expect('stderr' in failed && failed.stderr).toMatch(/^job-contracts: --provider must be one of .*, got "nope"/);
  });
});
