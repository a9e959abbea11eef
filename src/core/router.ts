import type { Contract } from '../contracts/contracts.js';
import type { Json, Operation } from '../contracts/spec.js';
import type { SchemaCompiler } from './ports.js';

/** A compiled route: one operation of the spec, matched by method and path. */
export interface Route {
  operation: Operation;
  regex: RegExp;
  params: string[];
  literals: number;
}

/** The result of matching a path: the route and its raw (decoded) path parameters. */
export type RouteMatch =
  | { kind: 'match'; route: Route; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allow: string[] }
  | { kind: 'no-route' };

/** A path-parameter check: true when the raw value has the documented format. */
export type ParamCheck = (raw: string) => boolean;

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The path part of a server URL (`https://api.cloud.scenario.com/v1` → `/v1`). */
export function serverBasePath(serverUrl: string): string {
  try {
    const path = new URL(serverUrl).pathname.replace(/\/+$/, '');
    return path === '/' ? '' : path;
  } catch {
    return '';
  }
}

/** Builds the routes of a contract; literal segments win over parameters. */
export function buildRoutes(contract: Contract): Route[] {
  const base = serverBasePath(contract.spec.serverUrl);
  const routes = contract.spec.operations.map((operation) => {
    const params: string[] = [];
    const segments = `${base}${operation.path}`.split('/');
    let literals = 0;
    const pattern = segments
      .map((segment) => {
        const m = /^\{([^}]+)\}$/.exec(segment);
        if (m) {
          params.push(m[1] as string);
          return '([^/]+)';
        }
        if (segment) literals++;
        // A parameter with literal text in the same segment (AIP-136 custom methods: `{name}:cancel`).
        return segment
          .split(/(\{[^}]+\})/)
          .map((part) => {
            const p = /^\{([^}]+)\}$/.exec(part);
            if (!p) return escapeRegex(part);
            params.push(p[1] as string);
            return '([^/]+?)';
          })
          .join('');
      })
      .join('/');
    return { operation, regex: new RegExp(`^${pattern}$`), params, literals };
  });
  return routes.sort((a, b) => b.literals - a.literals);
}

/** Matches a method and path (already stripped of any mount prefix). */
export function matchRoute(routes: Route[], method: string, path: string): RouteMatch {
  const allow: string[] = [];
  for (const route of routes) {
    const m = route.regex.exec(path);
    if (!m) continue;
    if (route.operation.method !== method) {
      allow.push(route.operation.method);
      continue;
    }
    const params: Record<string, string> = {};
    let ok = true;
    route.params.forEach((name, i) => {
      try {
        params[name] = decodeURIComponent(m[i + 1] as string);
      } catch {
        ok = false; // malformed %-encoding: treat as a malformed id
        params[name] = m[i + 1] as string;
      }
    });
    if (!ok) params['\u0000malformed'] = 'true';
    return { kind: 'match', route, params };
  }
  return allow.length > 0 ? { kind: 'method-not-allowed', allow: [...new Set(allow)] } : { kind: 'no-route' };
}

/**
 * `matchRoute` remembered per (method, path): a pure function of the routes, and a client polls
 * the same path again and again, so each distinct one is matched once (bounded; cleared when full).
 * The params object of a match is shared: readers only. `finish` adds what else is a pure
 * function of the match (the path parameters' format checks).
 */
export function createRouteMemo<M = RouteMatch>(routes: Route[], finish: (match: RouteMatch) => M = (match) => match as M, limit = 4096): (method: string, path: string) => M {
  // Per method, then per path: no key string is made per request.
  const memo = new Map<string, Map<string, M>>();
  let size = 0;
  return (method, path) => {
    let found = memo.get(method)?.get(path);
    if (found === undefined) {
      found = finish(matchRoute(routes, method, path));
      if (size >= limit) {
        memo.clear();
        size = 0;
      }
      let byPath = memo.get(method);
      if (byPath === undefined) memo.set(method, (byPath = new Map()));
      byPath.set(path, found);
      size++;
    }
    return found;
  };
}

/**
 * Compiles one check per (operation, path parameter) from the parameter's schema, with the
 * compiler the loading layer gives (see ports.ts).
 */
export function buildParamChecks(contract: Contract, compile: SchemaCompiler): Map<string, ParamCheck> {
  const schemas = new Map<string, Json | undefined>();
  for (const op of contract.spec.operations) {
    for (const p of op.parameters) if (p.in === 'path') schemas.set(`${op.operationId}:${p.name}`, p.schema);
  }
  const compiled = compile(contract.spec, schemas);
  const checks = new Map<string, ParamCheck>();
  for (const [key, schema] of schemas) {
    const validate = compiled.get(key);
    const type = (schema as { type?: unknown } | undefined)?.type;
    const numeric = type === 'integer' || type === 'number';
    checks.set(key, (raw) => {
      if (raw.length > 256) return false;
      if (!validate) return true;
      if (numeric) return /^-?\d+(\.\d+)?$/.test(raw) && validate(Number(raw));
      return validate(raw);
    });
  }
  return checks;
}
