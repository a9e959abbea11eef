/**
 * What a request's method, path and query decide on their own — the route, whether each path
 * parameter has its documented format, whether the query breaks its parameters' schemas — is a
 * pure function of the spec. A client polls the same path and query again and again, so each
 * distinct value is decided once and remembered (bounded; cleared when full): a cache of the
 * one pipeline's checks, never a second copy of them.
 */
import type { Contract } from '../contracts/contracts.js';
import { BoundedMap } from './bounded-map.js';
import { getAt } from './pointer.js';
import type { SchemaCompiler } from './ports.js';
import { createQueryCheck, type QueryProblem } from './query.js';
import { buildParamChecks, buildRoutes, createRouteMemo, type RouteMatch } from './router.js';

/** A route match with its first path parameter that breaks its format (undefined when none does). */
export type CheckedMatch = Exclude<RouteMatch, { kind: 'match' }> | (Extract<RouteMatch, { kind: 'match' }> & { badParam: string | undefined });

/** The remembered checks of one provider's spec. */
export interface RequestChecks {
  route(method: string, path: string): CheckedMatch;
  /** The query's first problem for an operation; `parse` is called only for a query not seen yet. */
  query(operationId: string, search: string, parse: () => URLSearchParams): QueryProblem | undefined;
}

const QUERY_MEMO_LIMIT = 1024;

/** The checks of one provider's spec; `compile` builds the path parameters' format checks. */
export function createRequestChecks(contract: Contract, compile: SchemaCompiler): RequestChecks {
  const paramChecks = buildParamChecks(contract, compile);
  const route = createRouteMemo(buildRoutes(contract), (match): CheckedMatch => {
    if (match.kind !== 'match') return match;
    const { route: r, params } = match;
    const malformed = params['\u0000malformed'] !== undefined;
    const badParam = r.params.find((name) => malformed || !(paramChecks.get(`${r.operation.operationId}:${name}`)?.(params[name] ?? '') ?? true));
    return { ...match, badParam };
  });
  const resolveRef = (ref: string) => (ref.startsWith('#/') ? getAt(contract.spec.document, ref.slice(1)) : undefined);
  const queries = new Map(
    contract.spec.operations.flatMap((op) => {
      const check = createQueryCheck(op, resolveRef);
      return check ? [[op.operationId, { check, seen: new BoundedMap<string, QueryProblem | null>(QUERY_MEMO_LIMIT) }] as const] : [];
    }),
  );
  return {
    route,
    query(operationId, search, parse) {
      const entry = queries.get(operationId);
      if (entry === undefined) return undefined;
      const known = entry.seen.get(search);
      if (known !== undefined) return known ?? undefined;
      const problem = entry.check(parse());
      entry.seen.set(search, problem ?? null);
      return problem;
    },
  };
}
