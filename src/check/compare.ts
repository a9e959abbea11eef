/**
 * The tenant probe's comparison: another tenant's job must be answered exactly like an id that
 * never existed. Per-request values are masked first: the id asked for, request ids and times,
 * and whatever differs between two requests for the *same* unknown id (a trace id, a support
 * code). Headers are compared too: which are present, and their values where they are not
 * per-request. Server JSON is only read into null-prototype objects, so `"__proto__"` is a key.
 */
import { excerpt } from '../contracts/issues.js';
import { joinPointer } from '../core/pointer.js';
import type { Answer } from './transport.js';

/** Headers whose values differ between any two requests: compared by presence only. */
const PER_REQUEST_HEADER = /^(date|age|content-length|etag|last-modified|expires|set-cookie|keep-alive|connection|via|server-timing|x-response-time|x-runtime|x-request-id|request-id|x-correlation-id|x-trace-id|traceparent|tracestate|cf-ray|x-amzn-.*|x-amz-.*|x-ratelimit-.*|ratelimit.*|retry-after|x-cache.*)$/i;
const PER_REQUEST_KEY = /^(request_?id|trace_?id|correlation_?id|x-request-id|timestamp|time)$/i;
const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?/g;
const PER_REQUEST = '<per-request>';

/** A difference between two answers: where, and the two values. */
export interface Difference {
  pointer: string;
  expected: string;
  actual: string;
}

type Tree = string | number | boolean | null | Tree[] | { [key: string]: Tree };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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

/** The value with ids, times and per-request members masked, into null-prototype objects. */
function mask(value: unknown, tokens: string[], perRequest: ReadonlySet<string>, pointer = ''): Tree {
  if (perRequest.has(pointer)) return PER_REQUEST;
  if (typeof value === 'string') return maskText(value, tokens);
  if (typeof value === 'number') return tokens.includes(String(value)) ? '<id>' : value;
  if (Array.isArray(value)) return value.map((v, i) => mask(v, tokens, perRequest, `${pointer}/${i}`));
  if (isRecord(value)) {
    const out: Record<string, Tree> = Object.create(null);
    for (const key of Object.keys(value)) {
      out[key] = PER_REQUEST_KEY.test(key) ? PER_REQUEST : mask(value[key], tokens, perRequest, `${pointer}${joinPointer([key])}`);
    }
    return out;
  }
  return value === undefined ? null : (value as Tree);
}

/** Every pointer where two trees differ (leaves, or where the shape differs). */
function differences(a: Tree | undefined, b: Tree | undefined, pointer: string, out: Difference[]): Difference[] {
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && Array.isArray(a) === Array.isArray(b)) {
    const [x, y] = [a as Record<string, Tree>, b as Record<string, Tree>];
    for (const key of new Set([...Object.keys(x), ...Object.keys(y)])) {
      differences(Object.hasOwn(x, key) ? x[key] : undefined, Object.hasOwn(y, key) ? y[key] : undefined, `${pointer}${joinPointer([key])}`, out);
    }
    return out;
  }
  if (!Object.is(a, b)) out.push({ pointer, expected: excerpt(b), actual: excerpt(a) });
  return out;
}

function parsed(answer: Answer): unknown {
  try {
    return JSON.parse(answer.text);
  } catch {
    return answer.text;
  }
}

function tokensOf(answer: Answer, id: string): string[] {
  return [id, encodeURIComponent(id), answer.headers.get('x-request-id') ?? ''];
}

/** Header name → masked value (null-prototype). */
function headerView(answer: Answer, tokens: string[]): Map<string, string> {
  const out = new Map<string, string>();
  answer.headers.forEach((value, name) => out.set(name, PER_REQUEST_HEADER.test(name) ? PER_REQUEST : maskText(value, tokens)));
  return out;
}

/**
 * What varies between two answers for the same unknown id: those body pointers and header
 * values are per-request, and masked in the comparison.
 */
export interface PerRequest {
  pointers: Set<string>;
  headers: Set<string>;
}

/** Finds what is per-request by comparing two answers for the same unknown id. */
export function perRequestOf(first: Answer, second: Answer, id: string): PerRequest {
  const none = new Set<string>();
  const pointers = new Set(differences(mask(parsed(first), tokensOf(first, id), none), mask(parsed(second), tokensOf(second, id), none), '', []).map((d) => d.pointer));
  const [a, b] = [headerView(first, tokensOf(first, id)), headerView(second, tokensOf(second, id))];
  const headers = new Set([...a.keys()].filter((name) => b.has(name) && a.get(name) !== b.get(name)));
  return { pointers, headers };
}

/**
 * Compares the answer for another tenant's job with the answer for an unknown id.
 * Returns the first difference (`status`, `header:<name>`, or a body pointer), or undefined.
 */
export function compareAnswers(foreign: Answer, foreignId: string, unknown: Answer, unknownId: string, perRequest: PerRequest = { pointers: new Set(), headers: new Set() }): Difference | undefined {
  if (foreign.status !== unknown.status) return { pointer: 'status', expected: String(unknown.status), actual: String(foreign.status) };
  const [fh, uh] = [headerView(foreign, tokensOf(foreign, foreignId)), headerView(unknown, tokensOf(unknown, unknownId))];
  for (const name of new Set([...fh.keys(), ...uh.keys()])) {
    const [f, u] = [fh.get(name), uh.get(name)];
    if (f !== undefined && u !== undefined && (f === u || perRequest.headers.has(name))) continue;
    return { pointer: `header:${name}`, expected: u === undefined ? '(absent)' : u === PER_REQUEST ? '(present)' : u, actual: f === undefined ? '(absent)' : f === PER_REQUEST ? '(present)' : f };
  }
  const [a, b] = [mask(parsed(foreign), tokensOf(foreign, foreignId), perRequest.pointers), mask(parsed(unknown), tokensOf(unknown, unknownId), perRequest.pointers)];
  return differences(a, b, '', [])[0];
}
