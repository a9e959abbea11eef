/**
 * Turns one request's attempts into findings: transport failures, retries, and every answer
 * checked against the operation's contract (status documented, content type, schema).
 */
import type { Contract } from '../contracts/contracts.js';
import { jsonText, readPointer } from '../contracts/issues.js';
import { singleBodyRules } from '../lifecycle/evaluate.js';
import { type ParsedBody, parseBody } from './body.js';
import { formatDuration } from './duration.js';
import type { FindingDraft } from './findings.js';
import { type Answer, type Attempt, isRetryable } from './transport.js';

/** What one request came to. `valid` means the final answer met the contract. */
export interface Inspected {
  answer: Answer | undefined;
  body: ParsedBody | undefined;
  valid: boolean;
  drafts: FindingDraft[];
}

const lifecycleRules: ReadonlySet<string> = new Set(singleBodyRules);

function parentOf(pointer: string): string {
  return pointer.slice(0, Math.max(0, pointer.lastIndexOf('/')));
}

/** Checks one whole answer against the contract of `operation`. */
export function inspectAnswer(contract: Contract, operation: string, answer: Answer, maxDepth: number): { body: ParsedBody; drafts: FindingDraft[] } {
  const status = answer.status;
  // The raw text: the finding list redacts it before cutting it to an excerpt.
  const head = answer.text;
  const body = parseBody(answer.text, answer.contentType, maxDepth);
  const transport = (rule: string, expected: string, actual: string, message: string): FindingDraft => ({ code: 'transport', status, pointer: '', rule, expected, actual, message, excerpt: head });
  if (body.kind === 'invalid-json') return { body, drafts: [transport('invalid-json', 'a JSON body', 'invalid JSON', `${status} body is not valid JSON (${body.message}); ${answer.bytes} bytes read`)] };
  if (body.kind === 'too-deep') return { body, drafts: [transport('json-depth', `JSON nested at most ${maxDepth} levels`, `${body.depth}+ levels`, `${status} body nests deeper than ${maxDepth} levels (a JSON bomb?); not parsed`)] };
  const value = body.kind === 'json' ? body.value : body.kind === 'text' ? body.text : undefined;
  const result = contract.validateResponse({ operation, status, contentType: answer.contentType, body: value });
  if (result.ok) return { body, drafts: [] };
  // The single-body lifecycle rules are the tracker's to report, with their lifecycle codes.
  const drafts = result.issues.filter((issue) => !lifecycleRules.has(issue.rule)).map((issue): FindingDraft => {
    if (issue.rule === 'status') return { code: 'undocumented-status', status, pointer: '', rule: 'status', expected: issue.expected, actual: issue.actual, message: issue.message, excerpt: head };
    if (issue.rule === 'content-type') {
      if (body.kind === 'text') return transport('not-json', issue.expected, String(answer.contentType), `${status} answered ${answer.contentType ?? 'no Content-Type'} that is not JSON; documented: ${issue.expected}`);
      return { code: 'content-type', status, pointer: '', rule: 'content-type', expected: issue.expected, actual: issue.actual, message: issue.message, excerpt: head };
    }
    // Whole: the finding list redacts it, then cuts it.
    const near = body.kind === 'json' ? jsonText(readPointer(body.value, parentOf(issue.pointer))) : head;
    return { code: 'schema', status, pointer: issue.pointer, rule: issue.rule, expected: issue.expected, actual: issue.actual, message: issue.message, excerpt: near };
  });
  return { body, drafts };
}

/** Checks every attempt of one request; retried 429/5xx answers are warnings, unless none recovered. */
export function inspectAttempts(contract: Contract, operation: string, attempts: Attempt[], maxDepth: number): Inspected {
  const drafts: FindingDraft[] = [];
  let final: Inspected = { answer: undefined, body: undefined, valid: false, drafts };
  attempts.forEach((attempt, index) => {
    const last = index === attempts.length - 1;
    if (!attempt.ok) {
      const f = attempt.failure;
      drafts.push({ code: 'transport', status: f.status, pointer: '', rule: f.rule, expected: 'a whole answer', actual: f.rule, message: f.message, excerpt: f.head });
      return;
    }
    const { answer } = attempt;
    const checked = inspectAnswer(contract, operation, answer, maxDepth);
    drafts.push(...checked.drafts);
    if (!last && attempt.waitMs !== undefined) {
      drafts.push({
        code: 'transport',
        severity: 'warning',
        status: answer.status,
        pointer: '',
        rule: 'retried',
        expected: 'no 429 or 5xx',
        actual: String(answer.status),
        message: `${answer.status} answered; retried after ${formatDuration(attempt.waitMs)}${answer.headers.has('retry-after') ? ' (Retry-After)' : ''}`,
        excerpt: answer.text,
      });
    }
    if (last && isRetryable(answer.status)) {
      drafts.push({
        code: 'transport',
        status: answer.status,
        pointer: '',
        rule: 'retries-exhausted',
        expected: 'an answer other than 429 or 5xx',
        actual: attempts.map((a) => (a.ok ? a.answer.status : a.failure.rule)).join(', '),
        message: `still ${answer.status} after ${attempts.length} attempt(s)`,
        excerpt: answer.text,
      });
    }
    if (last) final = { answer, body: checked.body, valid: checked.drafts.length === 0 && !isRetryable(answer.status), drafts };
  });
  return final;
}
