/**
 * Broken scenario and spec files: each gives one clear message naming the file, the line or
 * step, and the rule — never a stack trace — and a broken file does not take down the rest.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContracts, loadContract } from '../../src/contracts/contracts.js';
import type { Operation } from '../../src/contracts/spec.js';
import { ConfigError } from '../../src/errors/index.js';
import { createMock, type Mock } from '../../src/mock/mock.js';
import { serve } from '../../src/node/server.js';
import { providerIds } from '../../src/providers/ids.js';
import { cli } from '../helpers/cli.js';
import { type Access, callOperation, targetsOf } from './targets.js';

const STACK = /\n\s+at\s|node:internal|\.[cm]?[jt]s:\d+:\d+/;
const happy = readFileSync(join(import.meta.dirname, '../../scenarios/figur/happy-path.yaml'), 'utf8');
const steps = (lines: string[]) => ['name: NAME', 'description: A broken scenario.', 'steps:', ...lines].join('\n');

/** [file under <dir>/<provider>/, contents, what the message must say]. Each breaks one rule; the rest of the file is valid. */
const brokenScenarios: Array<[string, string, RegExp]> = [
  ['figur/yaml-error.yaml', steps(['  - at: 0', '    set: { /status: [NOT_STARTED }', '  - at: 10']), /yaml-error\.yaml:\d+: .*Fix the YAML/],
  ['figur/tab-indent.yaml', steps(['  - at: 0', '\tset: { /status: NOT_STARTED }']), /tab-indent\.yaml:\d+: .*Fix the YAML/],
  ['figur/unknown-key.yaml', steps(['  - at: 0', '    set: { /status: NOT_STARTED }', '  - at: 10', '    colour: red']), /unknown-key\.yaml: step 1: must NOT have additional properties "colour" \(rule additionalProperties\)/],
  ['figur/wrong-type.yaml', steps(['  - at: soon', '    set: { /status: NOT_STARTED }']), /wrong-type\.yaml: step 0 \(at\): must be integer \(rule type\)/],
  ['figur/not-a-pointer.yaml', steps(['  - at: 0', '    set: { /status: NOT_STARTED }', '  - at: 10', '    set: { status: IN_PROGRESS }']), /not-a-pointer\.yaml: step 1 \(set\): must match pattern .* \(rule pattern\)/],
  ['figur/no-steps.yaml', steps(['  []']).replace('steps:\n  []', 'steps: []'), /no-steps\.yaml: .*steps.*\(rule minItems\)/],
  ['figur/name-mismatch.yaml', happy, /name-mismatch\.yaml: name "happy-path" must match the file name "name-mismatch"/],
  ['figur/out-of-order.yaml', steps(['  - at: 100', '    set: { /status: NOT_STARTED }', '  - at: 50', '    set: { /status: IN_PROGRESS }']), /out-of-order\.yaml: step 1: "at" 50 is before the previous step's 100 \(rule: steps in time order\)/],
  ['figur/back-from-the-dead.yaml', steps(['  - at: 0', '    set: { /status: NOT_STARTED }', '  - at: 10', '    set: { /status: SUCCESS }', '  - at: 20', '    set: { /status: IN_PROGRESS }']), /back-from-the-dead\.yaml: step 2: status changed from terminal SUCCESS to IN_PROGRESS .*\(rule terminal of x-job-lifecycle in .*figur\.yaml\)/],
  ['figur/breaks-schema.yaml', steps(['  - at: 0', '    set: { /status: NOT_STARTED }', '  - at: 10', '    set: { /result: 42 }']), /breaks-schema\.yaml: step 1: the rendered getJob body breaks the spec at \/result: .*must be array.* \(rule schema\)/],
  ['figur/bad-template.yaml', steps(['  - at: 0', '    set: { /status: NOT_STARTED }', '  - at: 10', "    set: { /status: IN_PROGRESS, /request: '{{nosuch 3}}' }"]), /bad-template\.yaml: step 1: Unknown template function .*nosuch.* \(rule template\)/],
  ['figur/bad-cancel-branch.yaml', `${steps(['  - at: 0', '    set: { /status: NOT_STARTED }', '  - at: 10', '    set: { /status: IN_PROGRESS }'])}\non:\n  cancel: [{ set: { /status: EXPLODED } }]`, /bad-cancel-branch\.yaml: step 0: cancelled after poll 0: .*\/status.*EXPLODED.* \(rule schema\)/],
  ['osapi/not-initial.yaml', steps(['  - at: 0', '    set: { /status: completed }']), /not-initial\.yaml: step 0: first status completed is not an initial state.*\(rule initial of x-job-lifecycle in .*osapi\.yaml\)/],
  ['osapi/unknown-status.yaml', steps(['  - at: 0', '    set: { /status: submitted }', '  - at: 10', '    set: { /status: exploded }']), /unknown-status\.yaml: step 1: status "exploded" is not a state of the lifecycle \(rule unknown-state of x-job-lifecycle in .*osapi\.yaml\)/],
  ['cata-pos/alias-bomb.yaml', `a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n`, /alias-bomb\.yaml: .*alias/i],
  ['scenario/binary.yaml', '\u0000\u0001\u0002 not yaml \uffff', /binary\.yaml(:\d+)?: /],
  ['scenario/empty.json', '', /empty\.json: /],
  ['aisquare/not-an-object.yaml', '- at: 0\n- at: 1\n', /not-an-object\.yaml: the file: must be object \(rule type\)/],
  ['azure/unknown-fault.yaml', steps(['  - at: 0', '    set: { /status: NotStarted }', '    fault: { kind: meltdown }']), /unknown-fault\.yaml: step 0 \(fault\.kind\): must be equal to one of the allowed values \(rule enum\)/],
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
  console.log(`malformed files: ${brokenScenarios.length} scenario files, ${brokenSpecs.length} spec files, ${brokenMocks.length} x-job-mock blocks`);
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
      for (const target of targetsOf(mock)) {
        expect(mock.providers.get(target.id)?.scenarios.has('happy-path'), target.id).toBe(true);
        const { id } = mock.createJob(target.id, target.id === 'figur' ? 'still-fine' : 'happy-path', 'acme');
        const got = await callOperation(mock, server.origin, target, target.ops.find((o) => o.role === 'getJob') as Operation, [id], target.tenants.acme as Access);
        expect([target.id, got.status, got.issues]).toEqual([target.id, 200, []]);
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
    // The CLI adds the line a problem is at (file:line: …), for editors to jump to: here the line
    // of the key that is wrong (`colour: red`, in step 1).
    expect(run.stderr).toContain(`${join(dir, 'figur/unknown-key.yaml')}:7: step 1`);
    const stepless = run.stderr.replace(/(\.ya?ml|\.json):\d+: /g, '$1: ');
    for (const [file, , want] of brokenScenarios) {
      expect(run.stderr).toContain(join(dir, file));
      // Each problem as the loader says it, with or without the line the CLI adds.
      expect(want.test(run.stderr) || want.test(stepless), `${file}: ${String(want)}`).toBe(true);
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
  // The parser names the line where it found the unclosed list's missing comma: the next one.
  ['YAML syntax', insertAt(21, '  broken: [unclosed'), /figur\.yaml: line 22: Missed comma between flow collection entries\. Fix the YAML/],
  ['a tab', insertAt(31, '\tbad: tab'), /figur\.yaml: line 31: Tab characters must not be used in indentation\. Fix the YAML/],
  ['a duplicate key', spec.replace('      required: [public_id]\n', '      required: [public_id]\n      required: [status]\n'), new RegExp(`figur\\.yaml: line ${lineOf('      required: [public_id]') + 1}: Duplicated mapping key`)],
  ['an alias bomb', `openapi: 3.1.0\na: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n`, /figur\.yaml.*alias.*Fix the YAML/i],
  ['OpenAPI 3.0', spec.replace(/^openapi: .*/m, 'openapi: 3.0.3'), /figur\.yaml is not an OpenAPI 3\.1 document/],
  ['an empty file', '', /figur\.yaml is not an OpenAPI 3\.1 document/],
  ['an unknown x-job-role', spec.replace('x-job-role: getJob', 'x-job-role: fetchJob'), /figur\.yaml: GET \/v1\/jobs\/\{public_id\} has x-job-role "fetchJob"; use one of/],
  ['a dangling $ref', spec.replace("          $ref: '#/components/schemas/Ulid'\n        job_type:", "          $ref: '#/components/schemas/Nope'\n        job_type:"), /Cannot compile the schemas of .*figur\.yaml: can't resolve reference .*Nope.*Fix the schema/],
  ['a keyword of the wrong type', spec.replace('      required: [public_id]\n', '      required: [public_id]\n      minProperties: -1\n'), /Cannot compile the schemas of .*figur\.yaml: schema is invalid: data\/\$defs\/.*minProperties must be >= 0/],
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

/** [what breaks in figur.yaml's x-job-mock, the broken spec, what the message must say]. */
const brokenMocks: Array<[string, string, RegExp]> = [
  ['no x-job-mock', spec.replace(/^x-job-mock:/m, 'x-job-mockk:'), /figur\.yaml has no x-job-mock at its root/],
  ['no unauthorized error answer', spec.replace(/^ {4}unauthorized: .*\n/m, ''), /figur\.yaml: x-job-mock\/errors must have required property 'unauthorized' \(rule required\)/],
  ['an unknown error kind', spec.replace(/^ {4}unauthorized: /m, '    unauthorised: { status: 401 }\n    unauthorized: '), /figur\.yaml: x-job-mock\/errors .*\(rule enum\)/],
  ['a credential for a security scheme the spec does not define', spec.replace('{ scheme: bearerAuth, value: sk_test_globex', '{ scheme: tokenAuth, value: sk_test_globex'), /figur\.yaml: x-job-mock\.credentials names security scheme "tokenAuth", which components\.securitySchemes does not define/],
  ['a credential for a scheme the mock cannot play', spec.replace('    bearerAuth:\n      type: http\n      scheme: bearer\n', "    bearerAuth:\n      type: oauth2\n      flows: { clientCredentials: { tokenUrl: 'https://auth.example.com/token', scopes: {} } }\n"), /figur\.yaml: security scheme "bearerAuth" \("oauth2"\) is not one the mock can play/],
  ['a credential without a tenant', spec.replace(', tenant: globex, scopes: [jobs:read], label: globex test key', ', scopes: [jobs:read], label: globex test key'), /figur\.yaml: x-job-mock\/credentials\/1 must have required property 'tenant' \(rule required\)/],
  ['a misspelt key in an operation\'s x-job-mock', spec.replace('        page: { style: offset', '        pages: { style: offset'), /figur\.yaml: GET \/v1\/jobs x-job-mock must NOT have additional properties \("pages"\) \(rule additionalProperties\)/],
  ['a filter on an undocumented query parameter', spec.replace('filters: { job_type: /job_type }', 'filters: { kind: /job_type }'), /figur\.yaml: GET \/v1\/jobs x-job-mock\.filters names query parameter "kind", which the operation does not document/],
];

/** Loads figur.yaml as written in a fresh folder, as a user's own provider. */
function loadMock(text: string): { file: string; thrown: unknown; mock?: Mock } {
  const specsDir = mkdtempSync(join(tmpdir(), 'job-contracts-broken-mock-'));
  const file = join(specsDir, 'figur.yaml');
  writeFileSync(file, text);
  try {
    return { file, thrown: undefined, mock: createMock({ providers: [{ spec: file }], clock: 'manual', seedJobs: false, cache: false }) };
  } catch (error) {
    return { file, thrown: error };
  } finally {
    rmSync(specsDir, { recursive: true, force: true });
  }
}

describe('broken x-job-mock', () => {
  it.each(brokenMocks)('%s: createMock throws a ConfigError naming the spec file and the rule', (_name, text, want) => {
    expect(text).not.toBe(spec);
    const { file, thrown } = loadMock(text);
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).file).toBe(file);
    expect((thrown as ConfigError).message).toMatch(want);
    expect((thrown as ConfigError).message).not.toMatch(STACK);
  });

  // Error answers are rendered and checked against the spec at load, not at the first request.
  it.each([
    ['an error answer whose status the operations do not document', spec.replace('not-found: { status: 404,', 'not-found: { status: 418,')],
    ['an unknown template function in an error answer', spec.replace("message: 'Job {{id}} not found.'", "message: 'Job {{nope}} not found.'")],
  ])('%s: refused at load with a ConfigError naming the spec file', (_name, text) => {
    expect(text).not.toBe(spec);
    const { file, thrown } = loadMock(text);
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).message).toContain(file);
    expect((thrown as ConfigError).message).toMatch(/x-job-mock\.errors\.not-found/);
  });
});
