import { describe, expect, it } from 'vitest';
import { jsonDepth, parseBody } from '../../src/check/body.js';
import { compareAnswers } from '../../src/check/compare.js';
import { createRedactor, parseDuration, parseHeaderLines, parseShard, redactDeep, secretsOfHeaders, shardJobs } from '../../src/check/index.js';
import { malformedId, unknownIdLike } from '../../src/check/ids.js';
import type { Answer } from '../../src/check/transport.js';

describe('probe ids', () => {
  const ulid = (s: string) => /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/.test(s);
  const uuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(s);
  it.each([
    ['ULID', '01M81VYX9C5XFA78F4DHCQRKMW', ulid],
    ['UUID', '56c57a62-6234-4771-9a15-6a3fdf692f94', uuid],
    ['digits', '4711', (s: string) => /^\d+$/.test(s)],
    ['prefixed', 'job_A6QfrzQTDjF1fqqsNsZJDT7n', (s: string) => /^job_[0-9A-Za-z]+$/.test(s)],
  ])('an unknown id keeps the shape of a %s', (_name, like, check) => {
    const id = unknownIdLike(like, check);
    expect(id).not.toBe(like);
    expect(check(id)).toBe(true);
  });
  it('a malformed id fails the check, or there is none when any string is well-formed', () => {
    expect(malformedId((s) => /^\d+$/.test(s))).toBe('not-a-valid-id');
    expect(malformedId(() => true)).toBeUndefined();
  });
});

describe('tenant comparison', () => {
  const answer = (status: number, body: unknown, headers: Record<string, string> = {}): Answer => ({ url: 'http://x', status, headers: new Headers({ 'content-type': 'application/json', ...headers }), contentType: 'application/json', text: JSON.stringify(body), bytes: 0, elapsedMs: 0 });
  it('masks the id asked for, request ids and times', () => {
    const foreign = answer(404, { error: { message: 'Job A1 not found.', request_id: '01AAA', at: '2026-01-01T00:00:00Z' } }, { 'x-request-id': '01AAA', date: 'Mon' });
    const unknown = answer(404, { error: { message: 'Job B2 not found.', request_id: '01BBB', at: '2026-02-02T00:00:00Z' } }, { 'x-request-id': '01BBB', date: 'Tue' });
    expect(compareAnswers(foreign, 'A1', unknown, 'B2')).toBeUndefined();
  });
  it('finds a different status, header or body field', () => {
    const unknown = answer(404, { detail: 'Not found.' });
    expect(compareAnswers(answer(403, { detail: 'Not found.' }), 'A', unknown, 'B')?.pointer).toBe('status');
    expect(compareAnswers(answer(404, { detail: 'Not found.' }, { 'x-owner': 'acme' }), 'A', unknown, 'B')?.pointer).toBe('header:x-owner');
    expect(compareAnswers(answer(404, { detail: 'Not yours.' }), 'A', unknown, 'B')).toMatchObject({ pointer: '/detail', actual: '"Not yours."' });
  });
});

describe('bodies', () => {
  it('counts nesting without parsing, ignoring brackets in strings', () => {
    expect(jsonDepth('{"a":[1,{"b":"[[[["}]}')).toBe(3);
    expect(jsonDepth('['.repeat(1e6), 10)).toBe(11);
  });
  it('parses JSON, refuses bombs, keeps non-JSON media types as text', () => {
    expect(parseBody('{"a":1}', 'application/json', 8)).toEqual({ kind: 'json', value: { a: 1 } });
    expect(parseBody('[[[[[[]]]]]]', 'application/json', 3).kind).toBe('too-deep');
    expect(parseBody('{"a":', 'application/problem+json', 8).kind).toBe('invalid-json');
    expect(parseBody('<html></html>', 'text/html', 8).kind).toBe('text');
    expect(parseBody('', 'application/json', 8).kind).toBe('empty');
  });
});

describe('options', () => {
  it('parses durations; a bare number is seconds', () => {
    expect([parseDuration('x', '0'), parseDuration('x', '250ms'), parseDuration('x', '1.5s'), parseDuration('x', '10m'), parseDuration('x', '2')]).toEqual([0, 250, 1500, 600_000, 2000]);
    expect(() => parseDuration('--interval', 'soon')).toThrow(/--interval must be a duration/);
  });
  it('parses shards and slices the job list', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, total: 3 });
    expect(() => parseShard('4/3')).toThrow(/--shard/);
    expect(shardJobs(['a', 'b', 'c', 'd', 'e'], { index: 1, total: 2 })).toEqual(['a', 'c', 'e']);
  });
  it('parses curl-style headers and never quotes a value in an error', () => {
    expect(parseHeaderLines(['Authorization: Bearer a:b', '', '# comment', 'X-Api-Key:k'], 'env')).toEqual([['Authorization', 'Bearer a:b'], ['X-Api-Key', 'k']]);
    expect(() => parseHeaderLines(['Bearer sk_live_SECRET'], '--header')).toThrow(/--header #1 is not a "Name: value" header/);
    try {
      parseHeaderLines(['Bearer sk_live_SECRET'], '--header');
    } catch (error) {
      expect((error as Error).message).not.toContain('SECRET');
    }
  });
});

describe('redaction', () => {
  it('finds the secrets in credential headers: values, bearer tokens, Basic user and password', () => {
    const basic = Buffer.from('api_user:pa55word-xyz').toString('base64');
    const secrets = secretsOfHeaders([['Authorization', `Basic ${basic}`], ['X-Api-Key', 'key-123456'], ['Accept', 'application/json']]);
    expect(secrets).toEqual(expect.arrayContaining([`Basic ${basic}`, basic, 'api_user:pa55word-xyz', 'api_user', 'pa55word-xyz', 'key-123456']));
    expect(secrets).not.toContain('application/json');
  });
  it('redacts plain, URL-encoded and JSON-escaped forms, in strings and nested values', () => {
    const redact = createRedactor(['s3cr3t/"token"']);
    expect(redact(`a s3cr3t/"token" b ${encodeURIComponent('s3cr3t/"token"')} ${JSON.stringify('s3cr3t/"token"')}`)).toBe('a [redacted] b [redacted] "[redacted]"');
    expect(redactDeep({ list: ['x s3cr3t/"token"'], n: 1 }, redact)).toEqual({ list: ['x [redacted]'], n: 1 });
  });
});
