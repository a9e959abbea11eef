/** Issue 12, beyond: `check --create <n>` starts jobs through the provider's own create operation. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkJobs, renderJson, renderJunit, renderPretty } from '../../src/check/index.js';
import { loadContract, loadSpec } from '../../src/contracts/index.js';
import { requestBodyOf } from '../../src/contracts/sample-request.js';
import { cli } from '../helpers/cli.js';
import { fakeStaging, JOB, json } from './fake-staging.js';
import { type MockFixture, startMock } from './mock-fixture.js';

let fixture: MockFixture;
let dir: string;
beforeAll(async () => {
  fixture = await startMock('check-create', ['figur', 'osapi', 'cata-pos', 'aisquare', 'scenario', 'azure', 'google']);
  dir = mkdtempSync(join(tmpdir(), 'check-create-'));
});
afterAll(async () => {
  await fixture?.server.close();
});

// azure names the new job in its Operation-Location header (x-job-created: idHeader) and takes
// an api-version query; google in its Operation's `name`, `operations/{id}` (idPointer: /name).
const createOps = { figur: 'createTryOnJob', osapi: 'createJob', 'cata-pos': 'createGenerationJob', azure: 'startAnalyze', google: 'importDocuments' } as const;

/** A valid request body of an operation, from its spec (examples, else generated and validated). */
function bodyOf(provider: keyof typeof createOps | 'figur', operationId: string): unknown {
  const contract = loadContract(provider);
  const op = contract.operation(operationId);
  if (!op) throw new Error(`${provider} has no ${operationId}`);
  return requestBodyOf(contract, op);
}

describe.each(Object.entries(createOps))('%s: --create against the mock', (provider, operation) => {
  it('starts the jobs, polls them clean to their end, and names them in every report', async () => {
    const p = fixture.of(provider as keyof typeof createOps);
    const report = await checkJobs({
      provider,
      baseUrl: p.baseUrl,
      jobs: [],
      create: 2,
      createBody: bodyOf(provider as keyof typeof createOps, operation),
      headers: fixture.headersOf(provider as keyof typeof createOps, 'acme'),
      intervalMs: 0,
      maxPolls: 25,
      sleep: async () => {},
    });
    const ids = report.created.map((c) => c.id);
    expect(ids).toHaveLength(2);
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(report.jobs.map((j) => [j.id, j.created, j.terminal, j.findings])).toEqual(ids.map((id) => [id, true, true, []]));
    expect(report.summary).toMatchObject({ violations: 0, errors: 0 });
    for (const text of [renderJson(report), renderJunit(report), renderPretty(report)]) for (const id of ids) expect(text).toContain(String(id));
    expect(renderPretty(report)).toMatch(/\+ created job/);
  });
});

describe('--create on the command line', () => {
  it.each(['aisquare', 'scenario'])('%s has no create endpoint: one line, exit 2', async (provider) => {
    const r = await cli(['check', '--provider', provider, '--base-url', fixture.of(provider as 'aisquare').baseUrl, '--create', '1', '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`${provider} has no create endpoint`));
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('is capped at 20, and a create that needs a body asks for --create-body', async () => {
    const base = ['check', '--provider', 'figur', '--base-url', fixture.of('figur').baseUrl, '--quiet'];
    expect((await cli([...base, '--create', '21'])).code).toBe(2);
    const noBody = await cli([...base, '--create', '1']);
    expect(noBody.code).toBe(2);
    expect(noBody.stderr).toMatch(/needs a request body: pass --create-body/);
  });

  it('--create-body from a file; the created ids are in the JSON report', async () => {
    const file = join(dir, 'body.json');
    writeFileSync(file, JSON.stringify(bodyOf('figur', 'createTryOnJob')));
    const [name, value] = Object.entries(fixture.headersOf('figur', 'acme'))[0] as [string, string];
    const r = await cli(['check', '--provider', 'figur', '--base-url', fixture.of('figur').baseUrl, '--create', '1', '--create-body', file, '--header', `${name}: ${value}`, '--interval', '0', '--reporter', 'json', '--skip-probe', 'tenant']);
    const report = JSON.parse(r.stdout);
    expect(report.created).toHaveLength(1);
    expect(report.jobs[0]).toMatchObject({ id: report.created[0].id, created: true });
  });
});

describe('x-job-created', () => {
  const figurSpec = readFileSync(new URL('../../specs/figur.yaml', import.meta.url), 'utf8');
  const specsWith = (text: string) => {
    const folder = mkdtempSync(join(dir, 'specs-'));
    writeFileSync(join(folder, 'figur.yaml'), text);
    return folder;
  };

  it('idHeader: the id is the getJob path id at the end of the header URL', async () => {
    const specsDir = specsWith(figurSpec.replaceAll('      x-job-created:\n        idPointer: /job_id\n', '      x-job-created:\n        idHeader: Operation-Location\n'));
    const server = fakeStaging({ create: () => json(202, { request_id: '01JWQYPXPGR9ZH15CBY448HZW4', job_id: 'ignored', status: 'NOT_STARTED', credits_cost: 2 }, { 'operation-location': `https://staging.figur.test/v1/jobs/${JOB}` }) });
    const report = await checkJobs({ ...server.options, specsDir, jobs: [], create: 1, createBody: bodyOf('figur', 'createTryOnJob'), probes: false });
    expect(report.created.map((c) => c.id)).toEqual([JOB]);
    expect(report.jobs.map((j) => j.id)).toEqual([JOB]);
  });

  it('a 2xx without the id is a finding, and no job is polled', async () => {
    const server = fakeStaging({ create: () => json(202, { request_id: '01JWQYPXPGR9ZH15CBY448HZW4', status: 'NOT_STARTED', credits_cost: 2 }) });
    const report = await checkJobs({ ...server.options, jobs: [], create: 1, createBody: bodyOf('figur', 'createTryOnJob'), probes: false });
    expect(report.created[0]?.id).toBeNull();
    expect(report.created[0]?.findings.map((f) => f.rule)).toContain('x-job-created');
    expect(report.jobs).toEqual([]);
    expect(report.summary.violations).toBeGreaterThan(0);
  });

  it('is refused at load when malformed, misplaced, or misspelled', () => {
    const load = (text: string) => () => loadSpec('figur', specsWith(text));
    expect(load(figurSpec.replace('idPointer: /job_id', 'idPointer: job_id'))).toThrow(/malformed x-job-created/);
    expect(load(figurSpec.replace('      x-job-role: getJob\n', '      x-job-role: getJob\n      x-job-created: { idPointer: /job_id }\n'))).toThrow(/belongs on createJob operations/);
    expect(load(figurSpec.replace('      x-job-role: getJob\n', '      x-job-role: getJob\n      x-job-creatd: { idPointer: /job_id }\n'))).toThrow(/x-job-creatd, which is not an operation extension/);
  });
});
