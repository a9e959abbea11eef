import type { Mock } from '../../src/mock/mock.js';
import type { ProviderId } from '../../src/providers/ids.js';
import type { RawAnswer } from './raw-http.js';

/** Text that only a leaked stack trace or source path would put in an answer. */
const STACK = /\n\s*at\s|node:internal|file:\/\/|\.[cm]?[jt]s:\d+:\d+/;

/** Statuses the HTTP layer may answer before any provider sees the request. */
const TRANSPORT = new Set([400, 404, 405, 413, 417, 431]);

/** The shape of every answer outside the specs: `{error, message?}`. */
function isOutsideShape(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const { error, message } = body as { error?: unknown; message?: unknown };
  return typeof error === 'string' && (message === undefined || typeof message === 'string');
}

/** The path the server sees after URL normalisation (`/a/../b` → `/b`). */
function pathnameOf(target: string): string {
  try {
    return new URL(target, 'http://127.0.0.1').pathname;
  } catch {
    return target;
  }
}

/** Who answered (a spec operation, a provider outside its operations, the HTTP layer) and what is wrong. */
export interface Verdict {
  answeredBy: 'operation' | 'outside' | 'transport' | 'nobody';
  problems: string[];
}

/** The header that ties a request to its journal entry (the journal keeps request headers). */
export const CASE_HEADER = 'x-hostile-case';

/**
 * Everything wrong with one answer to a hostile request: no answer, a 5xx, a stack trace, a body
 * that is not JSON, or — when a provider operation answered (it sets x-request-id; the journal
 * entry with the request's case header says which operation) — a status or body its spec does
 * not document; outside every operation, anything but a clean JSON 404/405 (or the HTTP layer's
 * 400/413/417/431 for requests it cannot parse).
 */
export function judge(mock: Mock, caseId: string, request: { method: string; target: string }, answer: RawAnswer): Verdict {
  const { method } = request;
  if (answer.status === 0) return { answeredBy: 'nobody', problems: [`no answer (${answer.failure ?? 'connection closed'})`] };
  let answeredBy: Verdict['answeredBy'];
  const problems: string[] = [];
  const text = answer.body.toString('utf8');
  if (answer.status >= 500) problems.push(`status ${answer.status}`);
  if (STACK.test(text)) problems.push('stack trace or source path in the body');
  let body: unknown;
  if (text !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      problems.push(`body is not JSON: ${text.slice(0, 80)}`);
    }
  }
  const entry = mock.journal.list(64).find((e) => e.headers[CASE_HEADER] === caseId);
  if (answer.headers['x-request-id'] !== undefined) {
    answeredBy = 'operation';
    if (!entry?.operation) problems.push('an x-request-id answer without a journaled operation');
    else {
      if (entry.status !== answer.status) problems.push(`journal says ${entry.status}, client got ${answer.status}`);
      const provider = mock.providers.get(entry.provider as ProviderId);
      const checked = provider?.contract.validateResponse({ operation: entry.operation, status: answer.status, contentType: answer.headers['content-type'] ?? null, body });
      // A HEAD answer is the GET's without its body (RFC 9110 9.3.2): only its status and content type are judged.
      const issues = checked?.ok === false ? checked.issues.filter((issue) => method !== 'HEAD' || issue.rule === 'status' || issue.rule === 'content-type') : [];
      if (issues.length > 0) problems.push(`${entry.provider} ${entry.operation}: ${issues[0]?.message}`);
    }
  } else if (entry && entry.operation === null) {
    answeredBy = 'outside';
    if (answer.status !== 404 && answer.status !== 405) problems.push(`outside ${entry.provider}'s operations but status ${answer.status}`);
    if (answer.status === 405 && !answer.headers.allow) problems.push('405 without Allow');
    if (method !== 'HEAD' && !isOutsideShape(body)) problems.push(`outside-route body is not {error, message}: ${text.slice(0, 80)}`);
  } else {
    answeredBy = 'transport';
    const admin = /^\/__admin(\/|$)/.test(pathnameOf(request.target));
    if (!TRANSPORT.has(answer.status) && !(admin && answer.status === 200)) problems.push(`no operation answered, yet status ${answer.status}`);
    // Node answers an unknown Expect with a bare 417 (RFC 9110 §10.1.1) before any handler runs.
    const bare = answer.status === 417 && text === '';
    if (method !== 'HEAD' && !isOutsideShape(body) && answer.status !== 200 && !bare) problems.push(`transport-level body is not {error}: ${text.slice(0, 80)}`);
  }
  if (text !== '' && !/^application\/([a-z.+-]*\+)?json\b/.test(answer.headers['content-type'] ?? '')) problems.push(`content-type ${answer.headers['content-type']}`);
  return { answeredBy, problems };
}
