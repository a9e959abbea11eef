/**
 * Credential redaction: every string that leaves `check` (reports, progress lines, error
 * messages) goes through a redactor built from the credentials it was given. It masks each
 * secret whole (plain, URL-encoded, JSON-escaped), any fragment of 8+ characters of one (a
 * secret cut by an excerpt is still a secret), and the query string of every URL.
 */

/** Replaces every known secret in a text with `[redacted]`. */
export type Redactor = (text: string) => string;

const MASK = '[redacted]';
/** Shorter values are not redacted: masking "on" or "1" everywhere would garble the output. */
const MIN_SECRET = 4;
/** A run of this many characters of a secret is redacted wherever it appears. */
export const MIN_FRAGMENT = 8;
/** Headers whose values are not credentials. */
const PLAIN_HEADERS = new Set(['accept', 'accept-encoding', 'accept-language', 'content-type', 'user-agent', 'prefer', 'cache-control', 'connection']);
/** A query string after an absolute URL or a path: `…/jobs/1?token=…` keeps `…/jobs/1?[redacted]`. */
const QUERY = /((?:\b[a-z][a-z0-9+.-]*:\/\/|(?<![\w)\]])\/)[^\s?#"'<>]*)\?[^\s#"'<>]+/gi;

function decodeBasic(token: string): string | undefined {
  if (!/^[A-Za-z0-9+/=_-]+$/.test(token)) return undefined;
  const text = Buffer.from(token, 'base64').toString('utf8');
  return /^[\x20-\x7e]+$/.test(text) ? text : undefined;
}

/**
 * The secret-bearing parts of one header value: the whole value, each `;`/`,`-separated pair
 * (cookies, key=value lists) and its value, a scheme's token, and Basic credentials both
 * encoded and decoded (user, password, user:password).
 */
function partsOf(value: string): string[] {
  const out = [value];
  for (const piece of value.split(/[;,]/)) {
    const pair = piece.trim();
    out.push(pair);
    const eq = pair.indexOf('=');
    if (eq > 0) out.push(pair.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1'));
    const scheme = /^(\S+)\s+(.+)$/.exec(pair);
    if (!scheme) continue;
    const token = (scheme[2] as string).trim();
    out.push(token);
    const decoded = (scheme[1] as string).toLowerCase() === 'basic' ? decodeBasic(token) : undefined;
    if (decoded) out.push(decoded, ...decoded.split(':'));
  }
  return out;
}

/** The secret strings inside credential headers: every secret-bearing part of every value. */
export function secretsOfHeaders(headers: Iterable<[string, string]>): string[] {
  const out = new Set<string>();
  for (const [name, raw] of headers) {
    if (PLAIN_HEADERS.has(name.toLowerCase())) continue;
    for (const part of partsOf(raw.trim())) out.add(part);
  }
  return [...out].filter((s) => s.length >= MIN_SECRET);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Masks every run of characters covered by fragments (MIN_FRAGMENT long) of a secret. */
function maskFragments(text: string, fragments: ReadonlySet<string>): string {
  if (fragments.size === 0 || text.length < MIN_FRAGMENT) return text;
  const covered = new Uint8Array(text.length);
  let any = false;
  for (let i = 0; i + MIN_FRAGMENT <= text.length; i++) {
    if (fragments.has(text.slice(i, i + MIN_FRAGMENT))) {
      covered.fill(1, i, i + MIN_FRAGMENT);
      any = true;
    }
  }
  if (!any) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (!covered[i]) out += text[i];
    else if (i === 0 || !covered[i - 1]) out += MASK;
  }
  return out;
}

/**
 * Builds a redactor for these secrets, also matching their URL-encoded and JSON-escaped forms
 * and any fragment of them of 8+ characters; query strings of URLs are masked too.
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
  const fragments = new Set<string>();
  for (const form of forms) for (let i = 0; i + MIN_FRAGMENT <= form.length; i++) fragments.add(form.slice(i, i + MIN_FRAGMENT));
  const whole = forms.size === 0 ? undefined : new RegExp([...forms].sort((a, b) => b.length - a.length).map(escapeRegex).join('|'), 'g');
  return (text) => {
    const masked = whole ? text.replace(whole, MASK) : text;
    return maskFragments(masked, fragments).replace(QUERY, `$1?${MASK}`);
  };
}

/** A copy of a JSON-like value with every string redacted (keys included); `__proto__` stays a plain key. */
export function redactDeep<T>(value: T, redact: Redactor): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, redact)) as T;
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = Object.create(null);
    for (const [key, item] of Object.entries(value)) out[redact(key)] = redactDeep(item, redact);
    // Built without a prototype so a "__proto__" key is set as an own member, then given the
    // usual prototype back: reports are plain data.
    return Object.setPrototypeOf(out, Object.prototype) as T;
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
