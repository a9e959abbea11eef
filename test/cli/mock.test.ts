import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatStartTable, tryJob } from '../../src/cli/mock.js';
import { providerIds } from '../../src/providers/ids.js';
import { packageRoot } from '../../src/contracts/index.js';
import { createMock } from '../../src/mock/mock.js';
import { cli } from '../helpers/cli.js';

describe('job-contracts mock', () => {
  it('starts all five providers, prints the table and credentials, and serves what it printed', async () => {
    const child = spawn(process.execPath, [join(packageRoot(), 'src/cli/bin.js'), 'mock', '--port', '0', '--clock', 'manual'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`mock did not start: ${out}`)), 30_000);
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('Admin API')) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.once('exit', (code) => reject(new Error(`mock exited ${code}: ${out}`)));
      });
      for (const provider of ['aisquare', 'figur', 'osapi', 'cata-pos', 'scenario']) expect(out).toContain(`/${provider}`);
      expect(out).toMatch(/Demo credentials/);
      const tryLine = /Try \(the slow scenario.s job, still running\): curl (.*) (http:\/\/\S+)/.exec(out);
      expect(tryLine).not.toBeNull();
      const headers = Object.fromEntries([...(tryLine?.[1] ?? '').matchAll(/-H '([^:]+): ([^']+)'/g)].map((m) => [m[1], m[2]]));
      const response = await fetch(tryLine?.[2] as string, { headers: headers as Record<string, string> });
      expect(`${response.status} ${await response.text()}`, JSON.stringify({ tryLine, headers })).toMatch(/^200 /);
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);

  it('the start-up table fits 80 columns (even on a long origin), names each provider once with its base URL, then one row per seeded acme job', () => {
    const info = createMock({ clock: 'manual' }).describe('http://127.0.0.1:65535');
    const text = formatStartTable(info);
    const table = text.slice(0, text.indexOf('\nDemo credentials'));
    for (const line of table.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    for (const line of text.split('\n').filter((l) => !l.includes("-H '"))) expect(line.length, line).toBeLessThanOrEqual(80);
    const lines = table.split('\n');
    for (const p of info) {
      const at = lines.indexOf(`${p.id}  ${p.baseUrl}`);
      expect(at, p.id).toBeGreaterThan(0);
      const jobs = p.jobs.filter((j) => j.tenant === 'acme');
      expect(jobs.length).toBeGreaterThan(3);
      jobs.forEach((job, i) => {
        const [scenario, id] = (lines[at + 1 + i] ?? '').trim().split(/\s+/);
        expect([scenario, id]).toEqual([job.scenario, job.id]);
      });
    }
    // one column for the job ids
    const idColumns = new Set(lines.filter((l) => l.startsWith('  ')).map((l) => l.search(/\S+$/)));
    expect(idColumns.size).toBe(1);
  });

  it("the Try line's job is still running a minute after start (the slow scenario), for every provider first in line", () => {
    for (const id of providerIds) {
      const mock = createMock({ clock: 'manual', providers: [id] });
      const [info] = mock.describe('http://127.0.0.1:4010');
      const job = info ? tryJob(info) : undefined;
      expect(job?.scenario).toBe('slow');
      mock.clock.advance(60_000);
      const provider = mock.providers.get(id);
      const stored = provider?.store.get(job?.id ?? '');
      expect(stored && provider?.timeline(stored).nextAt, id).toBeDefined();
    }
  });

  it.each([
    [['mock', '--clock', 'sometimes'], /--clock must be wall, poll or manual/],
    [['mock', '--port', '99999'], /--port must be a whole number from 0 to 65535/],
    [['mock', '--provider', 'acme'], /--provider must be one of aisquare/],
    [['mock', '--speed', '0'], /--speed must be a number above 0/],
  ])('%j exits 2 with a clear message', async (args, message) => {
    const out = await cli(args);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(message);
  });
});
