import type { ProviderAdapter } from '../providers/adapter.js';
import { matchRoute, type ParamCheck, type Route } from './router.js';

/** What a GET path resolves to when it is a well-formed getJob. */
export interface PollTarget {
  operationId: string;
  id: string;
  /** The scope the credential needs, if the provider checks scopes. */
  scope: string | undefined;
}

/** How many request paths are remembered (then the memory starts over). */
const LIMIT = 10_000;

/**
 * The getJob a GET path names, or null (another route, no route, or a malformed id): route
 * matching and path-parameter checks are pure functions of the path, so each path is decided
 * once. The same checks `dispatch` makes, in the same order.
 */
export function createPollTargets(routes: Route[], paramChecks: Map<string, ParamCheck>, adapter: ProviderAdapter): (path: string) => PollTarget | null {
  const known = new Map<string, PollTarget | null>();
  return (path) => {
    let target = known.get(path);
    if (target !== undefined) return target;
    target = null;
    const match = matchRoute(routes, 'GET', path);
    if (match.kind === 'match' && match.route.operation.role === 'getJob') {
      const { route, params } = match;
      const op = route.operation;
      const idParam = route.params[0];
      const badParam = route.params.find((name) => params['\u0000malformed'] !== undefined || !(paramChecks.get(`${op.operationId}:${name}`)?.(params[name] ?? '') ?? true));
      if (badParam === undefined && idParam !== undefined) target = { operationId: op.operationId, id: params[idParam] ?? '', scope: adapter.scopeFor?.(op.role) };
    }
    if (known.size >= LIMIT) known.clear();
    known.set(path, target);
    return target;
  };
}
