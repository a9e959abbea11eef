import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { createRequestIds, hash32, prng } from '../../src/core/random.js';

describe('request ids', () => {
  it('are the ulid of (now, prng(hash32(n, seed))) for the n-th request, whatever the clock does', () => {
    const from = hash32('job-contracts:azure:request:');
    const next = createRequestIds(from);
    // The same millisecond several times (the kept time part), then jumps forward and back.
    const times = [1_767_225_600_000, 1_767_225_600_000, 1_767_225_600_000, 1_767_225_600_001, 1_767_225_659_999, 1_767_225_600_000, 281_474_976_710_655, 1];
    times.forEach((now, i) => {
      expect(next(now)).toBe(ulid(now, prng(hash32(String(i + 1), from))));
    });
  });

  it('stay the same ids past the first thousand requests (counts of many digits)', () => {
    const from = hash32('seed:google:request:');
    const next = createRequestIds(from);
    for (let n = 1; n <= 12_345; n++) {
      const id = next(1_767_225_600_000 + n);
      if (n % 997 === 0 || n === 10 || n === 100 || n === 1000 || n === 10_000 || n === 12_345) expect(id, `request ${n}`).toBe(ulid(1_767_225_600_000 + n, prng(hash32(String(n), from))));
    }
  });

  it('differ per seed and per request', () => {
    const a = createRequestIds(hash32('a'));
    const b = createRequestIds(hash32('b'));
    const ids = new Set([a(5), a(5), b(5), b(5)]);
    expect(ids.size).toBe(4);
    for (const id of ids) expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  });
});
