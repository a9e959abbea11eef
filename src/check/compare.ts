/**
 * The tenant probe's comparison: another tenant's job must be answered exactly like an id that
 * never existed. Per-request values (request ids, dates, the id asked for) are masked first.
 */
import { excerpt } from '../contracts/issues.js';
import type { Answer } from './transport.js';

/** Headers that differ between any two requests. */
const PER_REQUEST_HEADER = /^(date|age|content-length|etag|last-modified|expires|set-cookie|keep-alive|connection|via|server-timing|x-response-time|x-runtime|x-request-id|request-id|x-correlation-id|x-trace-id|traceparent|tracestate|cf-ray|x-amzn-.*|x-amz-.*|x-ratelimit-.*|ratelimit.*|retry-after|x-cache.*)$/i;
const PER_REQUEST_KEY = /^(request_?id|trace_?id|correlation_?id|x-request-id|timestamp|time)$/i;
const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?/g;

/** A difference between two answers: where, and the two values. */
export interface Difference {
  pointer: string;
  expected: string;
  actual: string;
}

function maskText(text: string, tokens: string[]): string {
  let out = text.replace(ISO_TIME, '<time>');
  for (const token of tokens) {
    if (token.length === 0) continue;
    const escaped = token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    out = out.replace(new RegExp(`(?<![0-9A-Za-z])${escaped}(?![0-9A-Za-z])`, 'g'), '<id>');
  }
  return out;
}

function mask(value: unknown, tokens: string[]): unknown {
  if (typeof value === 'string') return maskText(value, tokens);
  if (typeof value === 'number' && tokens.includes(String(value))) return '<id>';
  if (Array.isArray(value)) return value.map((v) => mask(v, tokens));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[key] = PER_REQUEST_KEY.test(key) ? '<per-request>' : mask(v, tokens);
    return out;
  }
  return value;
}

function firstDifference(a: unknown, b: unknown, pointer: string): Difference | undefined {
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) {
      const d = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
      if (d) return d;
    }
    return undefined;
  }
  if (Object.is(a, b)) return undefined;
  return { pointer, expected: excerpt(b), actual: excerpt(a) };
}

function parsed(answer: Answer): unknown {
  try {
    return JSON.parse(answer.text);
  } catch {
    return answer.text;
  }
}

function headerView(answer: Answer, tokens: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const requestIds = [answer.headers.get('x-request-id') ?? ''].filter(Boolean);
  answer.headers.forEach((value, name) => {
    if (!PER_REQUEST_HEADER.test(name)) out[name] = maskText(value, [...tokens, ...requestIds]);
  });
  return out;
}

/**
 * Compares the answer for another tenant's job with the answer for an unknown id.
 * Returns the first difference (`status`, `header:<name>`, or a body pointer), or undefined.
 */
export function compareAnswers(foreign: Answer, foreignId: string, unknown: Answer, unknownId: string): Difference | undefined {
  if (foreign.status !== unknown.status) return { pointer: 'status', expected: String(unknown.status), actual: String(foreign.status) };
  const [fh, uh] = [headerView(foreign, [foreignId]), headerView(unknown, [unknownId])];
  for (const name of new Set([...Object.keys(fh), ...Object.keys(uh)])) {
    if (fh[name] !== uh[name]) return { pointer: `header:${name}`, expected: uh[name] ?? '(absent)', actual: fh[name] ?? '(absent)' };
  }
  const ids = (answer: Answer, id: string) => [id, encodeURIComponent(id), answer.headers.get('x-request-id') ?? ''];
  const diff = firstDifference(mask(parsed(foreign), ids(foreign, foreignId)), mask(parsed(unknown), ids(unknown, unknownId)), '');
  return diff;
}
