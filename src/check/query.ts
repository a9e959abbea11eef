/**
 * The query a request to an operation carries: the run's own parameters (`query`, sent with
 * every request — an API version, say), plus each required one the operation documents
 * that the run does not give, filled from its schema's example, enum or default as the spec's
 * sample requests are. A required parameter the run does not give and the spec has no value
 * for stops the run before its first request, naming the parameter.
 */
import type { Contract } from '../contracts/contracts.js';
import { requiredQueryOf } from '../contracts/sample-request.js';
import type { Operation } from '../contracts/spec.js';
import { UsageError } from '../errors/index.js';

/** Parses `name=value` (the CLI's `--query`); the value may be empty, the name may not. */
export function parseQueryParam(raw: string, flag = '--query'): [string, string] {
  const at = raw.indexOf('=');
  const name = at === -1 ? '' : raw.slice(0, at).trim();
  if (name === '') throw new UsageError(`${flag} takes name=value (e.g. ${flag} api-version=2024-01-01), got "${raw.slice(0, 80)}".`);
  return [name, raw.slice(at + 1)];
}

/** `?…` for a request to `op` (or '' when it carries none), remembered per operation. */
export function createQueryOf(contract: Contract, given: Readonly<Record<string, string>>): (op: Operation) => string {
  const known = new Map<string, string>();
  return (op) => {
    const found = known.get(op.operationId);
    if (found !== undefined) return found;
    const missing = op.parameters.filter((p) => p.in === 'query' && p.required && given[p.name] === undefined);
    let fromSpec: Record<string, string>;
    try {
      fromSpec = requiredQueryOf(contract, { ...op, parameters: missing });
    } catch {
      const names = missing.map((p) => p.name).join(', ');
      throw new UsageError(`${op.operationId} requires the query parameter ${names} and the spec gives no example for it: pass --query ${missing[0]?.name}=<value> (checkJobs: query).`);
    }
    const text = new URLSearchParams({ ...fromSpec, ...given }).toString();
    const query = text === '' ? '' : `?${text}`;
    known.set(op.operationId, query);
    return query;
  };
}
