import type { Redactor } from './redact.js';
import type { Finding, ProbeName, Severity } from './report.js';

/** Where and when a finding was seen. */
export interface FindingContext {
  job: string | null;
  probe: ProbeName | null;
  poll: number | null;
  elapsedMs: number;
  operation: string;
}

/** A finding before its context is attached: the finding's own fields, severity and excerpt optional. */
export type FindingDraft = Omit<Finding, keyof FindingContext | 'count' | 'severity' | 'excerpt'> & { severity?: Severity; excerpt?: string };

/** Findings of one job or probe; the same rule at the same place is kept once, with a count. */
export interface FindingList {
  add(context: FindingContext, draft: FindingDraft): void;
  list(): Finding[];
}

const EXCERPT = 160;
/** How much of a body is looked at for an excerpt (redacted whole before it is cut). */
const WINDOW = 64 * 1024;
const asIs: Redactor = (text) => text;

/**
 * Cuts a text to an excerpt: one line, at most 160 characters, no control characters. The
 * text is redacted before it is cut, so a secret is never cut into an unrecognisable piece.
 */
export function excerptText(text: string, redact: Redactor = asIs): string {
  const line = redact(text.slice(0, WINDOW)).replace(/\s+/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '\uFFFD').trim();
  return line.length > EXCERPT ? `${line.slice(0, EXCERPT - 1)}…` : line;
}

/** Creates an empty finding list. */
export function createFindings(redact: Redactor = asIs): FindingList {
  const byKey = new Map<string, Finding>();
  return {
    add(context, draft) {
      const severity = draft.severity ?? 'violation';
      const key = [draft.code, severity, context.probe, context.operation, draft.status, draft.pointer, draft.rule].join('\u0000');
      const seen = byKey.get(key);
      if (seen) {
        seen.count++;
        return;
      }
      byKey.set(key, {
        code: draft.code,
        severity,
        job: context.job,
        probe: context.probe,
        poll: context.poll,
        elapsedMs: Math.round(context.elapsedMs),
        operation: context.operation,
        status: draft.status,
        pointer: draft.pointer,
        rule: draft.rule,
        expected: redact(draft.expected),
        actual: redact(draft.actual),
        message: redact(draft.message),
        excerpt: excerptText(draft.excerpt ?? '', redact),
        count: 1,
      });
    },
    list: () => [...byKey.values()],
  };
}
