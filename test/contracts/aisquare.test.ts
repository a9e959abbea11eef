/**
 * The aisquare contract (specs/aisquare.yaml): seed 000's JobPacket, the DRF error bodies, and
 * the x-job-lifecycle block.
 * @see ../../specs/aisquare.yaml
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { defaultContracts, readPointer, validateRequest, validateResponse } from '../../src/contracts/index.js';
import { lifecycleSchema } from '../../src/lifecycle/schema.js';

type Body = Record<string, unknown>;
type Want = { ok: true } | { issues: Array<{ pointer: string; rule: string }> };

function fixture(name: string): Body {
  return JSON.parse(readFileSync(new URL(`../fixtures/aisquare/${name}.json`, import.meta.url), 'utf8')) as Body;
}

/** The seed's JobPacket, every property filled in (COMPLETED, closed by END). */
const seedJob = fixture('job-packet');
const pendingJob = fixture('job-pending');
const failedJob = fixture('job-failed');

/** A copy of `base` with top-level fields replaced (`undefined` deletes the field). */
function withFields(base: Body, fields: Body): Body {
  const copy = structuredClone(base);
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) delete copy[key];
    else copy[key] = value;
  }
  return copy;
}

/** A copy of `base` whose first event has fields replaced (`undefined` deletes the field). */
function withEvent(base: Body, fields: Body): Body {
  const copy = structuredClone(base);
  const events = copy.events as Body[];
  events[0] = withFields(events[0] as Body, fields);
  return copy;
}

function outcome(result: ReturnType<typeof validateResponse>): Want {
  return result.ok ? { ok: true } : { issues: result.issues.map(({ pointer, rule }) => ({ pointer, rule })) };
}

const getJob = (body: unknown, status = 200, contentType?: string) =>
  outcome(validateResponse({ provider: 'aisquare', operation: 'getJob', status, ...(contentType === undefined ? {} : { contentType }), body }));

const ok: Want = { ok: true };
const issue = (pointer: string, rule: string): Want => ({ issues: [{ pointer, rule }] });

const responseCases: Array<[string, { given: { status?: number; contentType?: string; body: unknown }; want: Want }]> = [
  // the seed's own JobPacket, and one per lifecycle state
  ['seed JobPacket (COMPLETED, END last)', { given: { body: seedJob }, want: ok }],
  ['PENDING job without events', { given: { body: pendingJob }, want: ok }],
  ['RUNNING job', { given: { body: withFields(seedJob, { status: 'RUNNING', result: null, events: (seedJob.events as Body[]).slice(0, 2) }) }, want: ok }],
  ['FAILED job with error_message', { given: { body: failedJob }, want: ok }],
  // result and metadata: any JSON, null included
  ['result null', { given: { body: withFields(seedJob, { result: null }) }, want: ok }],
  ['result array', { given: { body: withFields(seedJob, { result: [1, 2] }) }, want: ok }],
  ['result string', { given: { body: withFields(seedJob, { result: 'blog/982' }) }, want: ok }],
  ['result number', { given: { body: withFields(seedJob, { result: 982 }) }, want: ok }],
  ['result false', { given: { body: withFields(seedJob, { result: false }) }, want: ok }],
  ['event metadata number', { given: { body: withEvent(seedJob, { metadata: 3 }) }, want: ok }],
  ['soft-delete fields set', { given: { body: withFields(seedJob, { is_active: false, deleted_by: 'admin', deleted_at: '2025-06-03T10:00:00Z' }) }, want: ok }],
  // error responses: DRF {detail}
  ['400 parse error', { given: { status: 400, body: { detail: 'JSON parse error - Expecting value: line 1 column 1 (char 0)' } }, want: ok }],
  ['401 no credentials', { given: { status: 401, body: { detail: 'Authentication credentials were not provided.' } }, want: ok }],
  [
    '401 simplejwt body with code and messages',
    { given: { status: 401, body: { detail: 'Given token not valid for any token type', code: 'token_not_valid', messages: [] } }, want: ok },
  ],
  ['403 permission denied', { given: { status: 403, body: { detail: 'You do not have permission to perform this action.' } }, want: ok }],
  ['404 not found or not yours', { given: { status: 404, body: { detail: 'No JobPacket matches the given query.' } }, want: ok }],
  ['500 DRF detail', { given: { status: 500, body: { detail: 'A server error occurred.' } }, want: ok }],
  ['500 DRF server_error view', { given: { status: 500, body: { error: 'Server Error (500)' } }, want: ok }],
  ['500 Django HTML page', { given: { status: 500, contentType: 'text/html; charset=utf-8', body: '<h1>Server Error (500)</h1>' }, want: ok }],
  // added for what the mock emits (x-source-note): throttling, gateway and maintenance answers
  ['429 DRF Throttled', { given: { status: 429, body: { detail: 'Request was throttled. Expected available in 2 seconds.' } }, want: ok }],
  ['502 JSON from the gateway', { given: { status: 502, body: { detail: 'Bad gateway: the upstream application server did not answer.' } }, want: ok }],
  ['502 HTML from the gateway', { given: { status: 502, contentType: 'text/html', body: '<h1>502 Bad Gateway</h1>' }, want: ok }],
  ['503 DRF ServiceUnavailable', { given: { status: 503, body: { detail: 'Service temporarily unavailable, try again later.' } }, want: ok }],
  ['429 without detail', { given: { status: 429, body: { message: 'slow down' } }, want: issue('/detail', 'required') }],
  ['503 as HTML', { given: { status: 503, contentType: 'text/html', body: '<h1>Maintenance</h1>' }, want: issue('', 'content-type') }],
  // wrong enum
  ['status not in enum', { given: { body: withFields(seedJob, { status: 'DONE' }) }, want: issue('/status', 'enum') }],
  ['type not in enum', { given: { body: withFields(seedJob, { type: 'BLOG' }) }, want: issue('/type', 'enum') }],
  ['event type not in enum', { given: { body: withEvent(seedJob, { type: 'DEBUG' }) }, want: issue('/events/0/type', 'enum') }],
  ['status in lower case', { given: { body: withFields(seedJob, { status: 'completed' }) }, want: issue('/status', 'enum') }],
  // missing required
  ['events missing', { given: { body: withFields(seedJob, { events: undefined }) }, want: issue('/events', 'required') }],
  ['nullable error_message missing', { given: { body: withFields(seedJob, { error_message: undefined }) }, want: issue('/error_message', 'required') }],
  ['nullable result missing', { given: { body: withFields(seedJob, { result: undefined }) }, want: issue('/result', 'required') }],
  ['event metadata missing', { given: { body: withEvent(seedJob, { metadata: undefined }) }, want: issue('/events/0/metadata', 'required') }],
  ['event content missing', { given: { body: withEvent(seedJob, { content: undefined }) }, want: issue('/events/0/content', 'required') }],
  // wrong type
  ['id as string', { given: { body: withFields(seedJob, { id: '1' }) }, want: issue('/id', 'type') }],
  ['id not an integer', { given: { body: withFields(seedJob, { id: 1.5 }) }, want: issue('/id', 'type') }],
  ['is_active as string', { given: { body: withFields(seedJob, { is_active: 'true' }) }, want: issue('/is_active', 'type') }],
  ['error_message as number', { given: { body: withFields(failedJob, { error_message: 500 }) }, want: issue('/error_message', 'type') }],
  ['events as object', { given: { body: withFields(seedJob, { events: {} }) }, want: issue('/events', 'type') }],
  ['event id as string', { given: { body: withEvent(seedJob, { id: '10' }) }, want: issue('/events/0/id', 'type') }],
  ['body an array', { given: { body: [seedJob] }, want: issue('', 'type') }],
  // bad id / timestamp formats
  ['uid not a UUID', { given: { body: withFields(seedJob, { uid: 'job-1' }) }, want: issue('/uid', 'format') }],
  ['event uid not a UUID', { given: { body: withEvent(seedJob, { uid: '1e4a6c8b' }) }, want: issue('/events/0/uid', 'format') }],
  ['created_at not date-time', { given: { body: withFields(seedJob, { created_at: '02/06/2025 08:15' }) }, want: issue('/created_at', 'format') }],
  ['deleted_at not date-time', { given: { body: withFields(seedJob, { deleted_at: 'yesterday' }) }, want: issue('/deleted_at', 'format') }],
  // nullable misuse
  ['uid null', { given: { body: withFields(seedJob, { uid: null }) }, want: issue('/uid', 'type') }],
  ['updated_at null', { given: { body: withFields(seedJob, { updated_at: null }) }, want: issue('/updated_at', 'type') }],
  ['is_active null', { given: { body: withFields(seedJob, { is_active: null }) }, want: issue('/is_active', 'type') }],
  ['events null', { given: { body: withFields(seedJob, { events: null }) }, want: issue('/events', 'type') }],
  ['event content null', { given: { body: withEvent(seedJob, { content: null }) }, want: issue('/events/0/content', 'type') }],
  [
    'status null',
    { given: { body: withFields(seedJob, { status: null }) }, want: { issues: [{ pointer: '/status', rule: 'type' }, { pointer: '/status', rule: 'enum' }] } },
  ],
  // closed objects
  ['extra property on JobPacket', { given: { body: withFields(seedJob, { progress: 0.5 }) }, want: issue('/progress', 'additionalProperties') }],
  ['extra property on AgentEvent', { given: { body: withEvent(seedJob, { level: 'info' }) }, want: issue('/events/0/level', 'additionalProperties') }],
  // error bodies
  ['404 without detail', { given: { status: 404, body: { message: 'not found' } }, want: issue('/detail', 'required') }],
  ['401 detail not a string', { given: { status: 401, body: { detail: ['bad token'] } }, want: issue('/detail', 'type') }],
  ['403 body a string', { given: { status: 403, body: 'Forbidden' }, want: issue('', 'type') }],
  ['500 JSON array', { given: { status: 500, body: [] }, want: issue('', 'type') }],
  // undocumented status / content type
  ['409 undocumented', { given: { status: 409, body: { detail: 'Conflict.' } }, want: issue('', 'status') }],
  ['404 as HTML', { given: { status: 404, contentType: 'text/html', body: '<h1>Not Found</h1>' }, want: issue('', 'content-type') }],
];

describe('aisquare getJob (jobs-retrieve) responses', () => {
  it.each(responseCases)('%s', (_name, { given, want }) => {
    expect(getJob(given.body, given.status, given.contentType)).toEqual(want);
  });

  it('answers to its operationId as well as its role', () => {
    expect(outcome(validateResponse({ provider: 'aisquare', operation: 'jobs-retrieve', status: 200, body: seedJob }))).toEqual(ok);
    expect(outcome(validateResponse({ provider: 'aisquare', operation: 'jobs-retrieve', status: 200, body: withFields(seedJob, { status: 'DONE' }) }))).toEqual(
      issue('/status', 'enum'),
    );
  });
});

describe('aisquare requests', () => {
  const requestCases: Array<[string, { given: { body: unknown }; want: Want }]> = [
    ['getJob without a body', { given: { body: undefined }, want: ok }],
  ];
  it.each(requestCases)('%s', (_name, { given, want }) => {
    expect(outcome(validateRequest({ provider: 'aisquare', operation: 'getJob', body: given.body }))).toEqual(want);
  });
});

describe('aisquare spec', () => {
  const { spec } = defaultContracts().get('aisquare');
  const schemas = (spec.document.components as { schemas: Record<string, Body> }).schemas;

  it('documents only the seed endpoint, with every documented status (429, 502, 503 added for the mock)', () => {
    expect(spec.operations.map((op) => [op.method, op.path, op.operationId, op.role])).toEqual([
      ['GET', '/api/v2/orchestrations/jobs/{id}/', 'jobs-retrieve', 'getJob'],
    ]);
    expect(spec.operations[0]?.responses.map((r) => r.status)).toEqual(['200', '400', '401', '403', '404', '429', '500', '502', '503']);
    expect(spec.serverUrl).toBe('https://api.aisquare.studio');
  });

  it('serves an example on getJob 200 that the contract accepts', () => {
    const example = readPointer(spec.document, '/paths/~1api~1v2~1orchestrations~1jobs~1{id}~1/get/responses/200/content/application~1json/example');
    expect(example).toBeDefined();
    expect(getJob(example)).toEqual(ok);
  });

  it('declares a well-formed lifecycle over the JobPacket enums', () => {
    expect(spec.jobSchema).toBe('JobPacket');
    const validate = new Ajv2020({ strict: true }).compile(lifecycleSchema);
    expect(validate(spec.lifecycle), JSON.stringify(validate.errors)).toBe(true);
    const states = schemas.JobPacketStatusEnum?.enum as string[];
    const named = [...spec.lifecycle.initial, ...spec.lifecycle.terminal, ...Object.entries(spec.lifecycle.transitions).flat(2)];
    expect(named.filter((state) => !states.includes(state))).toEqual([]);
    expect(spec.lifecycle.terminal.filter((state) => state in spec.lifecycle.transitions)).toEqual([]);
    expect(spec.lifecycle.invariants).toContainEqual(expect.objectContaining({ rule: 'closing-item', path: '/events', field: '/type', value: 'END' }));
    expect(schemas.AgentEventTypeEnum?.enum).toContain('END');
  });
});
