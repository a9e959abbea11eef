import type { Fault } from './fault.js';
import type { AgentState, Artifact, FlowNode } from './state.js';

/** An event as written in a scenario: `message` is filled from seeded faker text when left out. */
export interface EventSpec {
  type: string;
  message?: string;
  stage?: string | null;
  host?: string | null;
  error?: string | null;
  data?: Record<string, unknown>;
  artifacts?: Artifact[];
}

/** One step: at `at` ms after the job was created (or after the preceding `wait` resumed). */
export interface ScenarioStep {
  at: number;
  note?: string;
  status?: string;
  stage?: string | null;
  progress?: number | null;
  message?: string | null;
  error?: { code?: string; message: string } | null;
  result?: unknown;
  changed?: boolean | null;
  clarification?: string | null;
  hypothesis?: string | null;
  retries?: number;
  events?: EventSpec[];
  artifacts?: Artifact[];
  agents?: Record<string, AgentState>;
  nodes?: Array<Partial<FlowNode> & { id: string }>;
  testResults?: Array<{ passed: boolean; error?: string; outputPreview?: string; outputCount?: number }>;
  fault?: Fault;
  /** Hold here until the client acts: `respond` (cata-pos `POST …/respond`). */
  wait?: 'respond';
}

/** A scripted job life, interpreted by the engine. @see ../../README.md#scenarios */
export interface Scenario {
  name: string;
  description: string;
  /** The provider's job type for jobs of this scenario (e.g. figur `MODEL_GENERATOR`). */
  jobType?: string;
  /** What the job was asked to do (rendered as the provider's request/operation field). */
  input?: Record<string, unknown>;
  /** Whether the job can be cancelled through the provider's cancel endpoint mid-run. */
  steps: ScenarioStep[];
}

const artifactSchema = {
  type: 'object',
  required: ['kind', 'role', 'name'],
  additionalProperties: false,
  properties: {
    kind: { type: 'string' },
    role: { enum: ['intermediate', 'final'] },
    label: { type: ['string', 'null'] },
    name: { type: 'string', pattern: '^[A-Za-z0-9_.-]+$' },
    meta: { type: 'object' },
  },
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
    jobType: { type: 'string' },
    input: { type: 'object' },
    steps: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['at'],
        additionalProperties: false,
        properties: {
          at: { type: 'integer', minimum: 0 },
          note: { type: 'string' },
          status: { type: 'string' },
          stage: { type: ['string', 'null'] },
          progress: { type: ['number', 'null'], minimum: 0, maximum: 1 },
          message: { type: ['string', 'null'] },
          error: {
            oneOf: [
              { type: 'null' },
              { type: 'object', required: ['message'], additionalProperties: false, properties: { code: { type: 'string' }, message: { type: 'string' } } },
            ],
          },
          result: true,
          changed: { type: ['boolean', 'null'] },
          clarification: { type: ['string', 'null'] },
          hypothesis: { type: ['string', 'null'] },
          retries: { type: 'integer', minimum: 0 },
          events: {
            type: 'array',
            items: {
              type: 'object',
              required: ['type'],
              additionalProperties: false,
              properties: {
                type: { type: 'string' },
                message: { type: 'string' },
                stage: { type: ['string', 'null'] },
                host: { type: ['string', 'null'] },
                error: { type: ['string', 'null'] },
                data: { type: 'object' },
                artifacts: { type: 'array', items: artifactSchema },
              },
            },
          },
          artifacts: { type: 'array', items: artifactSchema },
          agents: {
            type: 'object',
            additionalProperties: {
              type: 'object',
              required: ['status'],
              additionalProperties: false,
              properties: {
                status: { type: 'string' },
                error: { type: ['string', 'null'] },
                durationMs: { type: ['integer', 'null'], minimum: 0 },
                data: true,
                changed: { type: ['boolean', 'null'] },
              },
            },
          },
          nodes: { type: 'array', items: { type: 'object', required: ['id'], properties: { id: { type: 'string' }, status: { type: 'string' }, type: { type: 'string' } } } },
          testResults: {
            type: 'array',
            items: {
              type: 'object',
              required: ['passed'],
              additionalProperties: false,
              properties: { passed: { type: 'boolean' }, error: { type: 'string' }, outputPreview: { type: 'string' }, outputCount: { type: 'integer', minimum: 0 } },
            },
          },
          fault: {
            type: 'object',
            required: ['kind'],
            additionalProperties: false,
            properties: {
              kind: { enum: ['latency', '500', '502', '503', '429', 'truncate', 'invalid-json', 'reset'] },
              ms: { type: 'integer', minimum: 0, maximum: 60000 },
              jitterMs: { type: 'integer', minimum: 0, maximum: 60000 },
              retryAfter: { type: 'integer', minimum: 0, maximum: 3600 },
            },
          },
          wait: { const: 'respond' },
        },
      },
    },
  },
} as const;
