/**
 * Credential redaction: every string that leaves `check` (reports, progress lines, error
 * messages) goes through a redactor built from the credentials it was given.
 */

/** Replaces every known secret in a text with `[redacted]`. */
export type Redactor = (text: string) => string;

const MASK = '[redacted]';
/** Shorter values are not redacted: masking "on" or "1" everywhere would garble the output. */
const MIN_SECRET = 4;
/** Headers whose values are not credentials. */
const PLAIN_HEADERS = new Set(['accept', 'accept-encoding', 'accept-language', 'content-type', 'user-agent', 'prefer', 'cache-control', 'connection']);

function decodeBasic(token: string): string | undefined {
  if (!/^[A-Za-z0-9+/=_-]+$/.test(token)) return undefined;
  const text = Buffer.from(token, 'base64').toString('utf8');
  return /^[\x20-\x7e]+$/.test(text) ? text : undefined;
}

/** The secret strings inside credential headers: whole values, scheme tokens, Basic parts. */
export function secretsOfHeaders(headers: Iterable<[string, string]>): string[] {
  const out = new Set<string>();
  for (const [name, raw] of headers) {
    if (PLAIN_HEADERS.has(name.toLowerCase())) continue;
    const value = raw.trim();
    out.add(value);
    const m = /^(\S+)\s+(.+)$/.exec(value);
    if (m) {
      const token = (m[2] as string).trim();
      out.add(token);
      const decoded = (m[1] as string).toLowerCase() === 'basic' ? decodeBasic(token) : undefined;
      if (decoded) {
        out.add(decoded);
        for (const part of decoded.split(':')) out.add(part);
      }
    }
  }
  return [...out].filter((s) => s.length >= MIN_SECRET);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Builds a redactor for these secrets, also matching their URL-encoded and JSON-escaped forms.
 * @example createRedactor(['sk_live_123'])('token sk_live_123') === 'token [redacted]'
 */
export function createRedactor(secrets: Iterable<string>): Redactor {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET) continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  if (forms.size === 0) return (text) => text;
  const pattern = new RegExp([...forms].sort((a, b) => b.length - a.length).map(escapeRegex).join('|'), 'g');
  return (text) => text.replace(pattern, MASK);
}

/** A copy of a JSON-like value with every string redacted (keys included). */
export function redactDeep<T>(value: T, redact: Redactor): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, redact)) as T;
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[redact(key)] = redactDeep(item, redact);
    return out as T;
  }
  return value;
}

/** A URL without user info; the secrets it carried (user, password) are returned too. */
export function stripUserInfo(url: URL): { url: URL; secrets: string[] } {
  const secrets = [url.username, url.password].map((s) => decodeURIComponent(s)).filter(Boolean);
  const clean = new URL(url.href);
  clean.username = '';
  clean.password = '';
  return { url: clean, secrets };
}
