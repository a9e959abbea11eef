/**
 * `--spec <file>… --scenarios <dir>…` and job-contracts.config.{json,yaml}: every command finds
 * the user's providers the same way, and every mistake is one line with exit code 2.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/contracts/index.js';
import { createJobHandlers } from '../../src/msw/index.js';
import { cli } from '../helpers/cli.js';

const example = join(packageRoot(), 'examples', 'render-farm');
const work = mkdtempSync(join(tmpdir(), 'job-contracts-own-'));
const spec = join(work, 'render-farm.yaml');
const scenarios = join(work, 'scenarios');
cpSync(join(example, 'render-farm.yaml'), spec);
cpSync(join(example, 'scenarios'), scenarios, { recursive: true });
const specText = readFileSync(spec, 'utf8');
// The same API without x-job-mock: fine for validate, not for the mock.
const bare = join(work, 'bare.yaml');
writeFileSync(bare, specText.replace(/\nx-job-mock:\n[\s\S]*?\n\npaths:/, '\n\npaths:'));
const cwd = process.cwd();
afterEach(() => process.chdir(cwd));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A fresh folder holding `config` as its config file (and the render-farm files). */
function project(name: string, config: string): string {
  const dir = join(work, `project-${Math.random().toString(36).slice(2)}`);
  mkdirSync(dir);
  cpSync(spec, join(dir, 'render-farm.yaml'));
  cpSync(scenarios, join(dir, 'scenarios'), { recursive: true });
  writeFileSync(join(dir, name), config);
  return dir;
}

describe('--spec and --scenarios', () => {
  it('serve the scenarios of a spec of your own, and --provider takes its id', async () => {
    const listed = await cli(['scenarios', '--spec', spec, '--scenarios', scenarios, '--provider', 'render-farm', '--json']);
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.stdout) as { scenarios: Array<{ provider: string; name: string }> }).scenarios.map((s) => `${s.provider}/${s.name}`)).toEqual(['render-farm/failure', 'render-farm/happy-path']);
  });

  it('validate needs no x-job-mock and no --provider with one --spec', async () => {
    const body = JSON.stringify({ id: 'rnd_0123456789ab', status: 'done', progress: 100, created_at: '2026-01-01T00:00:00Z', output_url: 'https://cdn.example/x.mp4' });
    expect(await cli(['validate', '--spec', bare, '--operation', 'getRender', '-'], body)).toMatchObject({ code: 0 });
    const missing = await cli(['validate', '--spec', bare, '--', '-'], JSON.stringify({ id: 'rnd_0123456789ab', status: 'done' }));
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(/progress/);
  });

  it('check takes the spec of your own (and still asks for jobs)', async () => {
    const out = await cli(['check', '--spec', spec, '--base-url', 'http://127.0.0.1:1']);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/pass at least one --job/);
  });

  it('generate --spec --out writes the types of your spec, and --check finds them fresh', async () => {
    const out = join(work, 'types');
    const wrote = await cli(['generate', '--spec', spec, '--out', out]);
    expect(wrote, wrote.stderr).toMatchObject({ code: 0 });
    const types = readFileSync(join(out, 'render-farm.ts'), 'utf8');
    expect(types).toMatch(/getRender: \{/);
    expect(types).toMatch(/RenderStatus: "queued" \| "rendering" \| "done" \| "failed"/);
    expect(await cli(['generate', '--spec', spec, '--out', out, '--check'])).toMatchObject({ code: 0 });
    writeFileSync(join(out, 'render-farm.ts'), `${types}// edited\n`);
    expect(await cli(['generate', '--spec', spec, '--out', out, '--check'])).toMatchObject({ code: 1 });
  });

  const usage: Array<[string, string[], RegExp]> = [
    ['a spec file that is not there', ['scenarios', '--spec', join(work, 'nope.yaml')], /--spec .*nope\.yaml: no such file/],
    ['stdin caught by --spec', ['validate', '--spec', spec, '-'], /--spec - is not an OpenAPI document/],
    ['a body file caught by --spec', ['validate', '--spec', spec, join(example, 'scenarios', 'failure.yaml')], /--spec .*failure\.yaml is not an OpenAPI document.*end the list with --/],
    ['a scenario folder that is not there', ['mock', '--spec', spec, '--scenarios', join(work, 'nowhere')], /--scenarios .*nowhere: no such folder/],
    ['a spec without x-job-mock in the mock', ['scenarios', '--spec', bare, '--scenarios', scenarios], /bare\.yaml has no x-job-mock at its root/],
    ['a provider of your own without scenarios', ['mock', '--spec', spec, '--port', '0'], /render-farm has no usable scenario files: pass --scenarios <dir>/],
    ['a built-in id next to --spec', ['validate', '--spec', spec, '--provider', 'figur', '-'], /--provider must be one of render-farm \(providers from --spec\), got "figur"/],
    ['generate --out without --spec', ['generate', '--out', work], /--out needs --spec/],
  ];
  it.each(usage)('exit 2 with one line for %s', async (_name, args, want) => {
    const out = await cli(args, '{}');
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(want);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('job-contracts.config.{json,yaml}', () => {
  it('lists the providers of every command in the working directory (JSON, builtins on)', async () => {
    process.chdir(project('job-contracts.config.json', JSON.stringify({ providers: [{ spec: 'render-farm.yaml', scenarios: 'scenarios' }], builtins: true })));
    const listed = await cli(['scenarios', '--json']);
    expect(listed.code).toBe(0);
    const providers = new Set((JSON.parse(listed.stdout) as { scenarios: Array<{ provider: string }> }).scenarios.map((s) => s.provider));
    expect(providers).toContain('render-farm');
    expect(providers).toContain('figur');
  });

  const bad: Array<[string, string, string, RegExp]> = [
    ['YAML that does not parse', 'job-contracts.config.yaml', 'providers: [\n', /job-contracts\.config\.yaml: cannot be read as YAML/],
    ['JSON that does not parse', 'job-contracts.config.json', '{ providers: ', /job-contracts\.config\.json: cannot be read as JSON/],
    ['an unknown field', 'job-contracts.config.yaml', 'provider: []\n', /unknown field "provider"/],
    ['providers that is not a list', 'job-contracts.config.yaml', 'providers: render-farm.yaml\n', /"providers" must be a list/],
    ['an entry without spec', 'job-contracts.config.yaml', 'providers:\n  - scenarios: scenarios\n', /providers\[0\]\.spec must be the path of a spec file/],
    ['a spec that is not there', 'job-contracts.config.yaml', 'providers:\n  - spec: nope.yaml\n', /providers\[0\]\.spec nope\.yaml: no such file/],
    ['scenarios that are not a folder', 'job-contracts.config.yaml', 'providers:\n  - spec: render-farm.yaml\n    scenarios: render-farm.yaml\n', /providers\[0\]\.scenarios render-farm\.yaml: not a folder/],
    ['builtins that is not a boolean', 'job-contracts.config.yaml', 'providers: []\nbuiltins: yes please\n', /"builtins" must be true or false/],
    ['two providers with one id', 'job-contracts.config.yaml', 'providers:\n  - spec: render-farm.yaml\n  - spec: ./render-farm.yaml\n', /two providers are called "render-farm"/],
  ];
  it.each(bad)('exit 2 with one line for %s', async (_name, file, text, want) => {
    process.chdir(project(file, text));
    const out = await cli(['scenarios']);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(want);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('createJobHandlers with a provider of your own', () => {
  it('refuses a scenario that breaks the spec, naming its file', () => {
    const broken = join(work, 'broken-scenarios');
    mkdirSync(broken, { recursive: true });
    writeFileSync(join(broken, 'happy-path.yaml'), 'name: happy-path\ndescription: Ends in a state the spec does not know.\nsteps:\n  - at: 0\n    set: { /status: finished }\n');
    expect(() => createJobHandlers({ spec, scenarios: broken, clock: 'manual' })).toThrow(/happy-path\.yaml/);
  });
});
