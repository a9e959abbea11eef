import { encodeTime, ulid } from 'ulid';

/**
 * Deterministic randomness: every value is a pure function of (seed, key), so the same seed
 * gives the same ids, timestamps and text whatever order requests arrive in.
 */

/**
 * FNV-1a, 32 bits: a stable hash of a string. `from` continues a hash:
 * `hash32(b, hash32(a)) === hash32(a + b)`.
 */
export function hash32(text: string, from = 0x811c9dc5): number {
  let h = from;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a small fast PRNG giving floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CROCKFORD32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * The request ids of one mock: the n-th is `ulid(now, prng(hash32(String(n), from)))`, made
 * without its per-call closure and with the time part kept while the millisecond lasts (a poll
 * costs a few hundred ns less; same ids as that expression, which a test holds it to).
 */
export function createRequestIds(from: number): (now: number) => string {
  let lastMs = Number.NaN;
  let count = 0;
  // The id's 26 character codes, filled in place and made into one flat string per request.
  const codes: number[] = new Array<number>(26).fill(48);
  return (now) => {
    // ulid() reads a time of 0 as "no time given": keep its answer there.
    if (now !== lastMs || now === 0) {
      lastMs = now;
      const time = encodeTime(now === 0 ? Date.now() : now, 10);
      for (let i = 0; i < 10; i++) codes[i] = time.charCodeAt(i);
    }
    count++;
    // mulberry32 (prng above), 16 draws, written last character first as ulid's encodeRandom does.
    let a = hashDecimal(count, from);
    for (let i = 25; i >= 10; i--) {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      codes[i] = CROCKFORD32.charCodeAt(Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * 32) % 32);
    }
    return String.fromCharCode.apply(null, codes);
  };
}

/** `hash32(String(n), from)` for a whole number n ≥ 0, without making the string. */
function hashDecimal(n: number, from: number): number {
  let h = from;
  let unit = 1;
  while (unit * 10 <= n) unit *= 10;
  for (; unit >= 1; unit = Math.floor(unit / 10)) {
    h ^= 48 + (Math.floor(n / unit) % 10);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Deterministic ids and numbers derived from one seed and a key per value. */
export interface Random {
  /** A float in [0, 1) for this key. */
  float(key: string): number;
  /** An integer in [min, max]. */
  int(key: string, min: number, max: number): number;
  /** One item of a list. */
  pick<T>(key: string, items: readonly T[]): T;
  /** A version-4-shaped UUID. */
  uuid(key: string): string;
  /** A ULID whose time part is `timeMs` (so ids sort by creation). */
  ulid(key: string, timeMs: number): string;
  /** `length` base62 characters. */
  base62(key: string, length: number): string;
  /** `length` lowercase hex characters. */
  hex(key: string, length: number): string;
  /** A child source whose keys live under `prefix`. */
  child(prefix: string): Random;
}

/**
 * The source behind `createRandom`: one small object per seed (every job keeps one), its
 * methods shared on the prototype rather than ten closures per job. Call them on the object.
 */
class SeededRandom implements Random {
  constructor(private readonly base: string) {}

  #stream(key: string): () => number {
    return prng(hash32(`${this.base}\u0000${key}`));
  }

  #chars(key: string, alphabet: string, length: number): string {
    const next = this.#stream(key);
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(next() * alphabet.length)];
    return out;
  }

  float(key: string): number {
    return this.#stream(key)();
  }

  int(key: string, min: number, max: number): number {
    return min + Math.floor(this.#stream(key)() * (max - min + 1));
  }

  pick<T>(key: string, items: readonly T[]): T {
    return items[Math.floor(this.#stream(key)() * items.length)] as T;
  }

  uuid(key: string): string {
    const h = this.#chars(key, '0123456789abcdef', 32).split('');
    h[12] = '4';
    h[16] = '89ab'[parseInt(h[16] as string, 16) % 4] as string;
    const s = h.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }

  ulid(key: string, timeMs: number): string {
    return ulid(Math.max(0, Math.floor(timeMs)), this.#stream(key));
  }

  base62(key: string, length: number): string {
    return this.#chars(key, BASE62, length);
  }

  hex(key: string, length: number): string {
    return this.#chars(key, '0123456789abcdef', length);
  }

  child(prefix: string): Random {
    return new SeededRandom(`${this.base}\u0000${prefix}`);
  }
}

/** Creates the deterministic source for a seed (a number or any string). */
export function createRandom(seed: number | string): Random {
  return new SeededRandom(typeof seed === 'number' ? String(seed) : seed);
}
