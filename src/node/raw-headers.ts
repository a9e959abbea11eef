/**
 * Request headers read straight off node's `rawHeaders`. node:http builds `req.headers` on its
 * first read; a plain GET answered from the core never needs it, so the door reads the few
 * headers it wants here instead.
 */
import type { HeadHeaders } from '../core/head.js';

/**
 * One request header as `req.headers` has it: repeats joined with ", ", or (`first`) only the
 * first of them, as node keeps Content-Length. `raw` is a request's `rawHeaders`.
 */
export function rawHeader(raw: readonly string[], lowerName: string, first = false): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    if (name.length !== lowerName.length || name.toLowerCase() !== lowerName) continue;
    if (value === undefined) value = raw[i + 1] as string;
    else if (!first) value = `${value}, ${raw[i + 1]}`;
  }
  return value;
}

/**
 * Headers straight from node's parser, which already trimmed values and refused control
 * characters (so `Headers` would keep them as they are): `get` joins repeats with ", " and
 * `forEach` walks lowercase names in order, as `Headers` does.
 */
export class RawHeaders implements HeadHeaders {
  constructor(private readonly raw: string[]) {}

  /** The same names and values, in the same order. */
  sameAs(other: HeadHeaders | undefined): boolean {
    if (!(other instanceof RawHeaders) || other.raw.length !== this.raw.length) return false;
    for (let i = 0; i < this.raw.length; i++) if (this.raw[i] !== other.raw[i]) return false;
    return true;
  }

  get(name: string): string | null {
    return rawHeader(this.raw, name.toLowerCase()) ?? null;
  }

  forEach(callback: (value: string, name: string, parent: Headers) => void, thisArg?: unknown): void {
    const raw = this.raw;
    const combined = new Map<string, string>();
    for (let i = 0; i < raw.length; i += 2) {
      const n = (raw[i] as string).toLowerCase();
      const previous = combined.get(n);
      combined.set(n, previous === undefined ? (raw[i + 1] as string) : `${previous}, ${raw[i + 1]}`);
    }
    for (const n of [...combined.keys()].sort()) callback.call(thisArg, combined.get(n) as string, n, this as unknown as Headers);
  }
}
