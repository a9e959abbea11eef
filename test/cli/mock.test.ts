import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatStartTable } from '../../src/cli/mock.js';
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
      const tryLine = /Try: curl (.*) (http:\/\/\S+)/.exec(out);
      expect(tryLine).not.toBeNull();
      const headers = Object.fromEntries([...(tryLine?.[1] ?? '').matchAll(/-H '([^:]+): ([^']+)'/g)].map((m) => [m[1], m[2]]));
      const response = await fetch(tryLine?.[2] as string, { headers: headers as Record<string, string> });
      expect(`${response.status} ${await response.text()}`, JSON.stringify({ tryLine, headers })).toMatch(/^200 /);
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);

  it('the start-up table has one aligned row per seeded acme job, each provider named once with its base URL', () => {
    const info = createMock({ clock: 'manual' }).describe('http://127.0.0.1:4010');
    const [header, ...rows] = formatStartTable(info).split('\n');
    const idColumn = header?.indexOf('job id (tenant acme)') ?? -1;
    const scenarioColumn = header?.indexOf('scenario') ?? -1;
    expect(idColumn).toBeGreaterThan(scenarioColumn);
    for (const p of info) {
      const jobs = p.jobs.filter((j) => j.tenant === 'acme');
      expect(jobs.length).toBeGreaterThan(3);
      const first = rows.findIndex((row) => row.startsWith(`${p.id} `));
      expect(rows[first]).toContain(p.baseUrl);
      jobs.forEach((job, i) => {
        const row = rows[first + i] ?? '';
        expect(row.slice(idColumn)).toBe(job.id);
        expect(row.slice(scenarioColumn, idColumn).trim()).toBe(job.scenario);
        if (i > 0) expect(row.slice(0, scenarioColumn).trim()).toBe('');
      });
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
