/**
 * Query parameters checked against the operation's parameter schemas (the keywords query
 * parameters use: type, enum, minimum, maximum, lengths, pattern, required), so a data-only
 * provider answers a bad `limit` with its own validation error, naming the parameter.
 */
import type { Operation } from '../contracts/spec.js';
import { isObject } from './pointer.js';

/** A query parameter that breaks its schema: which one and why. */
export interface QueryProblem {
  field: string;
  message: string;
}

function check(name: string, raw: string, schema: Record<string, unknown>): string | undefined {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  let value: string | number | boolean = raw;
  if (types.includes('integer') || types.includes('number')) {
    const pattern = types.includes('integer') ? /^-?\d{1,15}$/ : /^-?\d{1,15}(\.\d+)?$/;
    if (!pattern.test(raw)) return `must be ${types.includes('integer') ? 'an integer' : 'a number'}`;
    value = Number(raw);
    if (typeof schema.minimum === 'number' && value < schema.minimum) return `must be >= ${schema.minimum}`;
    if (typeof schema.maximum === 'number' && value > schema.maximum) return `must be <= ${schema.maximum}`;
  } else if (types.includes('boolean')) {
    if (raw !== 'true' && raw !== 'false') return 'must be true or false';
    value = raw === 'true';
  } else {
    if (typeof schema.minLength === 'number' && raw.length < schema.minLength) return `must have at least ${schema.minLength} characters`;
    if (typeof schema.maxLength === 'number' && raw.length > schema.maxLength) return `must have at most ${schema.maxLength} characters`;
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(raw)) return `must match ${schema.pattern}`;
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) return `must be one of ${schema.enum.map(String).join(', ')}`;
  if ('const' in schema && schema.const !== value) return `must be ${String(schema.const)}`;
  void name;
  return undefined;
}

function resolveDeep(value: unknown): Record<string, unknown> {
  return isObject(value) ? value : {};
}

/** Builds the query check of one operation; undefined when it documents no query parameters. */
export function createQueryCheck(operation: Operation, resolveRef: (ref: string) => unknown = () => undefined): ((query: URLSearchParams) => QueryProblem | undefined) | undefined {
  const params = operation.parameters.filter((p) => p.in === 'query');
  if (params.length === 0) return undefined;
  return (query) => {
    for (const param of params) {
      const raw = query.get(param.name);
      if (raw === null) {
        if (param.required) return { field: param.name, message: `${param.name} is required` };
        continue;
      }
      let schema: unknown = param.schema;
      for (let hops = 0; isObject(schema) && typeof schema.$ref === 'string' && hops < 20; hops++) schema = { ...resolveDeep(resolveRef(schema.$ref)), ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$ref')) };
      schema = isObject(schema) ? schema : {};
      const problem = check(param.name, raw, schema as Record<string, unknown>);
      if (problem) return { field: param.name, message: `${param.name} ${problem}` };
    }
    return undefined;
  };
}
