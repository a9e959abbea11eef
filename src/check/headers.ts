import { UsageError } from '../errors/index.js';

/** A list of request headers as given: `[name, value]` pairs, in order. */
export type HeaderList = Array<[string, string]>;

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Parses curl-style `Name: value` lines. Messages never quote a value: it may be a credential.
 * @example parseHeaderLines(['Authorization: Bearer abc'], '--header') // [['Authorization', 'Bearer abc']]
 */
export function parseHeaderLines(lines: Iterable<string>, source: string): HeaderList {
  const out: HeaderList = [];
  let n = 0;
  for (const raw of lines) {
    n++;
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const colon = line.indexOf(':');
    const name = colon === -1 ? '' : line.slice(0, colon).trim();
    if (colon === -1 || !TOKEN.test(name)) {
      throw new UsageError(`${source} #${n} is not a "Name: value" header${colon === -1 ? ' (no colon)' : ' (bad header name)'}. Write it like curl: 'Authorization: Bearer …'.`);
    }
    const value = line.slice(colon + 1).trim();
    if (/[\0\r\n]/.test(value)) throw new UsageError(`${source} "${name}" has a control character in its value. Remove it.`);
    out.push([name, value]);
  }
  return out;
}

/** Merges header lists; a later list replaces an earlier one's header of the same name. */
export function mergeHeaders(...lists: HeaderList[]): HeaderList {
  const byName = new Map<string, [string, string]>();
  for (const list of lists) for (const [name, value] of list) byName.set(name.toLowerCase(), [name, value]);
  return [...byName.values()];
}

/** Accepts a record or a list. */
export function toHeaderList(headers: Record<string, string> | HeaderList | undefined): HeaderList {
  if (!headers) return [];
  return Array.isArray(headers) ? headers : Object.entries(headers);
}
