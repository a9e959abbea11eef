/**
 * The osapi contract (specs/osapi.yaml): seed 002's job detail, the same-family endpoints,
 * OSAPI's `{error, details, code}` bodies with the framework's 400 `{message}`, and the
 * x-job-lifecycle block.
 * @see ../../specs/osapi.yaml
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { defaultContracts, readPointer, validateRequest, validateResponse } from '../../src/contracts/index.js';
import { lifecycleSchema } from '../../src/lifecycle/schema.js';

type Body = Record<string, unknown>;
type Want = { ok: true } | { issues: Array<{ pointer: string; rule: string }> };

function fixture(name: string): Body {
  return JSON.parse(readFileSync(new URL(`../fixtures/osapi/${name}.json`, import.meta.url), 'utf8')) as Body;
}

/** Seed 002's example body, verbatim (placeholder strings included). */
const seedJob = fixture('seed-example');
/** Seed 002's error example, verbatim (shown under every error status). */
const seedError = fixture('seed-error-example');
const submittedJob = fixture('job-submitted');
const broadcastJob = fixture('job-broadcast-completed');
const failedJob = fixture('job-failed');
const partialJob = fixture('job-partial-failure');
const jobList = fixture('list-jobs');
const created = fixture('create-201');
const createRequest = fixture('create-request');
const retryRequest = fixture('retry-request');

/** A copy of `base` with the values at JSON pointers replaced (`undefined` deletes). */
function edit(base: unknown, changes: Record<string, unknown>): Body {
  const copy = structuredClone(base) as Body;
  for (const [pointer, value] of Object.entries(changes)) {
    const keys = pointer.slice(1).split('/');
    const last = keys.pop() as string;
    let parent: Record<string, unknown> = copy;
    for (const key of keys) parent = parent[key] as Record<string, unknown>;
    if (value === undefined) delete parent[last];
    else parent[last] = value;
  }
  return copy;
}

function outcome(result: ReturnType<typeof validateResponse>): Want {
  return result.ok ? { ok: true } : { issues: result.issues.map(({ pointer, rule }) => ({ pointer, rule })) };
}

const ok: Want = { ok: true };
const issue = (pointer: string, rule: string): Want => ({ issues: [{ pointer, rule }] });
const issues = (...list: Array<[string, string]>): Want => ({ issues: list.map(([pointer, rule]) => ({ pointer, rule })) });

type ResponseCase = [string, { given: { operation?: string; status?: number; contentType?: string; body: unknown }; want: Want }];

const respond = ({ operation = 'getJob', status = 200, contentType, body }: ResponseCase[1]['given']) =>
  outcome(validateResponse({ provider: 'osapi', operation, status, ...(contentType === undefined ? {} : { contentType }), body }));

const getJobCases: ResponseCase[] = [
  // the seed's own example, and one body per lifecycle state
  // The seed's placeholder "status": "string" is no state of the lifecycle (the schema types status as a plain string).
  ['seed 002 example verbatim (placeholder strings)', { given: { body: seedJob }, want: issue('/status', 'unknown-state') }],
  ['seed 002 example at the /api/job alias', { given: { operation: 'getJobApiAlias', body: seedJob }, want: issue('/status', 'unknown-state') }],
  ['seed 002 example with a real state', { given: { body: edit(seedJob, { '/status': 'completed', '/error': '', '/changed': false }) }, want: ok }],
  ['status "finished", no state of the lifecycle', { given: { body: edit(broadcastJob, { '/status': 'finished' }) }, want: issue('/status', 'unknown-state') }],
  ['submitted job, changed null', { given: { body: submittedJob }, want: ok }],
  ['broadcast job completed on two agents', { given: { body: broadcastJob }, want: ok }],
  ['failed job with error and retried event', { given: { body: failedJob }, want: ok }],
  ['partial_failure broadcast job', { given: { body: partialJob }, want: ok }],
  ['skipped agent state', { given: { body: edit(partialJob, { '/status': 'skipped', '/agent_states/server2/status': 'skipped' }) }, want: ok }],
  // every field but changed is optional and omitted when empty
  ['only changed (null)', { given: { body: { changed: null } }, want: ok }],
  ['only changed (true)', { given: { body: { changed: true } }, want: ok }],
  // result and data: any JSON value
  ['result array', { given: { body: edit(broadcastJob, { '/result': ['server1', 'server2'] }) }, want: ok }],
  ['result string', { given: { body: edit(broadcastJob, { '/result': 'ok' }) }, want: ok }],
  ['result null', { given: { body: edit(broadcastJob, { '/result': null }) }, want: ok }],
  ['agent response data a number', { given: { body: edit(broadcastJob, { '/responses/server1/data': 3 }) }, want: ok }],
  ['agent response changed null', { given: { body: edit(broadcastJob, { '/responses/server1/changed': null }) }, want: ok }],
  // operation is the stored request object, open
  ['operation with extra fields', { given: { body: edit(broadcastJob, { '/operation/target': '_all' }) }, want: ok }],
  ['operation without data', { given: { body: edit(broadcastJob, { '/operation': { type: 'node.hostname.get' } }) }, want: ok }],
  // Go duration strings
  ['duration 1h0m0s', { given: { body: edit(broadcastJob, { '/agent_states/server1/duration': '1h0m0s' }) }, want: ok }],
  ['duration 0s', { given: { body: edit(broadcastJob, { '/agent_states/server1/duration': '0s' }) }, want: ok }],
  ['duration 1.5µs', { given: { body: edit(broadcastJob, { '/agent_states/server1/duration': '1.5µs' }) }, want: ok }],
  // error responses: {error} as the server sends it, the seed's example, the framework's 400
  ['400 malformed UUID (framework body)', { given: { status: 400, body: { message: 'Invalid format for parameter id: invalid UUID length: 10' } }, want: ok }],
  ['400 handler error', { given: { status: 400, body: { error: 'invalid job id' } }, want: ok }],
  ['401 Bearer token required', { given: { status: 401, body: { error: 'Bearer token required' } }, want: ok }],
  ['403 insufficient permissions', { given: { status: 403, body: { error: 'Insufficient permissions' } }, want: ok }],
  ['404 job not found', { given: { status: 404, body: { error: 'job not found: 770e8400-e29b-41d4-a716-446655440000' } }, want: ok }],
  ['500 seed error example verbatim', { given: { status: 500, body: seedError }, want: ok }],
  ['400 seed error example verbatim', { given: { status: 400, body: seedError }, want: ok }],
  ['401 seed error example verbatim', { given: { status: 401, body: seedError }, want: ok }],
  ['403 seed error example verbatim', { given: { status: 403, body: seedError }, want: ok }],
  ['404 seed error example verbatim', { given: { status: 404, body: seedError }, want: ok }],
  ['404 at the alias', { given: { operation: 'getJobApiAlias', status: 404, body: { error: 'job not found: x' } }, want: ok }],
  // wrong enum
  ['agent state status not in enum', { given: { body: edit(broadcastJob, { '/agent_states/server1/status': 'running' }) }, want: issue('/agent_states/server1/status', 'enum') }],
  ['agent state status in upper case', { given: { body: edit(broadcastJob, { '/agent_states/server2/status': 'COMPLETED' }) }, want: issue('/agent_states/server2/status', 'enum') }],
  // missing required
  ['changed missing', { given: { body: edit(submittedJob, { '/changed': undefined }) }, want: issue('/changed', 'required') }],
  ['changed missing from a list item', { given: { operation: 'listJobs', body: edit(jobList, { '/items/1/changed': undefined }) }, want: issue('/items/1/changed', 'required') }],
  ['404 without error', { given: { status: 404, body: { details: 'not found', code: 404 } }, want: issue('/error', 'required') }],
  // wrong type
  ['changed as string', { given: { body: edit(broadcastJob, { '/changed': 'false' }) }, want: issue('/changed', 'type') }],
  ['status as number', { given: { body: edit(broadcastJob, { '/status': 2 }) }, want: issue('/status', 'type') }],
  ['timeline as object', { given: { body: edit(broadcastJob, { '/timeline': {} }) }, want: issue('/timeline', 'type') }],
  ['responses as array', { given: { body: edit(broadcastJob, { '/responses': [] }) }, want: issue('/responses', 'type') }],
  ['agent state as string', { given: { body: edit(broadcastJob, { '/agent_states/server1': 'completed' }) }, want: issue('/agent_states/server1', 'type') }],
  ['operation as string', { given: { body: edit(broadcastJob, { '/operation': 'node.hostname.get' }) }, want: issue('/operation', 'type') }],
  ['agent response changed as string', { given: { body: edit(broadcastJob, { '/responses/server2/changed': 'false' }) }, want: issue('/responses/server2/changed', 'type') }],
  ['error code as string', { given: { status: 500, body: { error: 'boom', code: '500' } }, want: issue('/code', 'type') }],
  ['body an array', { given: { body: [broadcastJob] }, want: issue('', 'type') }],
  // bad id and duration formats
  ['id not a UUID', { given: { body: edit(broadcastJob, { '/id': 'job-990' }) }, want: issue('/id', 'format') }],
  ['duration in words', { given: { body: edit(broadcastJob, { '/agent_states/server1/duration': '1.5 seconds' }) }, want: issue('/agent_states/server1/duration', 'pattern') }],
  ['duration in milliseconds as a bare number string', { given: { body: edit(broadcastJob, { '/agent_states/server1/duration': '1500' }) }, want: issue('/agent_states/server1/duration', 'pattern') }],
  // nullable misuse: only changed may be null; other fields are omitted when empty
  ['error null', { given: { body: edit(submittedJob, { '/error': null }) }, want: issue('/error', 'type') }],
  ['hostname null', { given: { body: edit(submittedJob, { '/hostname': null }) }, want: issue('/hostname', 'type') }],
  ['timeline null', { given: { body: edit(submittedJob, { '/timeline': null }) }, want: issue('/timeline', 'type') }],
  ['agent state error null', { given: { body: edit(partialJob, { '/agent_states/server1/error': null }) }, want: issue('/agent_states/server1/error', 'type') }],
  ['404 error null', { given: { status: 404, body: { error: null } }, want: issue('/error', 'type') }],
  // closed objects
  ['extra property on the job', { given: { body: edit(broadcastJob, { '/progress': 0.5 }) }, want: issue('/progress', 'additionalProperties') }],
  ['worker_states (old name) on the job', { given: { body: edit(broadcastJob, { '/worker_states': {} }) }, want: issue('/worker_states', 'additionalProperties') }],
  ['extra property on a timeline event', { given: { body: edit(broadcastJob, { '/timeline/0/level': 'info' }) }, want: issue('/timeline/0/level', 'additionalProperties') }],
  ['start_time on an agent state', { given: { body: edit(broadcastJob, { '/agent_states/server1/start_time': '2026-02-16T13:21:07Z' }) }, want: issue('/agent_states/server1/start_time', 'additionalProperties') }],
  ['request_id on an agent response', { given: { body: edit(broadcastJob, { '/responses/server1/request_id': 'r1' }) }, want: issue('/responses/server1/request_id', 'additionalProperties') }],
  ['extra property on the error body', { given: { status: 404, body: { error: 'job not found: x', message: 'x' } }, want: issue('/message', 'additionalProperties') }],
  // 400 is one of two bodies
  [
    '400 empty object matches neither body',
    { given: { status: 400, body: {} }, want: issues(['/message', 'required'], ['/error', 'required'], ['', 'oneOf']) },
  ],
  [
    '400 mixing both bodies',
    { given: { status: 400, body: { message: 'x', error: 'y' } }, want: issues(['/error', 'additionalProperties'], ['/message', 'additionalProperties'], ['', 'oneOf']) },
  ],
  // undocumented status and content type
  ['418 undocumented', { given: { status: 418, body: { error: 'teapot' } }, want: issue('', 'status') }],
  // 429/502/503: added for the mock's faults (x-source-note), OSAPI's {error} body
  ['429 rate limited (mock fault)', { given: { status: 429, body: { error: 'rate limit exceeded' } }, want: ok }],
  ['502 bad gateway (mock fault)', { given: { status: 502, body: { error: 'bad gateway: the API server did not answer' } }, want: ok }],
  ['503 unavailable (mock fault)', { given: { status: 503, body: { error: 'service unavailable: job queue is not ready' } }, want: ok }],
  ['429 at the /api/job alias', { given: { operation: 'getJobApiAlias', status: 429, body: { error: 'rate limit exceeded' } }, want: ok }],
  ['503 with a message body', { given: { status: 503, body: { message: 'Service Unavailable' } }, want: issues(['/error', 'required'], ['/message', 'additionalProperties']) }],
  ['404 as plain text', { given: { status: 404, contentType: 'text/plain', body: 'job not found' }, want: issue('', 'content-type') }],
];

const familyCases: ResponseCase[] = [
  // listJobs
  ['listJobs page', { given: { operation: 'listJobs', body: jobList }, want: ok }],
  ['listJobs empty object', { given: { operation: 'listJobs', body: {} }, want: ok }],
  ['listJobs with skipped count', { given: { operation: 'listJobs', body: edit(jobList, { '/status_counts/skipped': 1 }) }, want: ok }],
  ['listJobs 400 bad limit (framework)', { given: { operation: 'listJobs', status: 400, body: { message: 'Invalid format for parameter limit: abc' } }, want: ok }],
  ['listJobs 400 limit out of range', { given: { operation: 'listJobs', status: 400, body: { error: 'limit must be between 1 and 100' } }, want: ok }],
  ['listJobs 401', { given: { operation: 'listJobs', status: 401, body: { error: 'Bearer token required' } }, want: ok }],
  ['listJobs 403', { given: { operation: 'listJobs', status: 403, body: { error: 'Insufficient permissions' } }, want: ok }],
  ['listJobs 500', { given: { operation: 'listJobs', status: 500, body: { error: 'error fetching jobs' } }, want: ok }],
  ['listJobs negative total', { given: { operation: 'listJobs', body: edit(jobList, { '/total_items': -1 }) }, want: issue('/total_items', 'minimum') }],
  ['listJobs count as string', { given: { operation: 'listJobs', body: edit(jobList, { '/status_counts/completed': '30' }) }, want: issue('/status_counts/completed', 'type') }],
  ['listJobs items as object', { given: { operation: 'listJobs', body: edit(jobList, { '/items': {} }) }, want: issue('/items', 'type') }],
  ['listJobs extra property', { given: { operation: 'listJobs', body: edit(jobList, { '/next_offset': 10 }) }, want: issue('/next_offset', 'additionalProperties') }],
  ['listJobs 404 undocumented', { given: { operation: 'listJobs', status: 404, body: { error: 'x' } }, want: issue('', 'status') }],
  // createJob
  ['createJob 201', { given: { operation: 'createJob', status: 201, body: created }, want: ok }],
  ['createJob 201 with only job_id and status', { given: { operation: 'createJob', status: 201, body: { job_id: created.job_id, status: 'created' } }, want: ok }],
  ['createJob 400 validation', { given: { operation: 'createJob', status: 400, body: { error: 'invalid operation format: missing type field' } }, want: ok }],
  ['createJob 401', { given: { operation: 'createJob', status: 401, body: { error: 'Bearer token required' } }, want: ok }],
  ['createJob 403', { given: { operation: 'createJob', status: 403, body: { error: 'Insufficient permissions' } }, want: ok }],
  ['createJob 500', { given: { operation: 'createJob', status: 500, body: { error: 'failed to store job in KV' } }, want: ok }],
  ['createJob 201 status missing', { given: { operation: 'createJob', status: 201, body: edit(created, { '/status': undefined }) }, want: issue('/status', 'required') }],
  ['createJob 201 job_id not a UUID', { given: { operation: 'createJob', status: 201, body: edit(created, { '/job_id': 'job-1' }) }, want: issue('/job_id', 'format') }],
  ['createJob 201 timestamp not date-time', { given: { operation: 'createJob', status: 201, body: edit(created, { '/timestamp': 'now' }) }, want: issue('/timestamp', 'format') }],
  ['createJob 201 revision as string', { given: { operation: 'createJob', status: 201, body: edit(created, { '/revision': '1' }) }, want: issue('/revision', 'type') }],
  [
    'createJob 201 revision not an integer',
    { given: { operation: 'createJob', status: 201, body: edit(created, { '/revision': 1.5 }) }, want: issues(['/revision', 'type'], ['/revision', 'format']) },
  ],
  ['createJob 201 extra id', { given: { operation: 'createJob', status: 201, body: edit(created, { '/id': created.job_id }) }, want: issue('/id', 'additionalProperties') }],
  ['createJob 200 undocumented', { given: { operation: 'createJob', status: 200, body: created }, want: issue('', 'status') }],
  ['createJob 404 undocumented', { given: { operation: 'createJob', status: 404, body: { error: 'x' } }, want: issue('', 'status') }],
  // retryJob
  ['retryJob 201', { given: { operation: 'retryJob', status: 201, body: created }, want: ok }],
  ['retryJob 400 malformed UUID', { given: { operation: 'retryJob', status: 400, body: { message: 'Invalid format for parameter id: x' } }, want: ok }],
  ['retryJob 401', { given: { operation: 'retryJob', status: 401, body: { error: 'Bearer token required' } }, want: ok }],
  ['retryJob 403', { given: { operation: 'retryJob', status: 403, body: { error: 'Insufficient permissions' } }, want: ok }],
  ['retryJob 404', { given: { operation: 'retryJob', status: 404, body: { error: 'job not found: x' } }, want: ok }],
  ['retryJob 500', { given: { operation: 'retryJob', status: 500, body: { error: 'x' } }, want: ok }],
  ['retryJob 201 job_id missing', { given: { operation: 'retryJob', status: 201, body: edit(created, { '/job_id': undefined }) }, want: issue('/job_id', 'required') }],
  // deleteJob
  ['deleteJob 204 without body', { given: { operation: 'deleteJob', status: 204, body: undefined }, want: ok }],
  ['deleteJob 204 with a body', { given: { operation: 'deleteJob', status: 204, body: { deleted: true } }, want: issue('', 'body') }],
  ['deleteJob 400 malformed UUID', { given: { operation: 'deleteJob', status: 400, body: { message: 'Invalid format for parameter id: x' } }, want: ok }],
  ['deleteJob 401', { given: { operation: 'deleteJob', status: 401, body: { error: 'Bearer token required' } }, want: ok }],
  ['deleteJob 403', { given: { operation: 'deleteJob', status: 403, body: { error: 'Insufficient permissions' } }, want: ok }],
  ['deleteJob 404', { given: { operation: 'deleteJob', status: 404, body: { error: 'job not found: x' } }, want: ok }],
  ['deleteJob 500', { given: { operation: 'deleteJob', status: 500, body: { error: 'x' } }, want: ok }],
  ['deleteJob 200 undocumented', { given: { operation: 'deleteJob', status: 200, body: {} }, want: issue('', 'status') }],
];

describe('osapi getJob responses', () => {
  it.each(getJobCases)('%s', (_name, { given, want }) => {
    expect(respond(given)).toEqual(want);
  });
});

describe('osapi same-family responses', () => {
  it.each(familyCases)('%s', (_name, { given, want }) => {
    expect(respond(given)).toEqual(want);
  });
});

describe('osapi requests', () => {
  const requestCases: Array<[string, { given: { operation: string; body: unknown }; want: Want }]> = [
    ['createJob body', { given: { operation: 'createJob', body: createRequest }, want: ok }],
    ['createJob operation with extra fields', { given: { operation: 'createJob', body: edit(createRequest, { '/operation/labels': { env: 'prod' } }) }, want: ok }],
    ['createJob missing target_hostname', { given: { operation: 'createJob', body: edit(createRequest, { '/target_hostname': undefined }) }, want: issue('/target_hostname', 'required') }],
    ['createJob missing operation', { given: { operation: 'createJob', body: edit(createRequest, { '/operation': undefined }) }, want: issue('/operation', 'required') }],
    ['createJob empty target_hostname', { given: { operation: 'createJob', body: edit(createRequest, { '/target_hostname': '' }) }, want: issue('/target_hostname', 'minLength') }],
    ['createJob operation as string', { given: { operation: 'createJob', body: edit(createRequest, { '/operation': 'node.hostname.get' }) }, want: issue('/operation', 'type') }],
    ['createJob target_hostname null', { given: { operation: 'createJob', body: edit(createRequest, { '/target_hostname': null }) }, want: issue('/target_hostname', 'type') }],
    ['createJob extra property', { given: { operation: 'createJob', body: edit(createRequest, { '/priority': 1 }) }, want: issue('/priority', 'additionalProperties') }],
    ['createJob without a body', { given: { operation: 'createJob', body: undefined }, want: issue('', 'required') }],
    ['retryJob body', { given: { operation: 'retryJob', body: retryRequest }, want: ok }],
    ['retryJob empty object', { given: { operation: 'retryJob', body: {} }, want: ok }],
    ['retryJob without a body (optional)', { given: { operation: 'retryJob', body: undefined }, want: ok }],
    ['retryJob empty target_hostname', { given: { operation: 'retryJob', body: { target_hostname: '' } }, want: issue('/target_hostname', 'minLength') }],
    ['retryJob target_hostname as number', { given: { operation: 'retryJob', body: { target_hostname: 5 } }, want: issue('/target_hostname', 'type') }],
    ['retryJob extra operation', { given: { operation: 'retryJob', body: { operation: { type: 'x' } } }, want: issue('/operation', 'additionalProperties') }],
    ['getJob without a body', { given: { operation: 'getJob', body: undefined }, want: ok }],
    ['deleteJob with a body', { given: { operation: 'deleteJob', body: { force: true } }, want: issue('', 'body') }],
  ];
  it.each(requestCases)('%s', (_name, { given, want }) => {
    expect(outcome(validateRequest({ provider: 'osapi', operation: given.operation, body: given.body }))).toEqual(want);
  });
});

describe('osapi spec', () => {
  const { spec } = defaultContracts().get('osapi');
  const states = ['submitted', 'processing', 'completed', 'failed', 'partial_failure', 'skipped'];

  it('documents the seed endpoint, its alias and the same family, with every status', () => {
    expect(spec.operations.map((op) => [op.method, op.path, op.operationId, op.role, op.responses.map((r) => r.status)])).toEqual([
      ['GET', '/job', 'listJobs', 'listJobs', ['200', '400', '401', '403', '429', '500', '502', '503']],
      ['POST', '/job', 'createJob', 'createJob', ['201', '400', '401', '403', '429', '500', '502', '503']],
      ['GET', '/job/{id}', 'getJob', 'getJob', ['200', '400', '401', '403', '404', '429', '500', '502', '503']],
      ['DELETE', '/job/{id}', 'deleteJob', 'deleteJob', ['204', '400', '401', '403', '404', '429', '500', '502', '503']],
      ['POST', '/job/{id}/retry', 'retryJob', 'retryJob', ['201', '400', '401', '403', '404', '429', '500', '502', '503']],
      ['GET', '/api/job/{id}', 'getJobApiAlias', 'getJob', ['200', '400', '401', '403', '404', '429', '500', '502', '503']],
    ]);
    expect(spec.serverUrl).toBe('http://localhost:8080');
  });

  it('resolves the getJob role to the seed path, not the alias', () => {
    expect(defaultContracts().get('osapi').operation('getJob')?.path).toBe('/job/{id}');
  });

  it('takes UUID ids and asks for job:read to read, job:write to change', () => {
    for (const op of spec.operations.filter((o) => o.path.includes('{id}'))) {
      expect(op.parameters).toContainEqual({ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } });
    }
    const scopes = Object.fromEntries(spec.operations.map((op) => [op.operationId, op.security]));
    expect(scopes).toEqual({
      createJob: [{ BearerAuth: ['job:write'] }],
      listJobs: [{ BearerAuth: ['job:read'] }],
      getJob: [{ BearerAuth: ['job:read'] }],
      deleteJob: [{ BearerAuth: ['job:write'] }],
      retryJob: [{ BearerAuth: ['job:write'] }],
      getJobApiAlias: [{ BearerAuth: ['job:read'] }],
    });
  });

  it('serves an example on getJob 200 that the contract accepts', () => {
    const example = readPointer(spec.document, '/components/responses/JobDetail/content/application~1json/example');
    expect(example).toBeDefined();
    expect(respond({ body: example })).toEqual(ok);
  });

  it('filters the list by the lifecycle states', () => {
    const list = spec.operations.find((op) => op.operationId === 'listJobs');
    const status = list?.parameters.find((p) => p.name === 'status')?.schema as { enum: string[] };
    expect(status.enum).toEqual(states);
  });

  it('declares a well-formed lifecycle over the six job states', () => {
    expect(spec.jobSchema).toBe('JobDetailResponse');
    const validate = new Ajv2020({ strict: true }).compile(lifecycleSchema);
    expect(validate(spec.lifecycle), JSON.stringify(validate.errors)).toBe(true);
    const { envelope, initial, terminal, transitions, invariants } = spec.lifecycle;
    expect(envelope).toBe('');
    const named = [...initial, ...terminal, ...Object.entries(transitions).flat(2)];
    expect(named.filter((state) => !states.includes(state))).toEqual([]);
    expect(terminal.filter((state) => state in transitions)).toEqual([]);
    expect(transitions.submitted).toContain('completed'); // a fast job skips processing
    expect(invariants).toContainEqual(expect.objectContaining({ rule: 'append-only', path: '/timeline' }));
    expect(invariants).toContainEqual(expect.objectContaining({ rule: 'only-in', path: '/changed', states: ['completed'] }));
  });

  it('has fixtures that keep the only-in / required-in invariants', () => {
    const isSet = (v: unknown) =>
      v !== undefined && v !== null && v !== '' && v !== 0 && !(Array.isArray(v) && v.length === 0) && !(typeof v === 'object' && v !== null && Object.keys(v).length === 0);
    for (const job of [submittedJob, broadcastJob, failedJob, partialJob, ...(jobList.items as Body[])]) {
      for (const inv of spec.lifecycle.invariants) {
        if (inv.rule !== 'only-in' && inv.rule !== 'required-in') continue;
        const set = isSet(readPointer(job, inv.path));
        const inStates = inv.states.includes(job.status as string);
        if (inv.rule === 'only-in' && set) expect(inStates, `${inv.path} set in ${String(job.status)}`).toBe(true);
        if (inv.rule === 'required-in' && inStates) expect(set, `${inv.path} missing in ${String(job.status)}`).toBe(true);
      }
    }
  });
});
