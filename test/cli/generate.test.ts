import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/contracts/index.js';
import { cli } from '../helpers/cli.js';

const work = mkdtempSync(join(tmpdir(), 'job-contracts-generate-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('job-contracts generate / --version', () => {
  it('--version prints the package version', async () => {
    const out = await cli(['--version']);
    expect(out.code).toBe(0);
    expect(out.stdout.trim()).toBe(JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')).version);
  });

  it('--spec <file> --out <dir> writes <dir>/<name>.ts; --check then finds nothing stale', async () => {
    const out = join(work, 'types');
    const first = await cli(['generate', '--spec', join(packageRoot(), 'specs/figur.yaml'), '--out', out]);
    expect(first.code, first.stderr).toBe(0);
    expect(readFileSync(join(out, 'figur.ts'), 'utf8')).toMatch(/export interface paths/);
    const again = await cli(['generate', '--check', '--spec', join(packageRoot(), 'specs/figur.yaml'), '--out', out]);
    expect(again).toMatchObject({ code: 0, stdout: expect.stringMatching(/up to date/) });
  }, 60_000);

  it.each([
    ['a missing spec', () => ['generate', '--spec', join(work, 'nope.yaml'), '--out', work], /--spec .*nope\.yaml: no such file/],
    ['a spec that is not YAML', () => {
      writeFileSync(join(work, 'broken.yaml'), 'openapi: 3.1.0\npaths: [\n');
      return ['generate', '--spec', join(work, 'broken.yaml'), '--out', join(work, 'never')];
    }, /broken\.yaml: openapi-typescript could not read it/],
    ['--out without --spec', () => ['generate', '--out', work], /--out needs --spec/],
  ])('%s exits 2 with the fix, not a stack trace', async (_name, args, message) => {
    const out = await cli(args());
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(message);
    expect(out.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(work, 'never'))).toBe(false);
  }, 60_000);
});
