/**
 * HTTP for the checker: a request timeout over the whole exchange (headers, redirects, body),
 * a byte cap on bodies, manual redirects (credentials never follow to another origin), and
 * retries of 429/5xx with backoff that honours Retry-After. Waiting goes through the injected
 * `sleep`, so tests never wait.
 */
import { type BodyRead, readCapped } from './body.js';
import { formatDuration } from './duration.js';
import type { HeaderList } from './headers.js';

/** What the transport needs; every field has a default in the runner. */
export interface TransportOptions {
  fetch: typeof globalThis.fetch;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  now: () => number;
  requestTimeoutMs: number;
  maxBodyBytes: number;
  maxRedirects: number;
  /** Retries after a 429 or 5xx answer (not after a transport failure). */
  retries: number;
  /** The first backoff; it doubles per retry. */
  backoffMs: number;
  /** No wait is longer than this, Retry-After included. */
  maxBackoffMs: number;
  signal?: AbortSignal;
}

/** An answer that arrived whole. */
export interface Answer {
  url: string;
  status: number;
  headers: Headers;
  contentType: string | null;
  text: string;
  bytes: number;
  elapsedMs: number;
}

/** Why no whole answer arrived. `rule` is the finding's rule. */
export interface Failure {
  rule: 'timeout' | 'deadline' | 'refused' | 'reset' | 'closed-mid-body' | 'too-large' | 'redirects' | 'dns' | 'tls' | 'network' | 'aborted';
  message: string;
  status: number | null;
  head: string;
  elapsedMs: number;
}

/** One try: an answer or a failure; `waitMs` is set when it was retried after waiting. */
export type Attempt = ({ ok: true; answer: Answer } | { ok: false; failure: Failure }) & { waitMs?: number };

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** True for the statuses that are retried: 429 and every 5xx. */
export function isRetryable(status: number): boolean {
  return status === 429 || status >= 500;
}

const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
/** RFC 9110 HTTP-date: IMF-fixdate, or the obsolete RFC 850 and asctime forms (both still to be accepted). */
const HTTP_DATE = [
  new RegExp(`^${DAY}, \\d{2} ${MONTH} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT$`),
  new RegExp(`^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \\d{2}-${MONTH}-\\d{2} \\d{2}:\\d{2}:\\d{2} GMT$`),
  new RegExp(`^${DAY} ${MONTH} [ \\d]\\d \\d{2}:\\d{2}:\\d{2} \\d{4}$`),
];

/**
 * Retry-After in ms, read as RFC 9110 §10.2.3 says: delta-seconds (digits only) or an HTTP-date.
 * Anything else (`-5`, `1.5`, `5 6`) is undefined, so the caller falls back to its backoff.
 * @example retryAfterMs(new Headers({ 'retry-after': '-5' }), Date.now()) === undefined
 */
export function retryAfterMs(headers: Headers, now: number): number | undefined {
  const raw = headers.get('retry-after')?.trim();
  if (!raw) return undefined;
  if (/^\d+$/.test(raw)) return Math.min(Number(raw), 1e9) * 1000;
  const form = HTTP_DATE.findIndex((pattern) => pattern.test(raw));
  if (form === -1) return undefined;
  // asctime carries no zone; HTTP dates are always GMT.
  const at = Date.parse(form === 2 ? `${raw} GMT` : raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function codeOf(error: unknown): string {
  let current: unknown = error;
  for (let i = 0; i < 5 && current; i++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return '';
}

function messagesOf(error: unknown): string {
  const out: string[] = [];
  let current: unknown = error;
  for (let i = 0; i < 5 && current; i++) {
    const message = (current as Error).message ?? String(current);
    if (message && !out.includes(message)) out.push(message);
    current = (current as { cause?: unknown }).cause;
  }
  return out.join(': ');
}

function describeError(error: unknown, phase: 'connect' | 'body', bytes: number): Pick<Failure, 'rule' | 'message'> {
  const code = codeOf(error);
  const message = messagesOf(error);
  if (code === 'ECONNREFUSED') return { rule: 'refused', message: 'connection refused: nothing listens at that address' };
  if (/\bbad port\b/.test(message)) return { rule: 'refused', message: 'fetch refuses that port (a "bad port" of the Fetch standard): use another port' };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { rule: 'dns', message: `host not found (${code})` };
  const tls = describeTls(code, message);
  if (tls) return { rule: 'tls', message: tls };
  if (phase === 'body') return { rule: 'closed-mid-body', message: `the connection closed in the middle of the body, after ${bytes} bytes (${code || message})` };
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') return { rule: 'reset', message: `the connection was reset before an answer (${code})` };
  return { rule: 'network', message: `the request failed: ${code ? `${code}, ` : ''}${message}` };
}

const CERTIFICATE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/;

/** One readable line for a TLS failure (never OpenSSL's own dump), or undefined when it is not one. */
function describeTls(code: string, message: string): string | undefined {
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'EPROTO' || /wrong version number|packet length too long/i.test(message)) {
    return 'TLS handshake failed: the server does not speak TLS on that port (an https:// base URL for a plain http:// server?)';
  }
  if (CERTIFICATE.test(code) || code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const why = /SELF_SIGNED/.test(code) ? 'is self-signed' : code === 'ERR_TLS_CERT_ALTNAME_INVALID' ? 'does not name this host' : /EXPIRED|NOT_YET_VALID/.test(code) ? 'is not valid now' : 'is not signed by a trusted CA';
    return `TLS: the server's certificate ${why} (${code})`;
  }
  if (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_')) return `TLS handshake failed (${code})`;
  return undefined;
}

function withoutCredentials(from: URL, to: URL, headers: HeaderList): HeaderList {
  return from.origin === to.origin ? headers : [];
}

/** A request other than a plain GET (the create operation's POST). */
export interface RequestBody {
  method: string;
  body: string;
}

/** One request with every bound applied; resolves, never rejects. */
async function requestOnce(options: TransportOptions, url: string, headers: HeaderList, endBy: number, init?: RequestBody): Promise<Attempt> {
  const started = options.now();
  const fail = (rule: Failure['rule'], message: string, status: number | null = null, head = ''): Attempt => ({
    ok: false,
    failure: { rule, message, status, head, elapsedMs: options.now() - started },
  });
  const left = endBy - started;
  if (left <= 0) return fail('deadline', 'the deadline passed before this request');
  const byDeadline = left < options.requestTimeoutMs;
  const timeout = AbortSignal.timeout(Math.min(options.requestTimeoutMs, left));
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  const aborted = (phase: string): Attempt =>
    options.signal?.aborted && !timeout.aborted
      ? fail('aborted', 'the check was stopped')
      : byDeadline
        ? fail('deadline', `the deadline passed ${phase}`)
        : fail('timeout', `no whole answer within ${formatDuration(options.requestTimeoutMs)} (${phase})`);
  let current = new URL(url);
  let sent = headers;
  const seen = new Set<string>([current.href]);
  for (let hop = 0; ; hop++) {
    let response: Response;
    try {
      response = await options.fetch(current.href, { method: init?.method ?? 'GET', headers: init ? [...sent, ['content-type', 'application/json']] : sent, ...(init ? { body: init.body } : {}), redirect: 'manual', signal });
    } catch (error) {
      if (signal.aborted) return aborted('waiting for the status line and headers');
      const { rule, message } = describeError(error, 'connect', 0);
      return fail(rule, message);
    }
    if (response.type === 'error') return fail('reset', 'the connection was reset before an answer');
    const location = response.headers.get('location');
    // Only a GET follows redirects: a create is never sent twice.
    if (REDIRECTS.has(response.status) && location && !init) {
      await response.body?.cancel().catch(() => undefined);
      let next: URL;
      try {
        next = new URL(location, current);
      } catch {
        return fail('redirects', `${response.status} redirect to an invalid Location`, response.status);
      }
      if (seen.has(next.href)) return fail('redirects', `redirect loop: ${response.status} back to ${next.pathname} after ${hop + 1} redirect(s)`, response.status);
      if (hop + 1 > options.maxRedirects) return fail('redirects', `more than ${options.maxRedirects} redirects`, response.status);
      seen.add(next.href);
      sent = withoutCredentials(current, next, sent);
      current = next;
      continue;
    }
    const declared = Number(response.headers.get('content-length') ?? Number.NaN);
    if (declared > options.maxBodyBytes) {
      await response.body?.cancel().catch(() => undefined);
      return fail('too-large', `the body is ${declared} bytes, over the ${options.maxBodyBytes}-byte cap (Content-Length); not read`, response.status);
    }
    let read: BodyRead;
    try {
      read = await readCapped(response.body, options.maxBodyBytes);
    } catch (error) {
      read = { kind: 'failed', bytes: 0, head: '', error };
    }
    if (read.kind === 'too-large') return fail('too-large', `the body passed the ${options.maxBodyBytes}-byte cap; reading stopped there`, response.status, read.head);
    if (read.kind === 'failed') {
      if (signal.aborted) return aborted(`reading the body, ${read.bytes} bytes in`);
      const { rule, message } = describeError(read.error, 'body', read.bytes);
      return fail(rule, message, response.status, read.head);
    }
    return {
      ok: true,
      answer: {
        url: current.href,
        status: response.status,
        headers: response.headers,
        contentType: response.headers.get('content-type'),
        text: read.text,
        bytes: read.bytes,
        elapsedMs: options.now() - started,
      },
    };
  }
}

/**
 * When a request may run: retries (and the waits before them) start by `startBy`; every request
 * ends by `endBy`. Both in `options.now()` time; unlimited when left out.
 */
export interface Limits {
  startBy?: number;
  endBy?: number;
}

/**
 * GETs a URL, retrying 429 and 5xx answers within `limits`. Returns every attempt; the last is the outcome.
 * @example const attempts = await get(options, url, [['Authorization', 'Bearer …']]);
 */
export async function get(options: TransportOptions, url: string, headers: HeaderList, limits: Limits = {}): Promise<Attempt[]> {
  const startBy = Math.min(limits.startBy ?? Number.POSITIVE_INFINITY, limits.endBy ?? Number.POSITIVE_INFINITY);
  const attempts: Attempt[] = [];
  for (let retry = 0; ; retry++) {
    const attempt = await requestOnce(options, url, headers, limits.endBy ?? Number.POSITIVE_INFINITY);
    attempts.push(attempt);
    if (!attempt.ok || !isRetryable(attempt.answer.status) || retry >= options.retries || options.signal?.aborted) return attempts;
    const hinted = retryAfterMs(attempt.answer.headers, Date.now());
    const waitMs = Math.min(options.maxBackoffMs, hinted ?? options.backoffMs * 2 ** retry);
    // A retry that could only start past the limit is not made: the last answer stands.
    if (options.now() + waitMs >= startBy) return attempts;
    attempt.waitMs = waitMs;
    if (waitMs > 0) await options.sleep(waitMs, options.signal).catch(() => undefined);
  }
}

/** Sends one request with a JSON body (no retry, no redirect: a create must not run twice). */
export async function send(options: TransportOptions, url: string, headers: HeaderList, init: RequestBody, limits: Limits = {}): Promise<Attempt[]> {
  return [await requestOnce(options, url, headers, limits.endBy ?? Number.POSITIVE_INFINITY, init)];
}
