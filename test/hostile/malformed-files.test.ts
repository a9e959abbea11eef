/**
 * Broken scenario and spec files: each gives one clear message naming the file, the line or
 * step, and the rule — never a stack trace — and a broken file does not take down the rest.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContracts, loadContract } from '../../src/contracts/contracts.js';
import { ConfigError } from '../../src/errors/index.js';
import { createMock, type Mock } from '../../src/mock/mock.js';
import { serve } from '../../src/mock/node-server.js';
import { providerIds } from '../../src/providers/ids.js';
import { cli } from '../helpers/cli.js';
import { call, operationUrl } from '../helpers/drive.js';

const STACK = /\n\s+at\s|node:internal|\.[cm]?[jt]s:\d+:\d+/;
const happy = readFileSync(join(import.meta.dirname, '../../scenarios/figur/happy-path.yaml'), 'utf8');
const steps = (lines: string[]) => ['name: NAME', 'description: A broken scenario.', 'steps:', ...lines].join('\n');

/** [file under <dir>/<provider>/, contents, what the message must say]. */
const brokenScenarios: Array<[string, string, RegExp]> = [
  ['figur/yaml-error.yaml', steps(['  - at: 0', '    status: [NOT_STARTED', '  - at: 10']), /yaml-error\.yaml:\d+: .*Fix the YAML/],
  ['figur/tab-indent.yaml', steps(['  - at: 0', '\tstatus: NOT_STARTED']), /tab-indent\.yaml:\d+: .*Fix the YAML/],
  ['figur/unknown-key.yaml', steps(['  - at: 0', '    status: NOT_STARTED', '  - at: 10', '    colour: red']), /unknown-key\.yaml: step 1: must NOT have additional properties "colour" \(rule additionalProperties\)/],
  ['figur/wrong-type.yaml', steps(['  - at: soon', '    status: NOT_STARTED']), /wrong-type\.yaml: step 0 \(at\): must be .* \(rule type\)/],
  ['figur/no-steps.yaml', steps(['  []']).replace('steps:\n  []', 'steps: []'), /no-steps\.yaml: .*steps.*\(rule minItems\)/],
  ['figur/name-mismatch.yaml', happy, /name-mismatch\.yaml: name "happy-path" must match the file name "name-mismatch"/],
  ['figur/out-of-order.yaml', steps(['  - at: 100', '    status: NOT_STARTED', '  - at: 50', '    status: IN_PROGRESS']), /out-of-order\.yaml: step 1: "at" 50 is before the previous step's 100 \(rule: steps in time order\)/],
  ['figur/back-from-the-dead.yaml', steps(['  - at: 0', '    status: NOT_STARTED', '  - at: 10', '    status: SUCCESS', '  - at: 20', '    status: IN_PROGRESS']), /back-from-the-dead\.yaml: step 2: .*\(rule \S+ of x-job-lifecycle in .*figur\.yaml\)/],
  ['osapi/not-initial.yaml', steps(['  - at: 0', '    status: completed']), /not-initial\.yaml: step 0: .*not an initial state.*\(rule initial of x-job-lifecycle in .*osapi\.yaml\)/],
  ['osapi/unknown-status.yaml', steps(['  - at: 0', '    status: submitted', '  - at: 10', '    status: exploded']), /unknown-status\.yaml: step 1: .*\(rule \S+ of x-job-lifecycle in .*osapi\.yaml\)/],
  ['cata-pos/alias-bomb.yaml', `a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n`, /alias-bomb\.yaml: .*alias/i],
  ['scenario/binary.yaml', '\u0000\u0001\u0002 not yaml \uffff', /binary\.yaml(:\d+)?: /],
  ['scenario/empty.json', '', /empty\.json: /],
  ['aisquare/not-an-object.yaml', '- at: 0\n- at: 1\n', /not-an-object\.yaml: the file: must be object \(rule type\)/],
];

let dir: string;
let mock: Mock;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'job-contracts-broken-scenarios-'));
  for (const id of providerIds) mkdirSync(join(dir, id), { recursive: true });
  for (const [file, text] of brokenScenarios) writeFileSync(join(dir, file), text.replace('NAME', file.split('/')[1]?.replace(/\.\w+$/, '') ?? ''));
  // A good extra scenario next to the broken ones still loads.
  writeFileSync(join(dir, 'figur/still-fine.yaml'), happy.replace('name: happy-path', 'name: still-fine'));
  mock = createMock({ clock: 'manual', seed: 'broken-files', scenarioDirs: [dir] });
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  console.log(`malformed files: ${brokenScenarios.length} scenario files, ${brokenSpecs.length} spec files`);
});

describe('broken scenario files', () => {
  it.each(brokenScenarios)('%s: one ConfigError naming the file, line or step, and the rule', (file, _text, want) => {
    const mine = mock.problems.filter((p) => p.message.includes(join(dir, file)));
    expect(mine.map((p) => p.message)).toHaveLength(1);
    const [problem] = mine as [ConfigError];
    expect(problem).toBeInstanceOf(ConfigError);
    expect(problem.file).toBe(join(dir, file));
    expect(problem.message).toMatch(want);
    expect(problem.message).not.toMatch(STACK);
  });

  it('skips only the broken files: every provider keeps its built-ins, the good extra loads, and all answer', async () => {
    expect(mock.problems).toHaveLength(brokenScenarios.length);
    expect(mock.providers.get('figur')?.scenarios.has('still-fine')).toBe(true);
    const server = await serve(mock.handle, { port: 0 });
    try {
      const info = mock.describe(server.origin);
      for (const p of info) {
        expect(mock.providers.get(p.id)?.scenarios.has('happy-path'), p.id).toBe(true);
        const { id } = mock.createJob(p.id, p.id === 'figur' ? 'still-fine' : 'happy-path', 'acme');
        const got = await call(p.id, 'getJob', operationUrl(mock, p, 'getJob', id), { headers: p.tenants[0]?.headers ?? {} });
        expect([p.id, got.status, got.issues]).toEqual([p.id, 200, []]);
      }
    } finally {
      await server.close();
    }
  });

  it('`job-contracts scenarios --scenarios <dir>` lists the rest, prints each problem once, and exits 2', async () => {
    const run = await cli(['scenarios', '--scenarios', dir]);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('figur/still-fine');
    expect(run.stdout).toContain('osapi/happy-path');
    // The CLI adds the line of the step a problem names (file:line: step n), for editors to jump to.
    expect(run.stderr).toContain(`${join(dir, 'figur/unknown-key.yaml')}:6: step 1`);
    const stepless = run.stderr.replace(/(\.ya?ml|\.json):\d+: step/g, '$1: step');
    for (const [file, , want] of brokenScenarios) {
      expect(run.stderr).toContain(join(dir, file));
      expect(stepless).toMatch(want);
    }
    expect(run.stderr).not.toMatch(STACK);
    const json = await cli(['scenarios', '--json', '--scenarios', dir]);
    expect(json.code).toBe(2);
    expect((JSON.parse(json.stdout) as { problems: string[] }).problems).toHaveLength(brokenScenarios.length);
  });
});

const spec = readFileSync(join(import.meta.dirname, '../../specs/figur.yaml'), 'utf8');
const lineOf = (needle: string) => spec.split('\n').findIndex((l) => l.includes(needle)) + 1;
const insertAt = (line: number, text: string) => {
  const lines = spec.split('\n');
  lines.splice(line - 1, 0, text);
  return lines.join('\n');
};

/** [what breaks, the broken figur.yaml, what the message must say]. */
const brokenSpecs: Array<[string, string, RegExp]> = [
  ['YAML syntax', insertAt(21, '  broken: [unclosed'), /figur\.yaml: line 21: .*Fix the YAML/],
  ['a tab', insertAt(31, '\tbad: tab'), /figur\.yaml: line 31: Tabs .*Fix the YAML/],
  ['a duplicate key', spec.replace('      required: [public_id]\n', '      required: [public_id]\n      required: [status]\n'), new RegExp(`figur\\.yaml: line ${lineOf('      required: [public_id]') + 1}: Map keys must be unique`)],
  ['an alias bomb', `openapi: 3.1.0\na: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n`, /figur\.yaml.*alias.*Fix the YAML/i],
  ['OpenAPI 3.0', spec.replace(/^openapi: .*/m, 'openapi: 3.0.3'), /figur\.yaml is not an OpenAPI 3\.1 document/],
  ['an empty file', '', /figur\.yaml is not an OpenAPI 3\.1 document/],
  ['an unknown x-job-role', spec.replace('x-job-role: getJob', 'x-job-role: fetchJob'), /figur\.yaml: GET \/v1\/jobs\/\{public_id\} has x-job-role "fetchJob"; use one of/],
  ['a dangling $ref', spec.replace("          $ref: '#/components/schemas/Ulid'\n        job_type:", "          $ref: '#/components/schemas/Nope'\n        job_type:"), /Cannot compile the schemas of .*figur\.yaml: can't resolve reference .*Nope.*Fix the schema/],
  ['a misspelt keyword', spec.replace('      required: [public_id]\n', '      required: [public_id]\n      minimun: 3\n'), /Cannot compile the schemas of .*figur\.yaml: strict mode: unknown keyword: "minimun"/],
  ['no x-job-lifecycle', spec.replace('x-job-lifecycle:', 'x-job-lifecycl:'), /figur\.yaml: expected exactly one component schema with x-job-lifecycle, found 0/],
  ['a lifecycle status that is not a pointer', spec.replace('        status: /status\n', '        status: 12\n'), new RegExp(`figur\\.yaml: line ${lineOf('x-job-lifecycle:')}: x-job-lifecycle of JobDetailResponse at /status must be string \\(rule type\\)`)],
  ['lifecycle transitions that are not a map', spec.replace(/transitions:\n\s+NOT_STARTED: .*\n\s+IN_PROGRESS: .*\n/, 'transitions: 5\n'), /figur\.yaml: line \d+: x-job-lifecycle of JobDetailResponse at \/transitions must be object \(rule type\)/],
];

describe('broken spec files', () => {
  it.each(brokenSpecs)('%s: a ConfigError (at load, or at the first validation for a schema) naming the file and the line or operation', (_name, text, want) => {
    expect(text).not.toBe(spec);
    const specsDir = mkdtempSync(join(tmpdir(), 'job-contracts-broken-spec-'));
    try {
      writeFileSync(join(specsDir, 'figur.yaml'), text);
      let thrown: unknown;
      try {
        // Schemas may compile on first use: validating every documented answer reaches them all.
        const contract = loadContract('figur', specsDir);
        for (const op of contract.spec.operations) {
          for (const r of op.responses) contract.validateResponse({ operation: op.operationId, status: /^\d+$/.test(r.status) ? Number(r.status) : 500, body: {} });
          contract.validateRequest({ operation: op.operationId, body: {} });
        }
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ConfigError);
      expect((thrown as ConfigError).file).toBe(join(specsDir, 'figur.yaml'));
      expect((thrown as ConfigError).message).toMatch(want);
      expect((thrown as ConfigError).message).not.toMatch(STACK);
    } finally {
      rmSync(specsDir, { recursive: true, force: true });
    }
  });

  it('a broken spec takes down only its own provider', () => {
    const specsDir = mkdtempSync(join(tmpdir(), 'job-contracts-broken-spec-'));
    try {
      for (const id of providerIds) writeFileSync(join(specsDir, `${id}.yaml`), readFileSync(join(import.meta.dirname, `../../specs/${id}.yaml`)));
      writeFileSync(join(specsDir, 'figur.yaml'), brokenSpecs[0]?.[1] ?? '');
      const contracts = createContracts({ specsDir });
      expect(() => contracts.get('figur')).toThrow(ConfigError);
      for (const id of providerIds.filter((p) => p !== 'figur')) expect(contracts.get(id).spec.operations.length, id).toBeGreaterThan(0);
    } finally {
      rmSync(specsDir, { recursive: true, force: true });
    }
  });
});
