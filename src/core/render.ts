/**
 * A job's getJob answer, remembered: the timeline is a pure function of (scenario, actions, ms)
 * that holds between the steps' and actions' times, so while a poll's time stays inside the
 * remembered stretch and no action came, the remembered text is the answer. This is a memo of
 * the one pipeline's result, never a second copy of its checks. Bounded by a memory budget:
 * past it the oldest memos are dropped and made again on their next poll.
 */
import type { Clock } from './clock.js';
import type { Fault } from './fault.js';
import type { Job, RenderMemo } from './jobs.js';
import { isObject, type JsonObject } from './pointer.js';
import type { Timeline } from './timeline.js';

/** How much memory a provider's remembered answers may hold by default, bytes (estimated). */
export const RENDER_BUDGET_BYTES = 4 * 1024 * 1024;

/**
 * Heap bytes one remembered answer holds per character of its text: the text itself and the
 * job document it was made from (an object tree ~4 bytes per character of its JSON). Measured
 * over the seven built-in providers' jobs at 100k: 5.2 to 6.
 */
export const MEMO_BYTES_PER_CHAR = 6;

/** A remembered answer with the fault of its step and the job document it was made from
 *  (lists and counts read it; nobody changes it). */
export type Rendered = RenderMemo & { fault: Fault | undefined; doc: JsonObject };

/** The getJob 200 body of a job document: its `$` members left out, wrapped in the envelope. */
export function getJobBody(doc: JsonObject, wrap: (job: JsonObject) => unknown): unknown {
  const visible: JsonObject = {};
  for (const key of Object.keys(doc)) if (!key.startsWith('$')) visible[key] = doc[key];
  return wrap(visible);
}

/** The UTF-8 byte length of a text (lone surrogates count as the 3-byte U+FFFD they are sent as). */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2; // a pair: 2 UTF-16 units, 4 bytes
      i++;
    } else bytes += 2;
  }
  return bytes;
}

/** Builds the memo of one provider: `render(job)` gives the job's answer now. */
export function createRenderMemo(options: { clock: Clock; timeline: (job: Job) => Timeline; wrap: (job: JsonObject) => unknown; budgetBytes?: number }): (job: Job, now?: number) => Rendered {
  const { clock } = options;
  const budget = options.budgetBytes ?? RENDER_BUDGET_BYTES;
  const kept: Array<{ job: Job; memo: Rendered } | undefined> = [];
  let first = 0;
  let bytes = 0;
  const weight = (memo: Rendered) => memo.text.length * MEMO_BYTES_PER_CHAR;
  const remember = (job: Job, memo: Rendered) => {
    kept.push({ job, memo });
    bytes += weight(memo);
    while (bytes > budget && first < kept.length - 1) {
      const oldest = kept[first] as { job: Job; memo: Rendered };
      kept[first++] = undefined;
      bytes -= weight(oldest.memo);
      if (oldest.job.memo === oldest.memo) oldest.job.memo = undefined;
    }
    if (first > 1024 && first * 2 > kept.length) {
      kept.splice(0, first);
      first = 0;
    }
  };
  return (job, now = clock.now()) => {
    const ms = now - job.identity.createdAt;
    const memo = job.memo as Rendered | undefined;
    if (clock.mode !== 'poll' && memo && ms >= memo.from && ms < memo.until && memo.actions === job.actions.length) return memo;
    const line = options.timeline(job);
    if (memo && clock.mode === 'poll' && memo.version === line.version && memo.actions === job.actions.length) return memo;
    const extra = line.doc.$headers;
    let until = line.nextAt ?? Number.POSITIVE_INFINITY;
    for (const action of job.actions) if (action.ms > ms && action.ms < until) until = action.ms;
    const text = JSON.stringify(getJobBody(line.doc, options.wrap));
    const next: Rendered = {
      version: line.version,
      text,
      bytes: utf8Length(text),
      headers: isObject(extra) ? Object.fromEntries(Object.entries(extra).map(([k, v]) => [k.toLowerCase(), String(v)])) : undefined,
      from: ms,
      until,
      actions: job.actions.length,
      fault: line.fault,
      doc: line.doc,
    };
    job.memo = next;
    remember(job, next);
    return next;
  };
}
