/**
 * A vitest matcher for teams that write their own staging tests:
 * `expect(response).toSatisfyContract('my-api', 'getJob')`.
 * @example
 * import { expect } from 'vitest';
 * import { contractMatchers } from 'job-contracts/check';
 * expect.extend(contractMatchers);
 * await expect(await fetch(url, { headers })).toSatisfyContract('my-api', 'getJob');
 * expect({ status: 200, body }).toSatisfyContract('my-api', 'getJob');
 */
import type { MatcherState } from 'vitest';
import { defaultContracts } from '../contracts/index.js';
import { type ParsedBody, parseBody } from './body.js';

/** What a matcher answers (vitest's MatcherOutcome). */
export interface MatcherOutcome {
  pass: boolean;
  message: () => string;
}

/** A response as the matcher takes it when it is not a Fetch Response. */
export interface ResponseLike {
  status: number;
  body: unknown;
  contentType?: string | null;
  headers?: Headers | Record<string, string>;
}

function contentTypeOf(r: ResponseLike): string | null {
  if (r.contentType !== undefined) return r.contentType;
  if (r.headers instanceof Headers) return r.headers.get('content-type');
  const entry = Object.entries(r.headers ?? {}).find(([k]) => k.toLowerCase() === 'content-type');
  return entry ? entry[1] : null;
}

function problems(provider: string, operation: string, status: number, contentType: string | null, body: unknown): string[] {
  const contract = defaultContracts().get(provider);
  const result = contract.validateResponse({ operation, status, contentType, body });
  // validateResponse includes the lifecycle's single-body rules for a getJob 200.
  return result.ok ? [] : result.issues.map((i) => `${i.pointer || '(body)'} ${i.rule}: ${i.message}`);
}

function verdict(state: MatcherState, provider: string, operation: string, status: number, found: string[]): MatcherOutcome {
  const what = `${provider} ${operation} ${status}`;
  return {
    pass: found.length === 0,
    message: () =>
      state.isNot
        ? `expected the response not to satisfy ${what}, but it does`
        : `expected the response to satisfy ${what}; ${found.length} problem(s):\n${found.map((p) => `  - ${p}`).join('\n')}`,
  };
}

function bodyValue(parsed: ParsedBody): unknown {
  if (parsed.kind === 'json') return parsed.value;
  if (parsed.kind === 'text') return parsed.text;
  return undefined;
}

/**
 * Passes when the response's status is documented for the operation, its content type and
 * body match the schema, and (for a getJob 200) the job keeps its lifecycle's snapshot rules.
 * A Fetch Response makes the matcher async: `await expect(res).toSatisfyContract(…)`.
 */
export function toSatisfyContract(this: MatcherState, received: unknown, provider: string, operation: string): MatcherOutcome | Promise<MatcherOutcome> {
  if (received instanceof Response) {
    return received
      .clone()
      .text()
      .then((text) => {
        const contentType = received.headers.get('content-type');
        const parsed = parseBody(text, contentType, 256);
        const extra = parsed.kind === 'invalid-json' ? [`(body) is not JSON: ${parsed.message}`] : parsed.kind === 'too-deep' ? ['(body) nests too deep'] : [];
        return verdict(this, provider, operation, received.status, [...extra, ...(extra.length ? [] : problems(provider, operation, received.status, contentType, bodyValue(parsed)))]);
      });
  }
  if (typeof received !== 'object' || received === null || typeof (received as ResponseLike).status !== 'number') {
    return { pass: false, message: () => 'toSatisfyContract expects a Fetch Response or { status, body, contentType? }' };
  }
  const r = received as ResponseLike;
  return verdict(this, provider, operation, r.status, problems(provider, operation, r.status, contentTypeOf(r), r.body));
}

/** Pass to `expect.extend`. */
export const contractMatchers = { toSatisfyContract };

declare module 'vitest' {
  interface Matchers<T = any> {
    /** The response satisfies the provider's contract for the operation (operationId or role). */
    toSatisfyContract(provider: string, operation: string): T;
  }
}
