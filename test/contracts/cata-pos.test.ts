/**
 * Contract tests for specs/cata-pos.yaml: bodies built from seed 003's field list, every
 * documented response, broken payloads with the exact pointer and rule, and request bodies.
 * @see ../../specs/cata-pos.yaml
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { loadContract, validateRequest, validateResponse } from '../../src/contracts/index.js';
import { bad, type Body, changed, fixtureOf, OK, type RequestCase, type ResponseCase, summary } from '../helpers/cases.js';
import { lifecycleSchema } from '../../src/lifecycle/schema.js';

const provider = 'cata-pos';
const fixture = fixtureOf(provider);

const pending = fixture('get-job-200-pending');
const runningNulls = fixture('get-job-200-running-nulls');
const clarifying = fixture('get-job-200-needs-clarification');
const completed = fixture('get-job-200-completed');
const failed = fixture('get-job-200-failed');
const unauthorized = fixture('error-401');
const notFound = fixture('error-404');
const notAwaiting = fixture('error-400-not-awaiting-clarification');
const invalidBody = fixture('error-400-validation');
const created = fixture('generate-200');
const responded = fixture('respond-200');
const generateBody = fixture('generate-request');
const respondBody = fixture('respond-request');

const getJob = (body: unknown, status = 200): ResponseCase[1]['given'] => ({ operation: 'getJob', status, body });

const responseCases: ResponseCase[] = [
  // Seed 003's field list, in each state the job can be seen in.
  ['getJob 200: pending job with the seed\'s "" / 0 placeholders', { given: getJob(pending), want: OK }],
  ['getJob 200: running job with null placeholders (inferred)', { given: getJob(runningNulls), want: OK }],
  ['getJob 200: needs_clarification after 3 retries', { given: getJob(clarifying), want: OK }],
  ['getJob 200: completed job (the spec\'s example)', { given: getJob(completed), want: OK }],
  ['getJob 200: failed job', { given: getJob(failed), want: OK }],
  ['getJob by the seed\'s operationId', { given: { operation: 'get-generation-job-status', status: 200, body: completed }, want: OK }],
  ['getJob 200 with a charset parameter', { given: { ...getJob(completed), contentType: 'application/json; charset=utf-8' }, want: OK }],
  ['getJob 401', { given: getJob(unauthorized, 401), want: OK }],
  ['getJob 404', { given: getJob(notFound, 404), want: OK }],
  ['createJob 200', { given: { operation: 'createJob', status: 200, body: created }, want: OK }],
  ['createJob 400', { given: { operation: 'createJob', status: 400, body: invalidBody }, want: OK }],
  ['createJob 401', { given: { operation: 'createJob', status: 401, body: unauthorized }, want: OK }],
  ['respondToJob 200', { given: { operation: 'respondToJob', status: 200, body: responded }, want: OK }],
  ['respondToJob 400: not awaiting clarification', { given: { operation: 'respondToJob', status: 400, body: notAwaiting }, want: OK }],
  ['respondToJob 401', { given: { operation: 'respondToJob', status: 401, body: unauthorized }, want: OK }],
  ['respondToJob 404', { given: { operation: 'respondToJob', status: 404, body: notFound }, want: OK }],
  // Added for the mock (x-source-note): fault and rate-limit answers in the provider's error body
  ...(['getJob', 'createJob', 'respondToJob'] as const).flatMap((operation) =>
    [429, 500, 502, 503].map((status): ResponseCase => [
      `${operation} ${status} (added, x-source-note)`,
      { given: { operation, status, body: changed(notFound, (b) => { b.error.code = status; b.error.field = ''; }) }, want: OK },
    ]),
  ),

  // Wrong enums
  ['status outside the enum', { given: getJob(changed(pending, (b) => { b.job.status = 'succeeded'; })), want: bad(['/job/status', 'enum']) }],
  ['status in the wrong case', { given: getJob(changed(pending, (b) => { b.job.status = 'COMPLETED'; })), want: bad(['/job/status', 'enum']) }],
  ['stage outside the enum', { given: getJob(changed(pending, (b) => { b.job.stage = 'deploying'; })), want: bad(['/job/stage', 'enum']) }],

  // Missing required
  ['envelope without job', { given: getJob(changed(pending, (b) => { delete b.job; })), want: bad(['/job', 'required']) }],
  ['envelope without isSuccess', { given: getJob(changed(pending, (b) => { delete b.isSuccess; })), want: bad(['/isSuccess', 'required']) }],
  ['job without clarification', { given: getJob(changed(pending, (b) => { delete b.job.clarification; })), want: bad(['/job/clarification', 'required']) }],
  ['job without resultScriptId', { given: getJob(changed(pending, (b) => { delete b.job.resultScriptId; })), want: bad(['/job/resultScriptId', 'required']) }],
  ['test result without passed', { given: getJob(changed(clarifying, (b) => { delete b.job.testResults[0].passed; })), want: bad(['/job/testResults/0/passed', 'required']) }],
  ['log entry without timestamp', { given: getJob(changed(pending, (b) => { delete b.job.logs[0].timestamp; })), want: bad(['/job/logs/0/timestamp', 'required']) }],
  ['error without field', { given: getJob(changed(notFound, (b) => { delete b.error.field; }), 404), want: bad(['/error/field', 'required']) }],

  // Wrong types and id format
  ['job.id as a digit string', { given: getJob(changed(pending, (b) => { b.job.id = '5719'; })), want: bad(['/job/id', 'type']) }],
  ['job.id as a fraction', { given: getJob(changed(pending, (b) => { b.job.id = 57.19; })), want: bad(['/job/id', 'type']) }],
  ['retries as a string', { given: getJob(changed(pending, (b) => { b.job.retries = '1'; })), want: bad(['/job/retries', 'type']) }],
  ['isSuccess as a string', { given: getJob(changed(pending, (b) => { b.isSuccess = 'true'; })), want: bad(['/isSuccess', 'type']) }],
  ['testResults as an object', { given: getJob(changed(pending, (b) => { b.job.testResults = {}; })), want: bad(['/job/testResults', 'type']) }],
  ['error.code as a string', { given: getJob(changed(notFound, (b) => { b.error.code = 'JOB_NOT_FOUND'; }), 404), want: bad(['/error/code', 'type']) }],
  ['generate jobId as a string', { given: { operation: 'createJob', status: 200, body: { ...created, jobId: '5719' } }, want: bad(['/jobId', 'type']) }],
  ['createdAt not a date-time', { given: getJob(changed(pending, (b) => { b.job.createdAt = '14/03/2025'; })), want: bad(['/job/createdAt', 'format']) }],
  ['test result timestamp not a date-time', { given: getJob(changed(clarifying, (b) => { b.job.testResults[1].timestamp = 'yesterday'; })), want: bad(['/job/testResults/1/timestamp', 'format']) }],

  // Nullable misuse: only hypothesis, clarification, humanResponse and resultScriptId may be null
  ['retries null', { given: getJob(changed(pending, (b) => { b.job.retries = null; })), want: bad(['/job/retries', 'type']) }],
  ['stage null', { given: getJob(changed(pending, (b) => { b.job.stage = null; })), want: bad(['/job/stage', 'type'], ['/job/stage', 'enum']) }],
  ['logs null', { given: getJob(changed(pending, (b) => { b.job.logs = null; })), want: bad(['/job/logs', 'type']) }],
  ['updatedAt null', { given: getJob(changed(pending, (b) => { b.job.updatedAt = null; })), want: bad(['/job/updatedAt', 'type']) }],
  ['test result error null', { given: getJob(changed(clarifying, (b) => { b.job.testResults[0].error = null; })), want: bad(['/job/testResults/0/error', 'type']) }],
  ['error.details null', { given: getJob(changed(notFound, (b) => { b.error.details = null; }), 404), want: bad(['/error/details', 'type']) }],
  ['hypothesis as a number', { given: getJob(changed(pending, (b) => { b.job.hypothesis = 0; })), want: bad(['/job/hypothesis', 'type']) }],
  ['resultScriptId as ""', { given: getJob(changed(pending, (b) => { b.job.resultScriptId = ''; })), want: bad(['/job/resultScriptId', 'type']) }],

  // Out of range
  ['retries negative', { given: getJob(changed(pending, (b) => { b.job.retries = -1; })), want: bad(['/job/retries', 'minimum']) }],
  ['resultScriptId negative', { given: getJob(changed(completed, (b) => { b.job.resultScriptId = -311; })), want: bad(['/job/resultScriptId', 'minimum']) }],
  ['outputCount negative', { given: getJob(changed(clarifying, (b) => { b.job.testResults[0].outputCount = -1; })), want: bad(['/job/testResults/0/outputCount', 'minimum']) }],

  // Extra properties: the seed documents the whole shape
  ['job with an undocumented progress', { given: getJob(changed(pending, (b) => { b.job.progress = 0.5; })), want: bad(['/job/progress', 'additionalProperties']) }],
  ['envelope with an undocumented field', { given: getJob(changed(pending, (b) => { b.requestId = 'r1'; })), want: bad(['/requestId', 'additionalProperties']) }],
  ['log entry with an undocumented level', { given: getJob(changed(pending, (b) => { b.job.logs[0].level = 'info'; })), want: bad(['/job/logs/0/level', 'additionalProperties']) }],
  ['error with a request_id (Figur\'s shape)', { given: getJob(changed(notFound, (b) => { b.error.request_id = '01HX'; }), 404), want: bad(['/error/request_id', 'additionalProperties']) }],
  ['Scenario-style {message} error body', { given: getJob({ message: 'Not found' }, 404), want: bad(['/error', 'required'], ['/message', 'additionalProperties']) }],
  ['respond 200 with an extra job', { given: { operation: 'respondToJob', status: 200, body: { ...responded, job: {} } }, want: bad(['/job', 'additionalProperties']) }],

  // Status and content type
  ['getJob 403 is not documented', { given: getJob(notFound, 403), want: bad(['', 'status']) }],
  ['createJob 404 is not documented', { given: { operation: 'createJob', status: 404, body: notFound }, want: bad(['', 'status']) }],
  ['getJob 200 as text/html', { given: { ...getJob(completed), contentType: 'text/html' }, want: bad(['', 'content-type']) }],
];

const requestCases: RequestCase[] = [
  ['generate: provider and topic', { given: { operation: 'createJob', body: generateBody }, want: OK }],
  ['generate: missing topic', { given: { operation: 'createJob', body: { provider: 'revel' } }, want: bad(['/topic', 'required']) }],
  ['generate: empty provider', { given: { operation: 'createJob', body: { ...generateBody, provider: '' } }, want: bad(['/provider', 'minLength']) }],
  ['generate: provider as a number', { given: { operation: 'createJob', body: { ...generateBody, provider: 7 } }, want: bad(['/provider', 'type']) }],
  ['generate: extra field', { given: { operation: 'createJob', body: { ...generateBody, priority: 'high' } }, want: bad(['/priority', 'additionalProperties']) }],
  ['generate: no body', { given: { operation: 'createJob', body: undefined }, want: bad(['', 'required']) }],
  ['generate: form-encoded', { given: { operation: 'createJob', contentType: 'application/x-www-form-urlencoded', body: 'provider=revel' }, want: bad(['', 'content-type']) }],
  ['respond: an answer', { given: { operation: 'respondToJob', body: respondBody }, want: OK }],
  ['respond: by operationId', { given: { operation: 'respondToGenerationJob', body: respondBody }, want: OK }],
  ['respond: empty answer', { given: { operation: 'respondToJob', body: { response: '' } }, want: bad(['/response', 'minLength']) }],
  ['respond: null answer', { given: { operation: 'respondToJob', body: { response: null } }, want: bad(['/response', 'type']) }],
  ['respond: humanResponse instead of response', { given: { operation: 'respondToJob', body: { humanResponse: 'x' } }, want: bad(['/humanResponse', 'additionalProperties'], ['/response', 'required']) }],
  ['getJob takes no body', { given: { operation: 'getJob', body: { id: 1 } }, want: bad(['', 'body']) }],
];

describe('cata-pos responses', () => {
  it.each(responseCases)('%s', (_name, { given, want }) => {
    expect(summary(validateResponse({ provider, ...given }))).toEqual(want);
  });
});

describe('cata-pos requests', () => {
  it.each(requestCases)('%s', (_name, { given, want }) => {
    expect(summary(validateRequest({ provider, ...given }))).toEqual(want);
  });
});

describe('cata-pos spec', () => {
  const contract = loadContract('cata-pos');

  it('documents the three operations with their roles and statuses', () => {
    const ops = contract.spec.operations.map((op) => [op.method, op.path, op.operationId, op.role, op.responses.map((r) => r.status)]);
    expect(ops).toEqual([
      ['POST', '/api/v1/adapter-scripts/generate', 'createGenerationJob', 'createJob', ['200', '400', '401', '429', '500', '502', '503']],
      ['GET', '/api/v1/adapter-scripts/jobs/{jobId}', 'get-generation-job-status', 'getJob', ['200', '400', '401', '404', '429', '500', '502', '503']],
      ['POST', '/api/v1/adapter-scripts/jobs/{jobId}/respond', 'respondToGenerationJob', 'respondToJob', ['200', '400', '401', '404', '429', '500', '502', '503']],
    ]);
    for (const op of contract.spec.operations) expect(op.security).toEqual([{ apiKeyAuth: [] }]);
  });

  it.each([
    ['5719', true],
    ['0', true],
    ['abc', false],
    ['-1', false],
    ['57.19', false],
    ['', false],
  ] as const)('jobId %j matches the digit pattern: %s', (jobId, want) => {
    const param = contract.operation('getJob')?.parameters.find((p) => p.name === 'jobId');
    const schema = param?.schema as { type: string; pattern: string };
    expect(schema.type).toBe('string');
    expect(new RegExp(schema.pattern).test(jobId)).toBe(want);
  });

  it('serves the completed fixture as the getJob 200 example', () => {
    const paths = contract.spec.document.paths as Body;
    const example = paths['/api/v1/adapter-scripts/jobs/{jobId}'].get.responses['200'].content['application/json'].example;
    expect(example).toEqual(completed);
  });

  it('declares a well-formed lifecycle on GenerationJob', () => {
    const ajv = new Ajv2020({ strict: true });
    const declared = (contract.spec.document.components as Body).schemas.GenerationJob['x-job-lifecycle'];
    const valid = ajv.validate(lifecycleSchema, declared);
    expect(ajv.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    const { lifecycle, jobSchema } = contract.spec;
    expect(jobSchema).toBe('GenerationJob');
    expect([lifecycle.envelope, lifecycle.status, lifecycle.initial, lifecycle.terminal]).toEqual(['/job', '/status', ['pending'], ['completed', 'failed']]);
    expect(lifecycle.transitions.needs_clarification).toContain('running');
    expect(lifecycle.transitions.pending).toContain('completed');
    expect(lifecycle.invariants).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ rule: 'monotonic', path: '/retries' }),
        expect.objectContaining({ rule: 'only-in', path: '/resultScriptId', states: ['completed'] }),
        expect.objectContaining({ rule: 'required-in', path: '/clarification', states: ['needs_clarification'] }),
      ]),
    );
  });

  it('uses only states of the status enum in the lifecycle', () => {
    const statuses = (contract.spec.document.components as Body).schemas.GenerationJobStatus.enum as string[];
    const { lifecycle } = contract.spec;
    const used = [...lifecycle.initial, ...lifecycle.terminal, ...Object.entries(lifecycle.transitions).flat(2)];
    for (const state of used) expect(statuses).toContain(state);
    for (const state of lifecycle.terminal) expect(lifecycle.transitions[state]).toBeUndefined();
  });
});
