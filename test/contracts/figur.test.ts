/**
 * Contract tests for specs/figur.yaml: seed 001's own examples, a job in each state, every
 * documented response of every operation, broken payloads with the exact pointer and rule, and
 * request bodies.
 * @see ../../specs/figur.yaml
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { loadContract, validateRequest, validateResponse } from '../../src/contracts/index.js';
import { bad, type Body, changed, fixtureOf, OK, type RequestCase, type ResponseCase, summary, type Want } from '../helpers/cases.js';
import { lifecycleSchema } from '../../src/lifecycle/schema.js';

const provider = 'figur';
const fixture = fixtureOf(provider);
/** What ajv adds when `latest_event` (an anyOf of the event object and null) is broken inside. */
const latestEventBroken: Array<[string, string]> = [
  ['/latest_event', 'type'],
  ['/latest_event', 'anyOf'],
];
/** What ajv adds when a 422 body matches neither the error envelope nor FastAPI's body. */
const neither422 = (...fastApiIssues: Array<[string, string]>): Want =>
  bad(['/error', 'required'], ['/detail', 'additionalProperties'], ['', 'oneOf'], ...fastApiIssues);

const seed200 = fixture('seed-200-example');
const seed422 = fixture('seed-422-example');
const notStarted = fixture('get-job-200-not-started');
const inProgress = fixture('get-job-200-in-progress');
const success = fixture('get-job-200-success');
const failure = fixture('get-job-200-failure');
const jobList = fixture('list-jobs-200');
const eventList = fixture('list-events-200');
const canceled = fixture('cancel-200');
const accepted = fixture('create-202');
const createBody = fixture('create-request');
const unauthorized = fixture('error-401');
const insufficientBalance = fixture('error-402');
const forbidden = fixture('error-403');
const notFound = fixture('error-404');
const validationFailed = fixture('error-422');
const fastApi422 = fixture('error-422-fastapi');
const rateLimited = fixture('error-429');

const getJob = (body: unknown, status = 200): ResponseCase[1]['given'] => ({ operation: 'getJob', status, body });
const op = (operation: string, status: number, body: unknown): ResponseCase[1]['given'] => ({ operation, status, body });
const firstArtifact = (b: Body): Body => b.result[0];

/** The envelope with a code of its own (500/502/503/409 accept any UPPER_SNAKE code). */
const envelope = (code: string, message: string): Body => ({ error: { code, message, request_id: notFound.error.request_id } });
const internalError = envelope('INTERNAL_ERROR', 'An internal error occurred.');
const badGateway = envelope('BAD_GATEWAY', 'An upstream service failed to answer.');
const unavailable = envelope('SERVICE_UNAVAILABLE', 'The service is temporarily unavailable; retry later.');
const notCancelable = envelope('JOB_NOT_CANCELABLE', 'Job already ended (SUCCESS) and cannot be canceled.');

/** The error answers every operation documents, as [status, body]. */
const commonErrors: Array<[number, Body]> = [
  [401, unauthorized],
  [403, forbidden],
  [422, validationFailed],
  [422, fastApi422],
  [429, rateLimited],
  [500, internalError],
  [502, badGateway],
  [503, unavailable],
];
const errorCases = (operation: string, extra: Array<[number, Body]>): ResponseCase[] =>
  [...commonErrors, ...extra].map(([status, body]): ResponseCase => [
    `${operation} ${status} ${Object.keys(body)[0] === 'detail' ? 'FastAPI {detail}' : body.error.code}`,
    { given: op(operation, status, body), want: OK },
  ]);

const responseCases: ResponseCase[] = [
  // Seed 001's own examples
  ['seed 422 example (FastAPI "Validation Error", verbatim)', { given: getJob(seed422, 422), want: OK }],
  ['seed 200 example alone: a fragment without the required public_id', { given: getJob(seed200), want: bad(['/public_id', 'required']) }],
  ['seed 200 example with its public_id', { given: getJob({ public_id: notStarted.public_id, ...seed200 }), want: OK }],

  // A job in each state
  ['getJob 200: NOT_STARTED with its queued event', { given: getJob(notStarted), want: OK }],
  ['getJob 200: IN_PROGRESS with an intermediate artifact', { given: getJob(inProgress), want: OK }],
  ['getJob 200: SUCCESS with the final manifest (the spec example)', { given: getJob(success), want: OK }],
  ['getJob 200: FAILURE with extra.error', { given: getJob(failure), want: OK }],
  ['getJob 200: request, stage and artifact label null', {
    given: getJob(changed(inProgress, (b) => { b.request = null; b.latest_event.stage = null; b.latest_event.artifacts[0].label = null; })),
    want: OK,
  }],
  ['getJob 200: latest_event null before the first event', { given: getJob(changed(notStarted, (b) => { b.latest_event = null; })), want: OK }],
  ['getJob 200: only public_id (the other fields are optional)', { given: getJob({ public_id: success.public_id }), want: OK }],
  ['getJob 200: artifact with only its required fields', {
    given: getJob(changed(success, (b) => { b.result = [{ image_url: firstArtifact(b).image_url, kind: 'catalog_image', role: 'final' }]; })),
    want: OK,
  }],
  ['getJob 200: open job_type and artifact kind', {
    given: getJob(changed(success, (b) => { b.job_type = 'CATALOG_SHOT_V2'; firstArtifact(b).kind = 'flat_lay'; })),
    want: OK,
  }],
  ['getJob 200 with a charset parameter', { given: { ...getJob(success), contentType: 'application/json; charset=utf-8' }, want: OK }],
  ['getJob 404 JOB_NOT_FOUND (also another tenant\'s job)', { given: getJob(notFound, 404), want: OK }],
  ...errorCases('getJob', []),

  // The same family
  ['listJobs 200: header-only and full items', { given: op('listJobs', 200, jobList), want: OK }],
  ['listJobs 200: an empty page', { given: op('listJobs', 200, { jobs: [], limit: 20, offset: 40, count: 0 }), want: OK }],
  ...errorCases('listJobs', []),
  ['listJobEvents 200', { given: op('listJobEvents', 200, eventList), want: OK }],
  ['listJobEvents 200: nothing after the cursor', { given: op('listJobEvents', 200, { ...eventList, events: [] }), want: OK }],
  ...errorCases('listJobEvents', [[404, notFound]]),
  ['cancelJob 200 (inferred body)', { given: op('cancelJob', 200, canceled), want: OK }],
  ['cancelJob 200: any JSON object', { given: op('cancelJob', 200, { canceled: true }), want: OK }],
  ...errorCases('cancelJob', [[404, notFound], [409, notCancelable]]),
  ['createJob 202 (try-on, by role)', { given: op('createJob', 202, accepted), want: OK }],
  ['createModelGeneratorJob 202', { given: op('createModelGeneratorJob', 202, { ...accepted, credits_cost: 2.5 }), want: OK }],
  ...errorCases('createTryOnJob', [[402, insufficientBalance]]),
  ...errorCases('createModelGeneratorJob', [[402, insufficientBalance]]),

  // Wrong enums and consts
  ['status outside the enum', { given: getJob(changed(success, (b) => { b.status = 'CANCELED'; })), want: bad(['/status', 'enum']) }],
  ['status in the wrong case', { given: getJob(changed(success, (b) => { b.status = 'success'; })), want: bad(['/status', 'enum']) }],
  ['artifact role outside the enum', { given: getJob(changed(success, (b) => { firstArtifact(b).role = 'thumbnail'; })), want: bad(['/result/0/role', 'enum']) }],
  ['event_type outside the enum', {
    given: getJob(changed(success, (b) => { b.latest_event.event_type = 'canceled'; })),
    want: bad(['/latest_event/event_type', 'enum'], ...latestEventBroken),
  }],
  ['visibility other than public', {
    given: getJob(changed(success, (b) => { b.latest_event.visibility = 'internal'; })),
    want: bad(['/latest_event/visibility', 'const'], ...latestEventBroken),
  }],
  ['create 202 status outside the enum', { given: op('createJob', 202, { ...accepted, status: 'queued' }), want: bad(['/status', 'enum']) }],
  ['404 with another code', { given: getJob(changed(notFound, (b) => { b.error.code = 'NOT_FOUND'; }), 404), want: bad(['/error/code', 'const']) }],
  ['401 with another code', { given: getJob(changed(unauthorized, (b) => { b.error.code = 'INVALID_API_KEY'; }), 401), want: bad(['/error/code', 'const']) }],
  ['402 carrying RATE_LIMITED', { given: op('createJob', 402, rateLimited), want: bad(['/error/code', 'const']) }],
  ['422 envelope with another code', {
    given: getJob(changed(validationFailed, (b) => { b.error.code = 'BAD_REQUEST'; }), 422),
    want: bad(['/error/code', 'const'], ['/error', 'additionalProperties'], ['/detail', 'required'], ['', 'oneOf']),
  }],
  ['403 code not UPPER_SNAKE', { given: getJob(changed(forbidden, (b) => { b.error.code = 'forbidden'; }), 403), want: bad(['/error/code', 'pattern']) }],

  // Missing required
  ['job without public_id', { given: getJob(changed(success, (b) => { delete b.public_id; })), want: bad(['/public_id', 'required']) }],
  ['artifact without image_url', { given: getJob(changed(success, (b) => { delete firstArtifact(b).image_url; })), want: bad(['/result/0/image_url', 'required']) }],
  ['artifact without kind', { given: getJob(changed(success, (b) => { delete firstArtifact(b).kind; })), want: bad(['/result/0/kind', 'required']) }],
  ['artifact without role', { given: getJob(changed(success, (b) => { delete firstArtifact(b).role; })), want: bad(['/result/0/role', 'required']) }],
  ['error without request_id', { given: getJob(changed(notFound, (b) => { delete b.error.request_id; }), 404), want: bad(['/error/request_id', 'required']) }],
  ['error body without the envelope', { given: getJob(notFound.error, 404), want: bad(['/error', 'required'], ['/code', 'additionalProperties'], ['/message', 'additionalProperties'], ['/request_id', 'additionalProperties']) }],
  ['create 202 without credits_cost', { given: op('createJob', 202, changed(accepted, (b) => { delete b.credits_cost; })), want: bad(['/credits_cost', 'required']) }],
  ['list without count', { given: op('listJobs', 200, changed(jobList, (b) => { delete b.count; })), want: bad(['/count', 'required']) }],
  ['list item without public_id', { given: op('listJobs', 200, changed(jobList, (b) => { delete b.jobs[1].public_id; })), want: bad(['/jobs/1/public_id', 'required']) }],
  ['events without public_id', { given: op('listJobEvents', 200, changed(eventList, (b) => { delete b.public_id; })), want: bad(['/public_id', 'required']) }],
  ['FastAPI 422 item without msg', {
    given: getJob(changed(fastApi422, (b) => { delete b.detail[0].msg; }), 422),
    want: neither422(['/detail/0/msg', 'required']),
  }],

  // Wrong types, formats and id formats
  ['public_id not a ULID (job_ prefix)', { given: getJob(changed(success, (b) => { b.public_id = 'job_8Fq2LwT9zXc4Vb7NmR1sKd3h'; })), want: bad(['/public_id', 'pattern']) }],
  ['public_id in lower case', { given: getJob(changed(success, (b) => { b.public_id = b.public_id.toLowerCase(); })), want: bad(['/public_id', 'pattern']) }],
  ['public_id with a U (outside Crockford base32)', { given: getJob(changed(success, (b) => { b.public_id = '01JWQYPTRR9R336K6AF10Q87SU'; })), want: bad(['/public_id', 'pattern']) }],
  ['public_id 25 characters long', { given: getJob(changed(success, (b) => { b.public_id = b.public_id.slice(1); })), want: bad(['/public_id', 'pattern']) }],
  ['public_id as a UUID', { given: getJob(changed(success, (b) => { b.public_id = '0b2f7a4e-3c1d-4e5f-9a8b-7c6d5e4f3a2b'; })), want: bad(['/public_id', 'pattern']) }],
  ['error request_id not a ULID', { given: getJob(changed(notFound, (b) => { b.error.request_id = 'req_123'; }), 404), want: bad(['/error/request_id', 'pattern']) }],
  ['create job_id not a ULID', { given: op('createJob', 202, { ...accepted, job_id: 42 }), want: bad(['/job_id', 'type']) }],
  ['job_type not UPPER_SNAKE', { given: getJob(changed(success, (b) => { b.job_type = 'model-generator'; })), want: bad(['/job_type', 'pattern']) }],
  ['created_at not a date-time', { given: getJob(changed(success, (b) => { b.created_at = '02/06/2025 09:14'; })), want: bad(['/created_at', 'format']) }],
  ['result as an object', { given: getJob(changed(success, (b) => { b.result = { final: b.result }; })), want: bad(['/result', 'type']) }],
  ['request as a string', { given: getJob(changed(success, (b) => { b.request = 'prompt'; })), want: bad(['/request', 'type']) }],
  ['artifact meta as a string', { given: getJob(changed(success, (b) => { firstArtifact(b).meta = '1024x1536'; })), want: bad(['/result/0/meta', 'type']) }],
  ['image_url a raw storage key', {
    given: getJob(changed(success, (b) => { firstArtifact(b).image_url = 't/01JWQYPTRR9R336K6AF10Q87SD/final-1.png'; })),
    want: bad(['/result/0/image_url', 'format'], ['/result/0/image_url', 'pattern']),
  }],
  ['image_url an s3:// URI', {
    given: getJob(changed(success, (b) => { firstArtifact(b).image_url = 's3://figur-artifacts/t/final-1.png'; })),
    want: bad(['/result/0/image_url', 'pattern']),
  }],
  ['seq as a string', { given: getJob(changed(success, (b) => { b.latest_event.seq = '4'; })), want: bad(['/latest_event/seq', 'type'], ...latestEventBroken) }],
  ['latest_event as a string', { given: getJob(changed(success, (b) => { b.latest_event = 'succeeded'; })), want: bad(...latestEventBroken, ['/latest_event', 'type']) }],
  ['credits_cost as a string', { given: op('createJob', 202, { ...accepted, credits_cost: '1' }), want: bad(['/credits_cost', 'type']) }],
  ['count as a fraction', { given: op('listJobs', 200, { ...jobList, count: 1.5 }), want: bad(['/count', 'type']) }],
  ['FastAPI 422 loc item as a boolean', {
    given: getJob(changed(fastApi422, (b) => { b.detail[0].loc = ['path', true]; }), 422),
    want: neither422(['/detail/0/loc/1', 'type'], ['/detail/0/loc/1', 'type'], ['/detail/0/loc/1', 'anyOf']),
  }],
  ['422 {detail} as a string (not FastAPI\'s list)', { given: getJob({ detail: 'Not Found' }, 422), want: neither422(['/detail', 'type']) }],

  // Nullable misuse: only request, latest_event, label and stage may be null
  ['status null', { given: getJob(changed(success, (b) => { b.status = null; })), want: bad(['/status', 'type'], ['/status', 'enum']) }],
  ['public_id null', { given: getJob(changed(success, (b) => { b.public_id = null; })), want: bad(['/public_id', 'type']) }],
  ['created_at null', { given: getJob(changed(success, (b) => { b.created_at = null; })), want: bad(['/created_at', 'type']) }],
  ['result null (empty until success, never null)', { given: getJob(changed(notStarted, (b) => { b.result = null; })), want: bad(['/result', 'type']) }],
  ['image_url null', { given: getJob(changed(success, (b) => { firstArtifact(b).image_url = null; })), want: bad(['/result/0/image_url', 'type']) }],
  ['artifact meta null', { given: getJob(changed(success, (b) => { firstArtifact(b).meta = null; })), want: bad(['/result/0/meta', 'type']) }],
  ['event message null', { given: getJob(changed(success, (b) => { b.latest_event.message = null; })), want: bad(['/latest_event/message', 'type'], ...latestEventBroken) }],
  ['event extra null', { given: getJob(changed(success, (b) => { b.latest_event.extra = null; })), want: bad(['/latest_event/extra', 'type'], ...latestEventBroken) }],
  ['events list null', { given: op('listJobEvents', 200, { ...eventList, events: null }), want: bad(['/events', 'type']) }],

  // Out of range
  ['seq negative', { given: getJob(changed(success, (b) => { b.latest_event.seq = -1; })), want: bad(['/latest_event/seq', 'minimum'], ...latestEventBroken) }],
  ['credits_cost negative', { given: op('createJob', 202, { ...accepted, credits_cost: -1 }), want: bad(['/credits_cost', 'minimum']) }],
  ['list limit 0', { given: op('listJobs', 200, { ...jobList, limit: 0 }), want: bad(['/limit', 'minimum']) }],
  ['list offset negative', { given: op('listJobs', 200, { ...jobList, offset: -20 }), want: bad(['/offset', 'minimum']) }],

  // Extra properties: Figur documents its response objects completely
  ['job with an undocumented progress', { given: getJob(changed(success, (b) => { b.progress = 1; })), want: bad(['/progress', 'additionalProperties']) }],
  ['job with updated_at', { given: getJob(changed(success, (b) => { b.updated_at = b.created_at; })), want: bad(['/updated_at', 'additionalProperties']) }],
  ['artifact with a raw s3_key beside the URL', {
    given: getJob(changed(success, (b) => { firstArtifact(b).s3_key = 't/final-1.png'; })),
    want: bad(['/result/0/s3_key', 'additionalProperties']),
  }],
  ['event with a non-public field', {
    given: getJob(changed(success, (b) => { b.latest_event.internal_note = 'gpu-7'; })),
    want: bad(['/latest_event/internal_note', 'additionalProperties'], ...latestEventBroken),
  }],
  ['error with details (Cata\'s shape)', { given: getJob(changed(notFound, (b) => { b.error.details = {}; }), 404), want: bad(['/error/details', 'additionalProperties']) }],
  ['create 202 with an undocumented poll_url', { given: op('createJob', 202, { ...accepted, poll_url: '/v1/jobs/x' }), want: bad(['/poll_url', 'additionalProperties']) }],
  ['list with total_items (OSAPI\'s shape)', { given: op('listJobs', 200, { ...jobList, total_items: 2 }), want: bad(['/total_items', 'additionalProperties']) }],
  ['DRF-style {detail: string} on 404', { given: getJob({ detail: 'Not found.' }, 404), want: bad(['/error', 'required'], ['/detail', 'additionalProperties']) }],

  // Status and content type
  ['getJob 501 is not documented', { given: getJob(internalError, 501), want: bad(['', 'status']) }],
  ['getJob 409 is not documented (only cancel conflicts)', { given: getJob(notCancelable, 409), want: bad(['', 'status']) }],
  ['503 code not UPPER_SNAKE', { given: getJob(changed(unavailable, (b) => { b.error.code = 'unavailable'; }), 503), want: bad(['/error/code', 'pattern']) }],
  ['500 without the envelope (a proxy\'s HTML turned JSON)', { given: getJob({ message: 'Internal Server Error' }, 500), want: bad(['/error', 'required'], ['/message', 'additionalProperties']) }],
  ['getJob 402 is not documented (reads cost nothing)', { given: getJob(insufficientBalance, 402), want: bad(['', 'status']) }],
  ['listJobs 404 is not documented', { given: op('listJobs', 404, notFound), want: bad(['', 'status']) }],
  ['createJob 200 instead of 202', { given: op('createJob', 200, accepted), want: bad(['', 'status']) }],
  ['getJob 200 as text/html', { given: { ...getJob(success), contentType: 'text/html' }, want: bad(['', 'content-type']) }],
];

const requestCases: RequestCase[] = [
  ['try-on: workflow inputs (undocumented; any object)', { given: { operation: 'createJob', body: createBody }, want: OK }],
  ['model generator: a prompt', { given: { operation: 'createModelGeneratorJob', body: { prompt: 'studio portrait' } }, want: OK }],
  ['try-on: an empty object', { given: { operation: 'createTryOnJob', body: {} }, want: OK }],
  ['try-on: no body', { given: { operation: 'createTryOnJob', body: undefined }, want: bad(['', 'required']) }],
  ['try-on: an array', { given: { operation: 'createTryOnJob', body: [createBody] }, want: bad(['', 'type']) }],
  ['model generator: a bare string', { given: { operation: 'createModelGeneratorJob', body: 'studio portrait' }, want: bad(['', 'type']) }],
  ['try-on: multipart', { given: { operation: 'createTryOnJob', contentType: 'multipart/form-data', body: 'x' }, want: bad(['', 'content-type']) }],
  ['cancel: no body', { given: { operation: 'cancelJob', body: undefined }, want: OK }],
  ['cancel: takes no body', { given: { operation: 'cancelJob', body: { reason: 'duplicate' } }, want: bad(['', 'body']) }],
  ['getJob takes no body', { given: { operation: 'getJob', body: { public_id: success.public_id } }, want: bad(['', 'body']) }],
];

describe('figur responses', () => {
  it.each(responseCases)('%s', (_name, { given, want }) => {
    expect(summary(validateResponse({ provider, ...given }))).toEqual(want);
  });
});

describe('figur requests', () => {
  it.each(requestCases)('%s', (_name, { given, want }) => {
    expect(summary(validateRequest({ provider, ...given }))).toEqual(want);
  });
});

describe('figur spec', () => {
  const contract = loadContract('figur');
  const components = contract.spec.document.components as Body;

  it('documents the six operations with their roles and statuses', () => {
    // 500/502/503 (and cancel's 409) are additions for the mock, marked x-source-note.
    const faults = ['500', '502', '503'];
    const ops = contract.spec.operations.map((o) => [o.method, o.path, o.operationId, o.role, o.responses.map((r) => r.status)]);
    expect(ops).toEqual([
      ['GET', '/v1/jobs/{public_id}', 'getJob', 'getJob', ['200', '401', '403', '404', '422', '429', ...faults]],
      ['GET', '/v1/jobs/{public_id}/events', 'listJobEvents', 'listJobEvents', ['200', '401', '403', '404', '422', '429', ...faults]],
      ['POST', '/v1/jobs/{public_id}/cancel', 'cancelJob', 'cancelJob', ['200', '401', '403', '404', '409', '422', '429', ...faults]],
      ['GET', '/v1/jobs', 'listJobs', 'listJobs', ['200', '401', '403', '422', '429', ...faults]],
      ['POST', '/v1/try-on', 'createTryOnJob', 'createJob', ['202', '401', '402', '403', '422', '429', ...faults]],
      ['POST', '/v1/model-generator', 'createModelGeneratorJob', 'createJob', ['202', '401', '402', '403', '422', '429', ...faults]],
    ]);
    for (const o of contract.spec.operations) expect(o.security).toEqual([{ bearerAuth: [] }]);
    expect(contract.spec.serverUrl).toBe('https://api.figur.fit');
  });

  it.each([
    ['01JWQYPTRR9R336K6AF10Q87SD', true],
    ['7ZZZZZZZZZZZZZZZZZZZZZZZZZ', true],
    ['01jwqyptrr9r336k6af10q87sd', false],
    ['01JWQYPTRR9R336K6AF10Q87SI', false],
    ['01JWQYPTRR9R336K6AF10Q87S', false],
    ['job_01JWQYPTRR9R336K6AF10Q', false],
    ['', false],
  ] as const)('public_id %j matches the ULID pattern: %s', (publicId, want) => {
    for (const name of ['getJob', 'listJobEvents', 'cancelJob']) {
      const param = contract.operation(name)?.parameters.find((p) => p.name === 'public_id');
      expect(param?.in).toBe('path');
      const schema = param?.schema as { $ref: string };
      const { type, pattern } = components.schemas[schema.$ref.split('/').pop() as string] as { type: string; pattern: string };
      expect(type).toBe('string');
      expect(new RegExp(pattern).test(publicId)).toBe(want);
    }
  });

  it('serves the SUCCESS fixture as the getJob 200 example', () => {
    const paths = contract.spec.document.paths as Body;
    expect(paths['/v1/jobs/{public_id}'].get.responses['200'].content['application/json'].example).toEqual(success);
  });

  it('declares a well-formed lifecycle on JobDetailResponse', () => {
    const ajv = new Ajv2020({ strict: true });
    const valid = ajv.validate(lifecycleSchema, components.schemas.JobDetailResponse['x-job-lifecycle']);
    expect(ajv.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    const { lifecycle, jobSchema } = contract.spec;
    expect(jobSchema).toBe('JobDetailResponse');
    expect([lifecycle.envelope, lifecycle.status, lifecycle.initial, lifecycle.terminal]).toEqual(['', '/status', ['NOT_STARTED'], ['SUCCESS', 'FAILURE']]);
    expect(lifecycle.transitions.NOT_STARTED).toEqual(expect.arrayContaining(['IN_PROGRESS', 'SUCCESS', 'FAILURE']));
    expect(lifecycle.invariants).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ rule: 'constant', path: '/public_id' }),
        expect.objectContaining({ rule: 'constant', path: '/created_at' }),
        expect.objectContaining({ rule: 'cursor', path: '/latest_event/seq', of: '/latest_event' }),
        expect.objectContaining({ rule: 'only-in', path: '/result', states: ['SUCCESS'] }),
      ]),
    );
  });

  it('uses only states of the status enum in the lifecycle', () => {
    const statuses = components.schemas.JobStatus.enum as string[];
    const { lifecycle } = contract.spec;
    const used = [...lifecycle.initial, ...lifecycle.terminal, ...Object.entries(lifecycle.transitions).flat(2)];
    for (const state of used) expect(statuses).toContain(state);
    for (const state of lifecycle.terminal) expect(lifecycle.transitions[state]).toBeUndefined();
  });

  it('answers another tenant\'s job exactly like a missing one: one 404 body for every id route', () => {
    const paths = contract.spec.document.paths as Body;
    const refs = ['getJob', 'listJobEvents', 'cancelJob'].map((name) => {
      const o = contract.operation(name);
      if (!o) throw new Error(`figur has no ${name}`);
      return paths[o.path][o.method.toLowerCase()].responses['404'].$ref;
    });
    expect(new Set(refs)).toEqual(new Set(['#/components/responses/JobNotFound']));
  });
});
