import fc from 'fast-check';

/**
 * Path-parameter and query values as they go on the wire: traversal, encoded slashes, bad
 * %-escapes, overlong and surrogate UTF-8, numbers out of range, prototype names, unicode (both
 * %-encoded and raw), and values longer than any id.
 */
export const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '..', '.', '%2e%2e', '%2E%2E%2F%2E%2E', '%2F', '%2f..%2f..%2f__admin%2fhealth', '..%2F..%2F', '%5C..%5C', '\\..\\',
      '%00', '%', '%zz', '%C0%AF', '%FF', '%ED%A0%80', '%E2%80%AE', '%0D%0A', '%20', '+', '%3F', '%23', '%25',
      '-1', '0', '00', '1e3', '0x1F', '1.5', '99999999999999999999999', '9007199254740993', 'NaN', 'Infinity', 'null', 'undefined', 'true',
      '__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'job_', 'job_%00', 'job_..', 'job_' + 'A'.repeat(300), 'a;b', '~', '*', "'", '"', '<script>',
      'Ünïcödé', '🙂', '\u202e', '%F0%9F%99%82', '', ' ',
    ),
  },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 24 }).map(encodeURIComponent) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 24 }).filter((s) => !/[\s?#]/.test(s)) },
  {
    weight: 1,
    arbitrary: fc
      .record({ unit: fc.constantFrom('a', '9', '%2F', '%C3%A9', '..%2F', '-', 'é'), times: fc.integer({ min: 100, max: 4000 }) })
      .map(({ unit, times }) => unit.repeat(times)),
  },
);

/** A query string of 1–4 pairs, keys the specs use and others, values from `hostileSegment`. */
export const hostileQuery: fc.Arbitrary<string> = fc
  .array(
    fc.tuple(
      fc.constantFrom('since', 'limit', 'offset', 'pageSize', 'paginationToken', 'status', 'type', 'job_type', 'projectId', '__proto__', 'constructor', '', 'a[b]'),
      hostileSegment,
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((pairs) => `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`);

/** Methods a client may send, valid or not (lower case and unknown ones the parser rejects). */
export const anyMethod = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'TRACE', 'PROPFIND', 'CONNECT', 'PURGE', 'M-SEARCH', 'get', 'FOO');

/** Header values as bytes: control characters, obs-text, UTF-8, huge, empty, near-credentials. */
export const hostileHeaderValue: fc.Arbitrary<Buffer> = fc.oneof(
  fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
  fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => Buffer.from(s, 'utf8')),
  fc.string({ unit: 'grapheme-ascii', maxLength: 40 }).map((s) => Buffer.from(s, 'latin1')),
  fc.constantFrom('', ' ', 'Bearer', 'Bearer ', 'Basic', 'Basic !!!', 'Basic Og==', 'Bearer \u00ff\u00fe', 'bearer x', 'Bearer a b', 'application/json; charset=ebcdic', '100-continue', 'websocket', 'chunked, gzip').map((s) => Buffer.from(s, 'latin1')),
  fc.record({ unit: fc.constantFrom('a', '\u00e9', ' ', ','), times: fc.integer({ min: 1000, max: 40_000 }) }).map(({ unit, times }) => Buffer.from(unit.repeat(times), 'latin1')),
);

/** Header names: ones the mock reads, framing ones, random tokens, and invalid bytes. */
export const hostileHeaderName: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('authorization', 'Authorization', 'x-api-key', 'content-type', 'accept', 'prefer', 'cookie', 'x-request-id', 'expect', 'upgrade', 'te', 'range', 'if-none-match', 'forwarded', 'x-forwarded-for', 'origin', 'content-length', 'transfer-encoding', 'host'),
  fc.stringMatching(/^[a-z][a-z0-9-]{0,24}$/),
  fc.constantFrom('bad name', 'bad:name', 'x\u00e9', '', '(x)'),
);

/** Wraps a JSON text `depth` levels deep in arrays or objects. */
export function nest(depth: number, kind: 'array' | 'object', inner = '1'): string {
  return kind === 'array' ? `${'['.repeat(depth)}${inner}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}${inner}${'}'.repeat(depth)}`;
}

/** Byte sequences that are not UTF-8: a stray 0xFF, overlong, a surrogate, a cut sequence. */
export const invalidUtf8 = fc.constantFrom([0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0x80], [0xe2, 0x82], [0xfe, 0xff]);
