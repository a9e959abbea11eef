/**
 * The scenario contract (specs/scenario.yaml): seed 004's Job on the camelCase wire, open objects,
 * the `{message}` error bodies, listJobs and the cancel action, and the x-job-lifecycle block.
 * @see ../../specs/scenario.yaml
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { defaultContracts, readPointer, validateRequest, validateResponse } from '../../src/contracts/index.js';
import { lifecycleSchema } from '../../src/lifecycle/schema.js';

type Body = Record<string, unknown>;
type Want = { ok: true } | { issues: Array<{ pointer: string; rule: string }> };
type Case = [string, { given: { status?: number; contentType?: string; body: unknown }; want: Want }];

function fixture(name: string): Body {
  return JSON.parse(readFileSync(new URL(`../fixtures/scenario/${name}.json`, import.meta.url), 'utf8')) as Body;
}

/** Seed 004's response example, verbatim: placeholder strings ("jobId", "createdAt", "date"). */
const seedResponse = fixture('seed-job-response');
const queued = fixture('get-job-200-queued');
const success = fixture('get-job-200-success');
const failure = fixture('get-job-200-failure');
const workflow = fixture('get-job-200-workflow');
const listPage = fixture('list-jobs-200');
const canceled = fixture('cancel-200');
const cancelRequest = fixture('cancel-request');

function setAt(target: unknown, path: string[], value: unknown): void {
  const last = path[path.length - 1] as string;
  let node = target as Record<string, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  if (value === undefined) delete node[last];
  else node[last] = value;
}

/**
 * A copy of `base` with values replaced at slash-separated paths (`undefined` deletes).
 * @example edit(success, { 'job/status': 'done' })
 */
function edit(base: Body, changes: Record<string, unknown>): Body {
  const copy = structuredClone(base);
  for (const [path, value] of Object.entries(changes)) setAt(copy, path.split('/'), value);
  return copy;
}

function outcome(result: ReturnType<typeof validateResponse>): Want {
  return result.ok ? { ok: true } : { issues: result.issues.map(({ pointer, rule }) => ({ pointer, rule })) };
}

const respond = (operation: string) => (given: Case[1]['given']) =>
  outcome(validateResponse({ provider: 'scenario', operation, status: given.status ?? 200, ...(given.contentType === undefined ? {} : { contentType: given.contentType }), body: given.body }));

const ok: Want = { ok: true };
const issue = (pointer: string, rule: string): Want => ({ issues: [{ pointer, rule }] });

const errorCases = (what: string, statuses: number[]): Case[] =>
  statuses.flatMap((status): Case[] => [
    [`${what} ${status} {message}`, { given: { status, body: { message: `error ${status}` } }, want: ok }],
    [`${what} ${status} {message} plus undocumented fields`, { given: { status, body: { message: 'x', code: 'E_X', requestId: 'r1' } }, want: ok }],
  ]);

const getJobCases: Case[] = [
  // the seed's own example, verbatim, and one body per lifecycle stage
  ['seed response example, verbatim', { given: { body: seedResponse }, want: ok }],
  ['queued job', { given: { body: queued }, want: ok }],
  ['successful job with billing.cuCostDetails and an undocumented teamId', { given: { body: success }, want: ok }],
  ['failed job with metadata.error and hint', { given: { body: failure }, want: ok }],
  ['workflow job with for-each, logic and user-approval nodes', { given: { body: workflow }, want: ok }],
  ['job without the optional authorId, billing, ownerId', { given: { body: edit(queued, { 'job/authorId': undefined, 'job/billing': undefined, 'job/ownerId': undefined }) }, want: ok }],
  ['empty metadata', { given: { body: edit(queued, { 'job/metadata': {} }) }, want: ok }],
  ['progress 0', { given: { body: edit(success, { 'job/progress': 0 }) }, want: ok }],
  ['progress 1', { given: { body: edit(queued, { 'job/progress': 1 }) }, want: ok }],
  ['warming-up', { given: { body: edit(queued, { 'job/status': 'warming-up' }) }, want: ok }],
  ['finalizing', { given: { body: edit(queued, { 'job/status': 'finalizing' }) }, want: ok }],
  ['pending', { given: { body: edit(queued, { 'job/status': 'pending' }) }, want: ok }],
  // open objects: the live API sends more than the SDK page lists
  ['unknown field on the envelope', { given: { body: edit(queued, { requestId: 'req_1' }) }, want: ok }],
  ['unknown field on metadata', { given: { body: edit(queued, { 'job/metadata/priority': 3 }) }, want: ok }],
  ['unknown field on a statusHistory entry', { given: { body: edit(queued, { 'job/statusHistory/0/reason': 'created' }) }, want: ok }],
  ['unknown field on a flow node', { given: { body: edit(workflow, { 'job/metadata/flow/0/startedAt': '2024-05-15T08:00:01Z' }) }, want: ok }],
  ['unknown field on a flow node input', { given: { body: edit(workflow, { 'job/metadata/flow/0/inputs/0/tooltip': 'x' }) }, want: ok }],
  ['unknown field on a flow asset', { given: { body: edit(workflow, { 'job/metadata/flow/3/assets/0/mimeType': 'image/png' }) }, want: ok }],
  // SDK `object` fields hold any JSON value
  ['flow node output a string', { given: { body: edit(workflow, { 'job/metadata/flow/0/output': 'a knight' }) }, want: ok }],
  ['input value an array', { given: { body: edit(workflow, { 'job/metadata/flow/0/inputs/0/value': ['a', 'b'] }) }, want: ok }],
  ['input default null', { given: { body: edit(workflow, { 'job/metadata/flow/0/inputs/0/default': null }) }, want: ok }],
  // error responses: {message}, open
  ...errorCases('getJob', [400, 401, 403, 404, 429, 500, 502, 503]),
  // wrong enum
  ['status not in the enum', { given: { body: edit(queued, { 'job/status': 'done' }) }, want: issue('/job/status', 'enum') }],
  ['status in another casing', { given: { body: edit(queued, { 'job/status': 'IN_PROGRESS' }) }, want: issue('/job/status', 'enum') }],
  ['statusHistory status not in the enum', { given: { body: edit(success, { 'job/statusHistory/1/status': 'running' }) }, want: issue('/job/statusHistory/1/status', 'enum') }],
  ['jobType not in the enum', { given: { body: edit(queued, { 'job/jobType': 'txt2img' }) }, want: issue('/job/jobType', 'enum') }],
  ['flow node status not in its enum', { given: { body: edit(workflow, { 'job/metadata/flow/0/status': 'in-progress' }) }, want: issue('/job/metadata/flow/0/status', 'enum') }],
  ['flow node type not in its enum', { given: { body: edit(workflow, { 'job/metadata/flow/0/type': 'inference' }) }, want: issue('/job/metadata/flow/0/type', 'enum') }],
  ['flow input type not in its enum', { given: { body: edit(workflow, { 'job/metadata/flow/0/inputs/0/type': 'integer' }) }, want: issue('/job/metadata/flow/0/inputs/0/type', 'enum') }],
  [
    'nested inputs_array item type not in the enum',
    { given: { body: edit(workflow, { 'job/metadata/flow/1/inputs/0/items/1/0/type': 'float' }) }, want: issue('/job/metadata/flow/1/inputs/0/items/1/0/type', 'enum') },
  ],
  ['input kind not in its enum', { given: { body: edit(workflow, { 'job/metadata/flow/2/inputs/1/kind': 'png' }) }, want: issue('/job/metadata/flow/2/inputs/1/kind', 'enum') }],
  [
    'input modelTypes entry not in its enum',
    { given: { body: edit(workflow, { 'job/metadata/flow/2/inputs/2/modelTypes/1': 'sdxl' }) }, want: issue('/job/metadata/flow/2/inputs/2/modelTypes/1', 'enum') },
  ],
  ['backgroundBehavior not in its enum', { given: { body: edit(workflow, { 'job/metadata/flow/2/inputs/1/backgroundBehavior': 'white' }) }, want: issue('/job/metadata/flow/2/inputs/1/backgroundBehavior', 'enum') }],
  ['logicType not in its enum', { given: { body: edit(workflow, { 'job/metadata/flow/4/logicType': 'switch' }) }, want: issue('/job/metadata/flow/4/logicType', 'enum') }],
  ['includeOutputsInWorkflowJob false', { given: { body: edit(workflow, { 'job/metadata/flow/2/includeOutputsInWorkflowJob': false }) }, want: issue('/job/metadata/flow/2/includeOutputsInWorkflowJob', 'const') }],
  // missing required
  ['no job envelope (the bare job)', { given: { body: queued.job }, want: issue('/job', 'required') }],
  ['jobId missing', { given: { body: edit(queued, { 'job/jobId': undefined }) }, want: issue('/job/jobId', 'required') }],
  ['snake_case SDK name on the wire instead of jobId', { given: { body: edit(queued, { 'job/jobId': undefined, 'job/job_id': 'job_4fG7hJ2kL9mN3pQ5rS8tV1wX' }) }, want: issue('/job/jobId', 'required') }],
  ['progress missing', { given: { body: edit(queued, { 'job/progress': undefined }) }, want: issue('/job/progress', 'required') }],
  ['statusHistory missing', { given: { body: edit(queued, { 'job/statusHistory': undefined }) }, want: issue('/job/statusHistory', 'required') }],
  ['metadata missing', { given: { body: edit(queued, { 'job/metadata': undefined }) }, want: issue('/job/metadata', 'required') }],
  ['updatedAt missing', { given: { body: edit(queued, { 'job/updatedAt': undefined }) }, want: issue('/job/updatedAt', 'required') }],
  ['statusHistory entry without date', { given: { body: edit(queued, { 'job/statusHistory/0/date': undefined }) }, want: issue('/job/statusHistory/0/date', 'required') }],
  ['billing without cuDiscount', { given: { body: edit(queued, { 'job/billing/cuDiscount': undefined }) }, want: issue('/job/billing/cuDiscount', 'required') }],
  ['flow node without id', { given: { body: edit(workflow, { 'job/metadata/flow/5/id': undefined }) }, want: issue('/job/metadata/flow/5/id', 'required') }],
  ['flow asset without url', { given: { body: edit(workflow, { 'job/metadata/flow/3/assets/0/url': undefined }) }, want: issue('/job/metadata/flow/3/assets/0/url', 'required') }],
  ['flow input without name', { given: { body: edit(workflow, { 'job/metadata/flow/0/inputs/0/name': undefined }) }, want: issue('/job/metadata/flow/0/inputs/0/name', 'required') }],
  ['logic case without value', { given: { body: edit(workflow, { 'job/metadata/flow/4/logic/cases/0/value': undefined }) }, want: issue('/job/metadata/flow/4/logic/cases/0/value', 'required') }],
  // wrong type
  ['progress as a string', { given: { body: edit(queued, { 'job/progress': '0.5' }) }, want: issue('/job/progress', 'type') }],
  ['statusHistory as an object', { given: { body: edit(queued, { 'job/statusHistory': { queued: '2024-05-14T09:12:00.104Z' } }) }, want: issue('/job/statusHistory', 'type') }],
  ['assetIds as a string', { given: { body: edit(success, { 'job/metadata/assetIds': 'asset_Qm3rT7vWx9yZa2bC4dE6fG8h' }) }, want: issue('/job/metadata/assetIds', 'type') }],
  ['metadata.error as an object', { given: { body: edit(failure, { 'job/metadata/error': { message: 'x' } }) }, want: issue('/job/metadata/error', 'type') }],
  ['cuCost as a string', { given: { body: edit(queued, { 'job/billing/cuCost': '10' }) }, want: issue('/job/billing/cuCost', 'type') }],
  ['for-each count as a string', { given: { body: edit(workflow, { 'job/metadata/flow/1/count': '3' }) }, want: issue('/job/metadata/flow/1/count', 'type') }],
  ['metadata.input as an array', { given: { body: edit(queued, { 'job/metadata/input': [] }) }, want: issue('/job/metadata/input', 'type') }],
  ['body an array', { given: { body: [queued] }, want: issue('', 'type') }],
  // ids: the response jobId stays a plain string (the seed's "jobId" placeholder); ids must still be strings
  ['jobId as a number', { given: { body: edit(queued, { 'job/jobId': 42 }) }, want: issue('/job/jobId', 'type') }],
  ['flow node jobId as a number', { given: { body: edit(workflow, { 'job/metadata/flow/0/jobId': 7 }) }, want: issue('/job/metadata/flow/0/jobId', 'type') }],
  // nullable misuse: Optional in the SDK means absent, never null
  ['metadata.error null', { given: { body: edit(queued, { 'job/metadata/error': null }) }, want: issue('/job/metadata/error', 'type') }],
  ['authorId null', { given: { body: edit(queued, { 'job/authorId': null }) }, want: issue('/job/authorId', 'type') }],
  ['billing null', { given: { body: edit(queued, { 'job/billing': null }) }, want: issue('/job/billing', 'type') }],
  ['progress null', { given: { body: edit(queued, { 'job/progress': null }) }, want: issue('/job/progress', 'type') }],
  ['metadata.flow null', { given: { body: edit(workflow, { 'job/metadata/flow': null }) }, want: issue('/job/metadata/flow', 'type') }],
  ['status null', { given: { body: edit(queued, { 'job/status': null }) }, want: { issues: [{ pointer: '/job/status', rule: 'type' }, { pointer: '/job/status', rule: 'enum' }] } }],
  // out-of-range progress
  ['progress above 1 (a percentage)', { given: { body: edit(queued, { 'job/progress': 42 }) }, want: issue('/job/progress', 'maximum') }],
  ['progress 1.01', { given: { body: edit(queued, { 'job/progress': 1.01 }) }, want: issue('/job/progress', 'maximum') }],
  ['progress below 0', { given: { body: edit(queued, { 'job/progress': -0.1 }) }, want: issue('/job/progress', 'minimum') }],
  // error bodies
  ['404 without message', { given: { status: 404, body: { error: 'not found' } }, want: issue('/message', 'required') }],
  ['401 message not a string', { given: { status: 401, body: { message: ['Unauthorized'] } }, want: issue('/message', 'type') }],
  ['500 body a string', { given: { status: 500, body: 'Internal Server Error' }, want: issue('', 'type') }],
  // undocumented status / content type
  ['402 undocumented', { given: { status: 402, body: { message: 'Not enough credits' } }, want: issue('', 'status') }],
  ['404 as HTML', { given: { status: 404, contentType: 'text/html', body: '<h1>Not Found</h1>' }, want: issue('', 'content-type') }],
];

describe('scenario getJob responses', () => {
  it.each(getJobCases)('%s', (_name, { given, want }) => {
    expect(respond('getJob')(given)).toEqual(want);
  });
});

const listJobsCases: Case[] = [
  ['a page with a nextPaginationToken', { given: { body: listPage }, want: ok }],
  ['the last page, without a token', { given: { body: edit(listPage, { nextPaginationToken: undefined }) }, want: ok }],
  ['an empty page', { given: { body: { jobs: [] } }, want: ok }],
  ['the seed job in a list', { given: { body: { jobs: [seedResponse.job] } }, want: ok }],
  ...errorCases('listJobs', [400, 401, 403, 429, 500, 502, 503]),
  ['jobs missing', { given: { body: { nextPaginationToken: 'abc' } }, want: issue('/jobs', 'required') }],
  ['a listed job with a wrong status', { given: { body: edit(listPage, { 'jobs/1/status': 'failed' }) }, want: issue('/jobs/1/status', 'enum') }],
  ['a listed job with progress out of range', { given: { body: edit(listPage, { 'jobs/0/progress': 100 }) }, want: issue('/jobs/0/progress', 'maximum') }],
  ['nextPaginationToken null', { given: { body: edit(listPage, { nextPaginationToken: null }) }, want: issue('/nextPaginationToken', 'type') }],
  ['the getJob envelope instead of a list', { given: { body: queued }, want: issue('/jobs', 'required') }],
  ['404 is not documented on the list', { given: { status: 404, body: { message: 'Not found' } }, want: issue('', 'status') }],
];

describe('scenario listJobs responses', () => {
  it.each(listJobsCases)('%s', (_name, { given, want }) => {
    expect(respond('listJobs')(given)).toEqual(want);
  });
});

const cancelJobCases: Case[] = [
  ['the canceled job', { given: { body: canceled }, want: ok }],
  ['a job not yet showing canceled', { given: { body: queued }, want: ok }],
  ...errorCases('cancelJob', [400, 401, 403, 404, 429, 500, 502, 503]),
  ['no job envelope', { given: { body: canceled.job }, want: issue('/job', 'required') }],
  ['a status outside the enum', { given: { body: edit(canceled, { 'job/status': 'cancelled' }) }, want: issue('/job/status', 'enum') }],
  ['204 undocumented', { given: { status: 204, body: undefined }, want: issue('', 'status') }],
];

describe('scenario cancelJob responses', () => {
  it.each(cancelJobCases)('%s', (_name, { given, want }) => {
    expect(respond('cancelJob')(given)).toEqual(want);
  });
});

describe('scenario requests', () => {
  const requestCases: Array<[string, { given: { operation: string; contentType?: string; body: unknown }; want: Want }]> = [
    ['cancel', { given: { operation: 'cancelJob', body: cancelRequest }, want: ok }],
    ['cancel with a charset', { given: { operation: 'cancelJob', contentType: 'application/json; charset=utf-8', body: cancelRequest }, want: ok }],
    ['cancel without a body', { given: { operation: 'cancelJob', body: undefined }, want: issue('', 'required') }],
    ['cancel with an empty object', { given: { operation: 'cancelJob', body: {} }, want: issue('/action', 'required') }],
    ['an unknown action', { given: { operation: 'cancelJob', body: { action: 'pause' } }, want: issue('/action', 'enum') }],
    ['the action in upper case', { given: { operation: 'cancelJob', body: { action: 'CANCEL' } }, want: issue('/action', 'enum') }],
    ['an extra field on the closed request', { given: { operation: 'cancelJob', body: { action: 'cancel', reason: 'user' } }, want: issue('/reason', 'additionalProperties') }],
    ['the body as a bare string', { given: { operation: 'cancelJob', body: 'cancel' }, want: issue('', 'type') }],
    ['cancel as form data', { given: { operation: 'cancelJob', contentType: 'application/x-www-form-urlencoded', body: 'action=cancel' }, want: issue('', 'content-type') }],
    ['getJob without a body', { given: { operation: 'getJob', body: undefined }, want: ok }],
    ['getJob with a body', { given: { operation: 'getJob', body: { action: 'cancel' } }, want: issue('', 'body') }],
    ['listJobs without a body', { given: { operation: 'listJobs', body: undefined }, want: ok }],
  ];
  it.each(requestCases)('%s', (_name, { given, want }) => {
    expect(outcome(validateRequest({ provider: 'scenario', ...given }))).toEqual(want);
  });
});

describe('scenario spec', () => {
  const { spec } = defaultContracts().get('scenario');
  const doc = spec.document as Body;
  const components = doc.components as { schemas: Record<string, Body>; parameters: Record<string, Body>; securitySchemes: Record<string, Body> };
  const schemas = components.schemas;
  const mediaExample = (path: string, method: string) =>
    readPointer(doc, `/paths/${path.replaceAll('/', '~1')}/${method}/responses/200/content/application~1json/example`);

  it('documents getJob, listJobs and cancelJob with every documented status', () => {
    expect(spec.serverUrl).toBe('https://api.cloud.scenario.com/v1');
    expect(spec.operations.map((op) => [op.method, op.path, op.operationId, op.role, op.responses.map((r) => r.status)])).toEqual([
      ['GET', '/jobs/{jobId}', 'getJob', 'getJob', ['200', '400', '401', '403', '404', '429', '500', '502', '503']],
      ['GET', '/jobs', 'listJobs', 'listJobs', ['200', '400', '401', '403', '429', '500', '502', '503']],
      ['POST', '/jobs/{jobId}/action', 'cancelJob', 'cancelJob', ['200', '400', '401', '403', '404', '429', '500', '502', '503']],
    ]);
  });

  it('accepts HTTP Basic or Bearer on every operation', () => {
    expect(components.securitySchemes).toEqual({
      basicAuth: expect.objectContaining({ type: 'http', scheme: 'basic' }),
      bearerAuth: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
    });
    for (const op of spec.operations) expect(op.security).toEqual([{ basicAuth: [] }, { bearerAuth: [] }]);
  });

  it('takes an optional projectId on every operation', () => {
    for (const op of spec.operations) expect(op.parameters).toContainEqual(expect.objectContaining({ name: 'projectId', in: 'query', required: false }));
  });

  it('checks the job_ + base62 format on the path parameter', () => {
    const validate = new Ajv2020({ strict: true, keywords: ['example'] }).compile(components.parameters.JobId?.schema as object);
    const good = ['job_ocZCnG1Df35XRL1QyCZSRxAG8', 'job_4fG7hJ2kL9mN3pQ5rS8tV1wX'];
    const bad = ['jobId', 'job_', 'job-ocZCnG1Df35XRL1QyCZSRxAG8', 'JOB_abc', 'job_abc/def', 'job_a b', '42', 'proj_A3sJ9fX2'];
    expect(good.filter((id) => !validate(id))).toEqual([]);
    expect(bad.filter((id) => validate(id))).toEqual([]);
  });

  it('serves examples on the 200 responses that the contract accepts', () => {
    expect(respond('getJob')({ body: mediaExample('/jobs/{jobId}', 'get') })).toEqual(ok);
    expect(respond('listJobs')({ body: mediaExample('/jobs', 'get') })).toEqual(ok);
    expect(respond('cancelJob')({ body: mediaExample('/jobs/{jobId}/action', 'post') })).toEqual(ok);
  });

  it('names every property in camelCase (the wire, not the SDK attributes)', () => {
    const names = new Set<string>();
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) {
        for (const item of node) walk(item);
      } else if (typeof node === 'object' && node !== null) {
        const record = node as Body;
        if (typeof record.properties === 'object' && record.properties !== null) for (const name of Object.keys(record.properties)) names.add(name);
        for (const value of Object.values(record)) walk(value);
      }
    };
    walk(schemas);
    expect([...names].filter((name) => !/^[a-z][A-Za-z0-9]*$/.test(name))).toEqual([]);
    expect(names).toContain('statusHistory');
    expect(names).toContain('cuCost');
  });

  it('keeps every response object open and the request body closed', () => {
    const closed: string[] = [];
    const walk = (node: unknown, where: string): void => {
      if (Array.isArray(node)) {
        for (const [i, item] of node.entries()) walk(item, `${where}/${i}`);
      } else if (typeof node === 'object' && node !== null) {
        const record = node as Body;
        if (record.type === 'object' && record.additionalProperties !== true) closed.push(where);
        for (const [key, value] of Object.entries(record)) if (!key.startsWith('x-')) walk(value, `${where}/${key}`);
      }
    };
    walk(schemas, '');
    expect(closed).toEqual(['/JobActionRequest']);
  });

  it('declares a well-formed lifecycle over the JobStatus enum', () => {
    expect(spec.jobSchema).toBe('Job');
    const validate = new Ajv2020({ strict: true }).compile(lifecycleSchema);
    expect(validate(spec.lifecycle), JSON.stringify(validate.errors)).toBe(true);
    const { envelope, status, initial, terminal, transitions, invariants } = spec.lifecycle;
    expect([envelope, status]).toEqual(['/job', '/status']);
    const states = schemas.JobStatus?.enum as string[];
    const named = [...initial, ...terminal, ...Object.entries(transitions).flat(2)];
    expect(named.filter((state) => !states.includes(state))).toEqual([]);
    expect(states.filter((state) => !named.includes(state))).toEqual([]);
    expect(terminal.sort()).toEqual(['canceled', 'failure', 'success']);
    expect(terminal.filter((state) => state in transitions)).toEqual([]);
    expect(invariants).toContainEqual(expect.objectContaining({ rule: 'monotonic', path: '/progress' }));
    expect(invariants).toContainEqual(expect.objectContaining({ rule: 'append-only', path: '/statusHistory' }));
    expect(invariants).toContainEqual(expect.objectContaining({ rule: 'constant', path: '/jobId' }));
  });

  it('lets every non-terminal state be canceled or fail, and a warm fast job skip warming-up and finalizing', () => {
    const { terminal, transitions } = spec.lifecycle;
    for (const [from, to] of Object.entries(transitions)) {
      expect(terminal).not.toContain(from);
      expect(to).toEqual(expect.arrayContaining(['failure', 'canceled']));
    }
    expect(transitions.queued).toContain('in-progress');
    expect(transitions['in-progress']).toContain('success');
  });
});
