import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/contracts/index.js';
import { cli } from '../helpers/cli.js';

const work = mkdtempSync(join(tmpdir(), 'job-contracts-scenario-folders-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const happy = readFileSync(join(packageRoot(), 'scenarios/figur/happy-path.yaml'), 'utf8');

/** A folder with one good and one broken figur scenario; the broken one breaks the spec at step 2. */
function brokenFolder(): { dir: string; file: string; line: number } {
  const dir = join(work, 'broken');
  mkdirSync(join(dir, 'figur'), { recursive: true });
  writeFileSync(join(dir, 'figur/still-fine.yaml'), happy.replace('name: happy-path', 'name: still-fine'));
  const text = 'name: bad-status\ndescription: the third step has a status figur does not know\nsteps:\n  - at: 0\n    set: { /status: NOT_STARTED }\n  - at: 100\n    set: { /status: IN_PROGRESS }\n  - at: 200\n    set: { /status: EXPLODED }\n';
  const file = join(dir, 'figur/bad-status.yaml');
  writeFileSync(file, text);
  return { dir, file, line: 8 };
}

describe('--scenarios folders', () => {
  it.each(['mock', 'scenarios'])('%s: a folder that does not exist exits 2 naming it', async (command) => {
    const missing = join(work, 'nope');
    const out = await cli([command, '--port', '0', '--clock', 'manual', '--scenarios', missing].filter((a, i, all) => command === 'mock' || !['--port', '--clock'].includes(all[i - 1] ?? '') && !['--port', '--clock'].includes(a)));
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(`--scenarios ${missing}: no such folder`);
  });

  it.each(['mock', 'scenarios'])('%s: a subfolder named after no provider, or files outside a provider folder, exit 2', async (command) => {
    const wrong = join(work, 'wrong');
    mkdirSync(join(wrong, 'acme'), { recursive: true });
    const out = await cli([command, '--scenarios', wrong]);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/"acme" names no provider.*<dir>\/<provider>\/<name>\.yaml/);
    const loose = join(work, 'loose');
    mkdirSync(loose, { recursive: true });
    writeFileSync(join(loose, 'x.yaml'), happy);
    const flat = await cli([command, '--scenarios', loose]);
    expect(flat.code).toBe(2);
    expect(flat.stderr).toMatch(/x\.yaml is not in a provider's folder/);
  });

  it.each(['mock', 'scenarios'])('%s refuses a broken scenario file with file:line, exit 2', async (command) => {
    const { dir, file, line } = brokenFolder();
    const out = await cli([command, '--clock', 'manual', '--scenarios', dir].filter((a, i, all) => command === 'mock' || (a !== '--clock' && all[i - 1] !== '--clock')));
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(`${file}:${line}: step 2`);
    expect(out.stderr).toMatch(/--skip-broken-scenarios/);
  });

  it('scenarios --skip-broken-scenarios lists the rest, warns, exits 0', async () => {
    const { dir, file } = brokenFolder();
    const out = await cli(['scenarios', '--provider', 'figur', '--skip-broken-scenarios', '--scenarios', dir]);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('figur/still-fine');
    expect(out.stderr).toMatch(new RegExp(`skipped: ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+: step 2`));
  });

  it('mock --skip-broken-scenarios serves the rest and says what it skipped', async () => {
    const { dir, file } = brokenFolder();
    const child = spawn(process.execPath, [join(packageRoot(), 'src/cli/bin.js'), 'mock', '--port', '0', '--clock', 'manual', '--provider', 'figur', '--skip-broken-scenarios', '--scenarios', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      let err = '';
      child.stderr.on('data', (chunk: Buffer) => void (err += chunk.toString()));
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`mock did not start: ${out}${err}`)), 60_000);
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('Ctrl-C stops')) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.once('exit', (code) => reject(new Error(`mock exited ${code}: ${err}`)));
      });
      expect(out).toContain('still-fine');
      expect(err).toContain(`skipped: ${file}:`);
    } finally {
      child.kill('SIGTERM');
    }
  }, 90_000);
});
