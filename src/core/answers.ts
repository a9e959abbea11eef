/**
 * Answers as data: a status, a JSON body and headers, rendered from `x-job-mock` templates,
 * and written either as a PlainAnswer (node:http writes it as is) or a Fetch Response.
 */
import type { PlainAnswer } from './head.js';
import type { AnswerTemplate, ErrorKind, MockExtension } from './definition.js';
import type { FunctionTable } from './functions.js';
import { chainResolvers, renderValue } from './template.js';

/** What a role or an error answers, before it is written. */
export interface Wire {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** What an error answer may say. */
export interface ErrorContext {
  requestId: string;
  id?: string;
  message?: string;
  field?: string;
  retryAfter?: number;
}

/** Error kinds a spec may leave out, and the kind that answers for them. */
const fallbackOf: Partial<Record<ErrorKind, ErrorKind>> = {
  forbidden: 'unauthorized',
  'bad-request': 'validation',
  'too-large': 'validation',
  conflict: 'validation',
  'malformed-id': 'not-found',
  'bad-gateway': 'server-error',
  unavailable: 'server-error',
};

/** The longest path id echoed back in an error (path ids can be long garbage). */
const MAX_ID_TEXT = 200;

/** Renders an answer template with `functions` (plus the hooks'). */
export function renderAnswer(template: AnswerTemplate, functions: FunctionTable[]): Wire {
  const resolve = chainResolvers(...functions);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(template.headers ?? {})) {
    const text = renderValue(value, resolve, '');
    if (text !== undefined && text !== null && text !== '') headers[name.toLowerCase()] = String(text);
  }
  return { status: template.status, ...(template.body !== undefined ? { body: renderValue(template.body, resolve, '') } : {}), headers };
}

/** The error answers of one provider. */
export function createErrors(extension: MockExtension, hooks: FunctionTable): (kind: ErrorKind, ctx: ErrorContext) => Wire {
  return (kind, ctx) => {
    let chosen: ErrorKind | undefined = kind;
    while (chosen !== undefined && extension.errors[chosen] === undefined) chosen = fallbackOf[chosen];
    const template = extension.errors[chosen ?? 'server-error'] as AnswerTemplate;
    const id = ctx.id === undefined ? '' : ctx.id.length > MAX_ID_TEXT ? `${ctx.id.slice(0, MAX_ID_TEXT)}…` : ctx.id;
    const message = ctx.message ?? '';
    const wire = renderAnswer(template, [
      hooks,
      {
        requestId: () => ctx.requestId,
        id: () => id,
        message: (args) => message || args.join(' '),
        field: () => ctx.field ?? '',
        detail: (args) => {
          const text = message || args.join(' ');
          return ctx.field ? `${ctx.field}: ${text}` : text;
        },
        retryAfter: () => ctx.retryAfter ?? 1,
      },
    ]);
    if (kind === 'rate-limited' || ctx.retryAfter !== undefined) wire.headers = { 'retry-after': String(ctx.retryAfter ?? 1), ...wire.headers };
    return wire;
  };
}

const JSON_TYPE = 'application/json';

/** The header names of a remembered answer's headers object with ours, sorted: made once per object. */
const orderOf = new WeakMap<Record<string, string>, string[]>();

/**
 * The PlainAnswer of a JSON text: `content-type` and `x-request-id`, then `extra` (lowercase names;
 * an extra one of the same name wins), in sorted order as `Headers` iterates them. `extra` that
 * lives on (a job's remembered answer, `remembered`) has its sorted order kept with it.
 */
export function plainText(status: number, extra: Record<string, string> | undefined, requestId: string, text: string, bytes?: number, remembered = false): PlainAnswer {
  if (extra === undefined) return { plain: true, status, headers: { 'content-type': JSON_TYPE, 'x-request-id': requestId }, body: text, bytes };
  let order = remembered ? orderOf.get(extra) : undefined;
  if (order === undefined) {
    order = [...new Set(['content-type', 'x-request-id', ...Object.keys(extra)])].sort();
    if (remembered) orderOf.set(extra, order);
  }
  const headers: Record<string, string> = {};
  for (const name of order) headers[name] = extra[name] ?? (name === 'content-type' ? JSON_TYPE : requestId);
  return { plain: true, status, headers, body: text, bytes };
}

/** The PlainAnswer for a wire answer with a JSON body (lowercase header names, sorted). */
export function plainOf(wire: Wire, requestId: string): PlainAnswer {
  const extra: Record<string, string> = {};
  for (const [name, value] of Object.entries(wire.headers ?? {})) extra[name.toLowerCase()] = value;
  return plainText(wire.status, extra, requestId, JSON.stringify(wire.body));
}

/** The Response for a wire answer (no body for 204/304 or when there is none). */
export function responseOf(wire: Wire, requestId: string): Response | PlainAnswer {
  if (wire.status === 204 || wire.status === 304 || wire.body === undefined) {
    return new Response(null, { status: wire.status, headers: { 'x-request-id': requestId, ...wire.headers } });
  }
  return plainOf(wire, requestId);
}

/** A JSON answer for routes outside every spec (no provider's error shape applies). */
export function outsideRoute(status: 404 | 405 | 413, message: string, headers: Record<string, string> = {}): Response {
  const error = status === 404 ? 'not_found' : status === 405 ? 'method_not_allowed' : 'payload_too_large';
  return new Response(JSON.stringify({ error, message }), { status, headers: { 'content-type': JSON_TYPE, ...headers } });
}
