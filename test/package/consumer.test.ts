import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/contracts/index.js';

const run = promisify(execFile);
const root = packageRoot();
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version: string }> };
const versionOf = (name: string) => lock.packages[`node_modules/${name}`]?.version as string;
const work = mkdtempSync(join(tmpdir(), 'job-contracts-consumer-'));
let tarball = '';

/** A user's own spec, for `generate --spec`. */
const ORDERS_SPEC = `openapi: 3.1.0
info: { title: Orders, version: '1' }
paths:
  /orders/{id}:
    get:
      operationId: getOrder
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses:
        '200':
          description: the order
          content: { application/json: { schema: { $ref: '#/components/schemas/Order' } } }
components:
  schemas:
    Order:
      type: object
      required: [id, total]
      properties: { id: { type: string }, total: { type: number } }
`;

/** The README's "Use in your tests" example, exactly as a reader would copy it. */
function readmeExample(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const match = /<!-- example:msw -->\s*```ts\n([\s\S]*?)```\s*<!-- \/example:msw -->/.exec(readme);
  if (!match) throw new Error('README.md has no <!-- example:msw --> block');
  return match[1] as string;
}

/** README "Add your own job API": its files, as a reader would write them. */
function tutorialFiles(): Map<string, string> {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  return new Map([...readme.matchAll(/<!-- tutorial:(\S+) -->\s*```\w+\n([\s\S]*?)```\s*<!-- \/tutorial -->/g)].map((m) => [m[1] as string, m[2] as string]));
}

/**
 * The subpaths a consumer can import: the plain export entries, and for the wildcard ones
 * (`./msw/*` → mocks/, `./types/*` → generated/) one per file they match.
 */
function subpaths(exports: Record<string, unknown>): { plain: string[]; expanded: string[] } {
  const plain: string[] = [];
  const expanded: string[] = [];
  for (const key of Object.keys(exports)) {
    if (key === './package.json') continue;
    const match = /^\.\/(msw|types)\/\*$/.exec(key);
    if (!match) plain.push(key);
    else for (const file of readdirSync(join(root, match[1] === 'msw' ? 'mocks' : 'generated')).filter((f) => f.endsWith('.ts'))) expanded.push(`./${match[1]}/${file.slice(0, -3)}`);
  }
  return { plain, expanded };
}

async function npm(args: string[], cwd: string, timeout = 240_000) {
  return run('npm', args, { cwd, timeout, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' } });
}

beforeAll(async () => {
  const packed = await npm(['pack', '--json', '--pack-destination', work], root);
  const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as Array<{ filename: string }>;
  tarball = join(work, (info as { filename: string }).filename);
}, 300_000);
// Removing the consumer project's node_modules can take over 30 s on a loaded machine.
afterAll(() => rmSync(work, { recursive: true, force: true }), 120_000);

describe('the packed package', () => {
  it('passes publint and arethetypeswrong (ESM only, types first)', async () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    // publint exits non-zero on errors; --strict turns warnings into errors.
    const lint = await run(process.execPath, [join(root, 'node_modules/publint/src/cli.js'), '--strict', tarball], { cwd: root, timeout: 120_000 });
    expect(lint.stdout).toMatch(/All good!/);
    // attw exits non-zero on any problem; every export must resolve as ESM with types.
    // attw does not expand wildcard entries: it is given each subpath they serve.
    const { plain, expanded } = subpaths(pkg.exports);
    const attw = await run(process.execPath, [join(root, 'node_modules/@arethetypeswrong/cli/dist/index.js'), tarball, '--profile', 'esm-only', '--format', 'ascii', '--include-entrypoints', ...expanded], { cwd: root, timeout: 120_000 });
    // The per-provider subpaths are wildcards (`./msw/*`, `./types/*`): attw checks each file they match.
    expect(pkg.exports['./msw/*']).toEqual({ types: './dist/mocks/*.d.ts', default: './dist/mocks/*.js' });
    expect(pkg.exports['./types/*']).toEqual({ types: './dist/generated/*.d.ts', default: './dist/generated/*.js' });
    expect(expanded).toContain('./msw/figur');
    expect(expanded).toContain('./types/google');
    expect(attw.stdout.match(/node16 \(from ESM\): 🟢 \(ESM\)/g)?.length).toBe(plain.length + expanded.length);
  }, 240_000);

  it("works in a fresh consumer project: the README's MSW example passes under vitest", async () => {
    const consumer = join(work, 'consumer');
    await run('mkdir', ['-p', consumer]);
    writeFileSync(
      join(consumer, 'package.json'),
      JSON.stringify({
        name: 'consumer',
        private: true,
        type: 'module',
        devDependencies: { 'job-contracts': `file:${tarball}`, msw: versionOf('msw'), vitest: versionOf('vitest'), typescript: versionOf('typescript') },
      }),
    );
    // strict, as a new project's tsconfig is: the README's example must compile there as copied.
    writeFileSync(join(consumer, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, skipLibCheck: true, lib: ['ES2023', 'DOM'] } }));
    writeFileSync(join(consumer, 'jobs.test.ts'), readmeExample());
    writeFileSync(
      join(consumer, 'types.ts'),
      "import { createJobHandlers } from 'job-contracts/msw';\nimport { validateResponse } from 'job-contracts';\nconst h = createJobHandlers({ provider: 'figur', clock: 'manual' });\nexport const status: string | undefined = h.job(h.jobIds[0] ?? '').status;\nexport const ok: boolean = validateResponse({ provider: 'figur', operation: 'getJob', status: 200, body: {} }).ok;\n",
    );
    // As a user installs: from the registry (whatever npm cache this run has, empty in CI), the
    // exact versions our lock file holds, bounded in time; no install scripts, as npm 11 may skip them.
    await npm(['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', '--fetch-timeout=60000', '--fetch-retries=2'], consumer, 420_000);
    // `generate` on the user's own spec, from the installed package; the types it writes compile.
    writeFileSync(join(consumer, 'orders.yaml'), ORDERS_SPEC);
    const generated = await run(join(consumer, 'node_modules/.bin/job-contracts'), ['generate', '--spec', 'orders.yaml', '--out', 'types'], { cwd: consumer, timeout: 60_000 });
    expect(generated.stdout).toMatch(/wrote .*orders\.ts/);
    writeFileSync(join(consumer, 'use-types.ts'), "import type { components } from './types/orders.js';\nexport const order: components['schemas']['Order'] = { id: 'o1', total: 3 };\n");
    // tsc reports on stdout: a failure shows what did not compile.
    await run(join(consumer, 'node_modules/.bin/tsc'), ['-p', consumer], { cwd: consumer, timeout: 120_000 }).catch((error: { stdout?: string }) => {
      throw new Error(`tsc (strict) failed in the consumer project:\n${error.stdout ?? error}`);
    });
    const result = await run(join(consumer, 'node_modules/.bin/vitest'), ['run', 'jobs.test.ts', '--reporter=verbose'], { cwd: consumer, timeout: 180_000 });
    expect(result.stdout).toMatch(/5 passed/);
    // The tutorial, followed as written in its own folder: no TypeScript, its MSW test passes,
    // and the bin finds the provider through job-contracts.config.yaml.
    const farm = join(consumer, 'render-farm');
    for (const [name, text] of tutorialFiles()) {
      mkdirSync(dirname(join(farm, name)), { recursive: true });
      writeFileSync(join(farm, name), text);
    }
    const tutorial = await run(join(consumer, 'node_modules/.bin/vitest'), ['run', '--reporter=verbose'], { cwd: farm, timeout: 180_000 });
    expect(tutorial.stdout).toMatch(/2 passed/);
    const listed = await run(join(consumer, 'node_modules/.bin/job-contracts'), ['scenarios'], { cwd: farm, timeout: 60_000 });
    expect(listed.stdout).toMatch(/render-farm\/failure[\s\S]*render-farm\/happy-path/);
    const bin = await run(join(consumer, 'node_modules/.bin/job-contracts'), ['scenarios', '--provider', 'figur'], { cwd: consumer, timeout: 60_000 });
    expect(bin.stdout).toMatch(/figur\/intermediate-artifacts/);
    const version = await run(join(consumer, 'node_modules/.bin/job-contracts'), ['--version'], { cwd: consumer, timeout: 60_000 });
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
    // The start-up work shipped in dist/: a first start in an empty cache folder computes nothing.
    const empty = join(work, 'empty-cache');
    const script = `import { createMock } from 'job-contracts/server'; const m = createMock({ clock: 'manual', cache: ${JSON.stringify(empty)} }); console.log(JSON.stringify({ ...m.cache, problems: m.problems.length }));`;
    const first = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: consumer, timeout: 60_000 });
    const stats = JSON.parse(first.stdout) as { hits: number; misses: number; problems: number };
    expect(stats).toMatchObject({ misses: 0, problems: 0 });
    expect(stats.hits).toBeGreaterThan(80);
  }, 600_000);
});
