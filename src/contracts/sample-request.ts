/**
 * A valid request for an operation, read from its spec: the body schema's `examples` /
 * `example`, else a value generated from the schema (the same generator that fills job
 * documents), and each required query parameter from its schema's `examples`, `example`, first
 * `enum` or `default`. What the soak load and the hostile-input tests send when they need the
 * mock to accept a request — no table per provider, so a user's own spec works the same.
 */
import { createGenerator } from '../core/generate.js';
import { getAt } from '../core/pointer.js';
import { createRandom } from '../core/random.js';
import type { Contract } from './contracts.js';
import type { Operation } from './spec.js';

function valueFor(contract: Contract, schema: unknown, key: string): unknown {
  const document = contract.spec.document;
  const resolve = (ref: string) => (ref.startsWith('#/') ? getAt(document, ref.slice(1)) : undefined);
  return createGenerator(schema ?? {}, resolve).valueAt('', createRandom(`sample-request:${key}`), key, 0);
}

/**
 * The body a client would send to `op` (undefined when it takes none). Throws when the spec
 * gives no way to make one that validates: add `examples` to the body's schema then.
 */
export function requestBodyOf(contract: Contract, op: Operation): unknown {
  if (!op.requestBody) return undefined;
  const media = op.requestBody.content.find((c) => /json/i.test(c.mediaType)) ?? op.requestBody.content[0];
  const body = valueFor(contract, media?.schema, op.operationId) ?? {};
  const checked = contract.validateRequest({ operation: op.operationId, contentType: media?.mediaType ?? null, body });
  if (!checked.ok) {
    throw new Error(`${contract.spec.file}: cannot make a valid request body for ${op.operationId} (${JSON.stringify(body)}: ${checked.issues[0]?.message}). Add examples to its request body schema.`);
  }
  return body;
}

/** The required query parameters of `op`, each with a valid value (an API version, say). */
export function requiredQueryOf(contract: Contract, op: Operation): Record<string, string> {
  const query: Record<string, string> = {};
  for (const param of op.parameters) {
    if (param.in !== 'query' || !param.required) continue;
    const value = valueFor(contract, param.schema, `${op.operationId}?${param.name}`);
    if (value === undefined || value === null) throw new Error(`${contract.spec.file}: no value for the required query parameter ${param.name} of ${op.operationId}. Add examples to its schema.`);
    query[param.name] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return query;
}
