/**
 * Problems in a spec's x-job-mock or a scenario file are printed as `file:line: …` (issue 13:
 * "validated at load with file/line messages"; issue 14: a broken `--watch` edit prints file:line).
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/contracts/index.js';
import { lineOf } from '../../src/load/locate.js';
import { createMock } from '../../src/mock/mock.js';
import { describeReload } from '../../src/node/watch.js';
import { cli } from '../helpers/cli.js';

const root = packageRoot();

/** A user provider (a copy of azure) whose spec text is `edit`ed; the 1-based line of `marker` in it. */
function provider(edit: (spec: string) => string, marker: string) {
  const dir = mkdtempSync(join(tmpdir(), 'job-contracts-locate-'));
  const spec = join(dir, 'monitor.yaml');
  const text = edit(readFileSync(join(root, 'specs', 'azure.yaml'), 'utf8'));
  writeFileSync(spec, text);
  cpSync(join(root, 'scenarios', 'azure'), join(dir, 'scenarios'), { recursive: true });
  const line = text.split('\n').findIndex((l) => l.includes(marker)) + 1;
  if (line === 0) throw new Error(`marker ${marker} not in the edited spec`);
  return { dir, spec, line };
}

describe('lineOf', () => {
  it('finds the key of a member, an item of a list, and keys with / and ~ (escaped in the pointer)', () => {
    const text = 'a:\n  b: 1\n  list:\n    - x\n    - y: 2\npaths:\n  /v1/jobs~x:\n    get: {}\n';
    expect(lineOf(text, '/a/b')).toBe(2);
    expect(lineOf(text, '/a/list/1')).toBe(5);
    expect(lineOf(text, '/a/list/1/y')).toBe(5);
    expect(lineOf(text, '/paths/~1v1~1jobs~0x/get')).toBe(8);
  });

  it('stops at the deepest node that exists (a missing member points at its parent)', () => {
    expect(lineOf('a:\n  b:\n    c: 1\n', '/a/b/nope/deeper')).toBe(2);
    expect(lineOf('{\n  "a": {\n    "b": 1\n  }\n}\n', '/a/b')).toBe(3); // JSON too
  });
});

describe('the CLI prints file:line', () => {
  it('an unknown key at the root of x-job-mock', async () => {
    const { spec, line } = provider((t) => t.replace(/^x-job-mock:\n/m, 'x-job-mock:\n  bogusKey: true\n'), 'bogusKey');
    const r = await cli(['scenarios', '--spec', spec]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${spec}:${line}: x-job-mock must NOT have additional properties ("bogusKey")`);
  });

  it("an unknown key in an operation's x-job-mock", async () => {
    const { spec, line } = provider((t) => t.replace(/(operationId: startAnalyze\n(?:.*\n)*? {6}x-job-mock:\n)/, '$1        nonsense: 1\n'), 'nonsense: 1');
    const r = await cli(['scenarios', '--spec', spec]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${spec}:${line}: POST /analyze x-job-mock must NOT have additional properties ("nonsense")`);
  });

  it('a scenario step with an unknown key', async () => {
    const { dir, spec } = provider((t) => t, 'openapi');
    const file = join(dir, 'scenarios', 'happy-path.yaml');
    const text = readFileSync(file, 'utf8').replace(/\n {2}- at: /, '\n  - oops: 1\n    at: ');
    writeFileSync(file, text);
    const line = text.split('\n').findIndex((l) => l.includes('oops: 1')) + 1;
    const r = await cli(['scenarios', '--spec', spec, '--scenarios', join(dir, 'scenarios')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:${line}: step 0`);
    expect(r.stderr).toContain('"oops"');
  });

  it('and so does a reload that keeps the last good spec (mock --watch)', () => {
    const { dir, spec } = provider((t) => t, 'openapi');
    const mock = createMock({ providers: [{ spec, scenarios: join(dir, 'scenarios') }], clock: 'manual', cache: false, seedJobs: false });
    const broken = readFileSync(spec, 'utf8').replace(/^x-job-mock:\n/m, 'x-job-mock:\n  bogusKey: true\n');
    writeFileSync(spec, broken);
    const line = broken.split('\n').findIndex((l) => l.includes('bogusKey')) + 1;
    const report = mock.reload();
    expect(report.kept).toEqual(['monitor']);
    expect(describeReload(report)).toContain(`${spec}:${line}: x-job-mock must NOT have additional properties ("bogusKey")`);
  });
});
