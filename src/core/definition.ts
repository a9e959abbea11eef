/**
 * `x-job-mock`: what the mock needs beyond the contract — demo credentials, tenants, the job
 * document's templates, error answers, and how each role answers. Validated at load against
 * `mockExtensionSchema` with messages that name the spec file and line.
 * @see ../../docs/provider-format.md
 */
import type { StepOps } from './scenario.js';

/** The error answers the mock can give, each in the provider's own documented shape. */
export const errorKinds = ['unauthorized', 'forbidden', 'not-found', 'malformed-id', 'validation', 'bad-request', 'too-large', 'conflict', 'rate-limited', 'server-error', 'bad-gateway', 'unavailable'] as const;
export type ErrorKind = (typeof errorKinds)[number];

/** A templated answer. */
export interface AnswerTemplate {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** One demo credential: a value for one of the spec's `securitySchemes`. */
export interface CredentialSpec {
  scheme: string;
  /** Bearer token, API key, or `user:password` for HTTP Basic. */
  value: string;
  tenant: string;
  scopes?: string[];
  label?: string;
}

/** The root `x-job-mock`. */
export interface MockExtension {
  id?: string;
  credentials: CredentialSpec[];
  scopes?: Record<string, string>;
  checkIdBeforeAuth?: boolean;
  tenants?: Record<string, Record<string, unknown>>;
  envelope?: Record<string, unknown>;
  job?: Record<string, unknown>;
  everyStep?: StepOps;
  items?: Record<string, Record<string, unknown>>;
  onCancel?: StepOps[];
  onRetry?: StepOps[];
  errors: Partial<Record<ErrorKind, AnswerTemplate>>;
}

/** How a list role pages. */
export type PageSpec =
  | { style: 'offset'; limit: string; offset: string; default?: number; max?: number }
  | { style: 'token'; size: string; token: string; default?: number; max?: number };

/** An operation's `x-job-mock`. */
export interface OperationMock {
  job?: Record<string, unknown>;
  input?: unknown;
  answer?: AnswerTemplate;
  order?: 'newest' | 'oldest';
  filters?: Record<string, string>;
  page?: PageSpec;
  stream?: string;
  cursor?: { param: string; field: string };
  whenTerminal?: ErrorKind | AnswerTemplate;
  whenNotWaiting?: ErrorKind | AnswerTemplate;
}

const pointer = { type: 'string', pattern: '^(/([^~/]|~[01])*)*$' } as const;
const answer = {
  type: 'object',
  required: ['status'],
  additionalProperties: false,
  properties: { status: { type: 'integer', minimum: 100, maximum: 599 }, body: {}, headers: { type: 'object', additionalProperties: { type: 'string' } } },
} as const;
const refusal = { oneOf: [{ enum: [...errorKinds] }, answer] } as const;
const ops = { type: 'object' } as const; // steps are checked with the scenario schema's rules at use

/** The JSON Schema of the root `x-job-mock`. */
export const mockExtensionSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://job-contracts.dev/schemas/x-job-mock.json',
  type: 'object',
  required: ['credentials', 'errors'],
  additionalProperties: false,
  properties: {
    description: { type: 'string' },
    'x-source-note': { type: 'string' },
    id: { type: 'string', minLength: 1 },
    credentials: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['scheme', 'value', 'tenant'],
        additionalProperties: false,
        properties: {
          scheme: { type: 'string' },
          value: { type: 'string', minLength: 1 },
          tenant: { type: 'string', pattern: '^[a-z0-9-]+$' },
          scopes: { type: 'array', items: { type: 'string' } },
          label: { type: 'string' },
        },
      },
    },
    scopes: { type: 'object', additionalProperties: { type: 'string' } },
    checkIdBeforeAuth: { type: 'boolean' },
    tenants: { type: 'object', additionalProperties: { type: 'object' } },
    envelope: { type: 'object' },
    job: { type: 'object' },
    everyStep: ops,
    items: { type: 'object', propertyNames: pointer, additionalProperties: { type: 'object' } },
    onCancel: { type: 'array', items: ops },
    onRetry: { type: 'array', items: ops },
    errors: {
      type: 'object',
      required: ['unauthorized', 'not-found', 'validation', 'rate-limited', 'server-error'],
      propertyNames: { enum: [...errorKinds] },
      additionalProperties: answer,
    },
  },
} as const;

/** The JSON Schema of an operation's `x-job-mock`. */
export const operationMockSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://job-contracts.dev/schemas/x-job-mock-operation.json',
  type: 'object',
  additionalProperties: false,
  properties: {
    description: { type: 'string' },
    job: { type: 'object' },
    input: {},
    answer,
    order: { enum: ['newest', 'oldest'] },
    filters: { type: 'object', additionalProperties: pointer },
    page: {
      oneOf: [
        {
          type: 'object',
          required: ['style', 'limit', 'offset'],
          additionalProperties: false,
          properties: { style: { const: 'offset' }, limit: { type: 'string' }, offset: { type: 'string' }, default: { type: 'integer', minimum: 1 }, max: { type: 'integer', minimum: 1 } },
        },
        {
          type: 'object',
          required: ['style', 'size', 'token'],
          additionalProperties: false,
          properties: { style: { const: 'token' }, size: { type: 'string' }, token: { type: 'string' }, default: { type: 'integer', minimum: 1 }, max: { type: 'integer', minimum: 1 } },
        },
      ],
    },
    stream: pointer,
    cursor: { type: 'object', required: ['param', 'field'], additionalProperties: false, properties: { param: { type: 'string' }, field: pointer } },
    whenTerminal: refusal,
    whenNotWaiting: refusal,
  },
} as const;
