/**
 * The `x-job-lifecycle` extension: a job's state machine and the invariants that hold
 * across polls, declared on the job schema of each spec.
 *
 * @example
 * ```yaml
 * x-job-lifecycle:
 *   envelope: /job            # where the job object sits in a getJob 200 body ("" = the body)
 *   status: /status           # JSON pointer to the status inside the job object
 *   initial: [queued]
 *   terminal: [success, failure, canceled]
 *   transitions:              # direct moves; a poll may see any state reachable through them
 *     queued: [in-progress, failure, canceled]
 *     in-progress: [success, failure, canceled]
 *   invariants:
 *     - { rule: constant, path: /jobId }
 *     - { rule: monotonic, path: /progress }
 *     - { rule: append-only, path: /history }
 *     - { rule: append-only, path: /result, key: [/kind, /role, /label] }  # items known by these fields
 * ```
 * @see ../../README.md#the-x-job-lifecycle-extension
 */
export const lifecycleSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://job-contracts.dev/schemas/x-job-lifecycle.json',
  title: 'x-job-lifecycle',
  type: 'object',
  additionalProperties: false,
  required: ['envelope', 'status', 'initial', 'terminal', 'transitions', 'invariants'],
  properties: {
    description: { type: 'string' },
    'x-source-note': { type: 'string' },
    envelope: { $ref: '#/$defs/pointer', description: 'Where the job object sits in a getJob 200 body; "" when the body is the job.' },
    status: { $ref: '#/$defs/pointer', description: 'JSON pointer to the status value inside the job object.' },
    initial: { $ref: '#/$defs/states', description: 'States a newly created job may first be seen in.' },
    terminal: { $ref: '#/$defs/states', description: 'Final states: once seen, the status never changes again.' },
    transitions: {
      type: 'object',
      description: 'state -> states it may move to directly. Terminal states have none.',
      additionalProperties: { type: 'array', items: { type: 'string' }, uniqueItems: true },
    },
    invariants: { type: 'array', items: { $ref: '#/$defs/invariant' } },
  },
  $defs: {
    pointer: { type: 'string', pattern: '^(/([^~/]|~[01])*)*$' },
    states: { type: 'array', items: { type: 'string' }, minItems: 1, uniqueItems: true },
    invariant: {
      type: 'object',
      required: ['rule', 'path'],
      properties: {
        rule: { enum: ['constant', 'monotonic', 'cursor', 'append-only', 'only-in', 'required-in', 'closing-item'] },
        path: { $ref: '#/$defs/pointer' },
        description: { type: 'string' },
      },
      oneOf: [
        { properties: { rule: { enum: ['constant', 'monotonic'] }, path: true, description: true }, additionalProperties: false },
        {
          // An item is known by `key` (pointers inside it), or compared in place without `ignore`'s
          // pointers: a presigned URL re-signed on every poll is not a change, a lost item is.
          properties: {
            rule: { const: 'append-only' },
            path: true,
            description: true,
            key: { type: 'array', items: { $ref: '#/$defs/pointer' }, minItems: 1, uniqueItems: true },
            ignore: { type: 'array', items: { $ref: '#/$defs/pointer' }, minItems: 1, uniqueItems: true },
          },
          additionalProperties: false,
        },
        {
          properties: { rule: { const: 'cursor' }, path: true, description: true, of: { $ref: '#/$defs/pointer' } },
          required: ['of'],
          additionalProperties: false,
        },
        {
          properties: { rule: { enum: ['only-in', 'required-in'] }, path: true, description: true, states: { $ref: '#/$defs/states' } },
          required: ['states'],
          additionalProperties: false,
        },
        {
          properties: {
            rule: { const: 'closing-item' },
            path: true,
            description: true,
            field: { $ref: '#/$defs/pointer' },
            value: { type: 'string' },
            requiredWhenTerminal: { type: 'boolean' },
          },
          required: ['field', 'value'],
          additionalProperties: false,
        },
      ],
    },
  },
} as const;

/** An invariant that holds across polls of one job. `path` is a JSON pointer inside the job. */
export type LifecycleInvariant =
  | { rule: 'constant' | 'monotonic'; path: string; description?: string }
  | { rule: 'append-only'; path: string; key?: string[]; ignore?: string[]; description?: string }
  | { rule: 'cursor'; path: string; of: string; description?: string }
  | { rule: 'only-in' | 'required-in'; path: string; states: string[]; description?: string }
  | { rule: 'closing-item'; path: string; field: string; value: string; requiredWhenTerminal?: boolean; description?: string };

/** The parsed `x-job-lifecycle` extension. */
export interface Lifecycle {
  envelope: string;
  status: string;
  initial: string[];
  terminal: string[];
  transitions: Record<string, string[]>;
  invariants: LifecycleInvariant[];
  description?: string;
}
