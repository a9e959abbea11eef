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
  rule: 'timeout' | 'refused' | 'reset' | 'closed-mid-body' | 'too-large' | 'redirects' | 'dns' | 'network' | 'aborted';
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

/** Retry-After in ms (seconds or an HTTP date), or undefined. */
export function retryAfterMs(headers: Headers, now: number): number | undefined {
  const raw = headers.get('retry-after')?.trim();
  if (!raw) return undefined;
  if (/^\d+$/.test(raw)) return Number(raw) * 1000;
  const at = Date.parse(raw);
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
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { rule: 'dns', message: `host not found (${code})` };
  if (phase === 'body') return { rule: 'closed-mid-body', message: `the connection closed in the middle of the body, after ${bytes} bytes (${code || message})` };
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') return { rule: 'reset', message: `the connection was reset before an answer (${code})` };
  return { rule: 'network', message: `the request failed: ${code ? `${code}, ` : ''}${message}` };
}

function withoutCredentials(from: URL, to: URL, headers: HeaderList): HeaderList {
  return from.origin === to.origin ? headers : [];
}

/** A GET with every bound applied; resolves, never rejects. */
async function getOnce(options: TransportOptions, url: string, headers: HeaderList): Promise<Attempt> {
  const started = options.now();
  const timeout = AbortSignal.timeout(options.requestTimeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  const fail = (rule: Failure['rule'], message: string, status: number | null = null, head = ''): Attempt => ({
    ok: false,
    failure: { rule, message, status, head, elapsedMs: options.now() - started },
  });
  const aborted = (phase: string): Attempt =>
    options.signal?.aborted && !timeout.aborted ? fail('aborted', 'the check was stopped') : fail('timeout', `no whole answer within ${formatDuration(options.requestTimeoutMs)} (${phase})`);
  let current = new URL(url);
  let sent = headers;
  const seen = new Set<string>([current.href]);
  for (let hop = 0; ; hop++) {
    let response: Response;
    try {
      response = await options.fetch(current.href, { method: 'GET', headers: sent, redirect: 'manual', signal });
    } catch (error) {
      if (signal.aborted) return aborted('waiting for the status line and headers');
      const { rule, message } = describeError(error, 'connect', 0);
      return fail(rule, message);
    }
    if (response.type === 'error') return fail('reset', 'the connection was reset before an answer');
    const location = response.headers.get('location');
    if (REDIRECTS.has(response.status) && location) {
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
 * GETs a URL, retrying 429 and 5xx answers. Returns every attempt; the last is the outcome.
 * @example const attempts = await get(options, url, [['Authorization', 'Bearer …']]);
 */
export async function get(options: TransportOptions, url: string, headers: HeaderList): Promise<Attempt[]> {
  const attempts: Attempt[] = [];
  for (let retry = 0; ; retry++) {
    const attempt = await getOnce(options, url, headers);
    attempts.push(attempt);
    if (!attempt.ok || !isRetryable(attempt.answer.status) || retry >= options.retries || options.signal?.aborted) return attempts;
    const hinted = retryAfterMs(attempt.answer.headers, Date.now());
    const waitMs = Math.min(options.maxBackoffMs, hinted ?? options.backoffMs * 2 ** retry);
    attempt.waitMs = waitMs;
    if (waitMs > 0) await options.sleep(waitMs, options.signal).catch(() => undefined);
  }
}
