/**
 * A scenario: one job's life as steps over the job document, in the provider's own field names.
 * @see ../../docs/provider-format.md#scenario-files
 */
import type { Fault } from './fault.js';
import { faultKinds } from './fault.js';

/** What a step does to the job document; every value may hold templates. */
export interface StepOps {
  /** pointer → value (missing parents are created). */
  set?: Record<string, unknown>;
  /** pointer → object merged into the object there. */
  merge?: Record<string, Record<string, unknown>>;
  /** pointer → items appended to the array there (created when missing). */
  append?: Record<string, unknown[]>;
  /** pointers removed. */
  remove?: string[];
  /** pointer of an array → `set` applied (relative to each item) to the items matching `where`. */
  each?: Record<string, { where?: Record<string, unknown>; set: Record<string, unknown> }>;
}

/** One scripted step. `at`: ms after creation, or after the last resume past a `wait`. */
export interface ScenarioStep extends StepOps {
  at: number;
  note?: string;
  /** Answers getJob with this fault while this step is the current one. */
  fault?: Fault;
  /** Holds the job here until the client acts (`POST …/respond`). */
  wait?: 'respond';
}

/** Steps applied when a client acts on the job. */
export interface ScenarioBranches {
  cancel?: StepOps[];
  respond?: StepOps[];
  retry?: StepOps[];
}

/** A scripted job life, interpreted by the engine. */
export interface Scenario {
  name: string;
  description: string;
  /** What the job was asked to do when it was not created through the API. */
  input?: Record<string, unknown>;
  /** The job document at creation (over the provider's `x-job-mock.job`). */
  job?: Record<string, unknown>;
  steps: ScenarioStep[];
  on?: ScenarioBranches;
}

const pointer = { type: 'string', pattern: '^(/([^~/]|~[01])*)+$' } as const;
const pointerMap = (values: object) => ({ type: 'object', propertyNames: pointer, additionalProperties: values }) as const;

/** The step operations, shared by steps and branches. */
const opsProperties = {
  note: { type: 'string' },
  set: pointerMap({}),
  merge: pointerMap({ type: 'object' }),
  append: pointerMap({ type: 'array' }),
  remove: { type: 'array', items: pointer },
  each: pointerMap({
    type: 'object',
    required: ['set'],
    additionalProperties: false,
    properties: { where: { type: 'object' }, set: pointerMap({}) },
  }),
} as const;

/** The JSON Schema every scenario file is checked against at load. */
export const scenarioSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://job-contracts.dev/schemas/scenario.json',
  type: 'object',
  required: ['name', 'description', 'steps'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    name: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' },
    description: { type: 'string', minLength: 1 },
    input: { type: 'object' },
    job: { type: 'object' },
    steps: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['at'],
        additionalProperties: false,
        properties: {
          ...opsProperties,
          at: { type: 'integer', minimum: 0 },
          fault: {
            type: 'object',
            required: ['kind'],
            additionalProperties: false,
            properties: {
              kind: { enum: [...faultKinds] },
              ms: { type: 'integer', minimum: 0, maximum: 60000 },
              jitterMs: { type: 'integer', minimum: 0, maximum: 60000 },
              retryAfter: { type: 'integer', minimum: 0, maximum: 3600 },
            },
          },
          wait: { const: 'respond' },
        },
      },
    },
    on: {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(['cancel', 'respond', 'retry'].map((k) => [k, { type: 'array', items: { type: 'object', additionalProperties: false, properties: opsProperties } }])),
    },
  },
} as const;
