/**
 * JSON Pointers (RFC 6901) over plain JSON documents, with the two liberties scenarios need:
 * `set` creates missing parents, and pattern pointers may use `*` for any key or index.
 * Every object this module creates has a null prototype, so a `__proto__` member is data.
 */
import { BoundedMap } from './bounded-map.js';

/** A JSON object the engine owns. */
export type JsonObject = Record<string, unknown>;

// Scenario steps and item templates split the same few pointers for every job they play.
const splits = new BoundedMap<string, readonly string[]>(4096);

/** `/a/b~1c` → `['a', 'b/c']`; `''` → `[]`. The parts are shared: never change them. */
export function splitPointer(pointer: string): readonly string[] {
  const known = splits.get(pointer);
  if (known !== undefined) return known;
  if (pointer !== '' && !pointer.startsWith('/')) throw new TypeError(`"${pointer}" is not a JSON pointer (it must start with "/").`);
  const parts = Object.freeze(pointer === '' ? [] : pointer.slice(1).split('/').map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~')));
  splits.set(pointer, parts);
  return parts;
}

/** One pointer segment, escaped (`b/c` → `b~1c`). */
function escapeSegment(part: string | number): string {
  const text = String(part);
  return text.includes('~') || text.includes('/') ? text.replace(/~/g, '~0').replace(/\//g, '~1') : text;
}

/** `['a', 'b/c']` → `/a/b~1c`. */
export function joinPointer(parts: readonly (string | number)[]): string {
  let pointer = '';
  for (const part of parts) pointer += `/${escapeSegment(part)}`;
  return pointer;
}

/** The pointer of member `key` under `pointer`: `joinPointer([...splitPointer(pointer), key])`, without the split. */
export function childPointer(pointer: string, key: string | number): string {
  return `${pointer}/${escapeSegment(key)}`;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function own(object: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/** The value at `pointer`, or undefined. */
export function getAt(document: unknown, pointer: string | readonly string[]): unknown {
  let current = document;
  for (const part of typeof pointer === 'string' ? splitPointer(pointer) : pointer) {
    if (Array.isArray(current)) {
      if (!/^(0|[1-9]\d*)$/.test(part)) return undefined;
      current = current[Number(part)];
    } else if (isObject(current) && own(current, part)) {
      current = current[part];
    } else {
      return undefined;
    }
  }
  return current;
}

/** A new null-prototype object with `entries`. */
export function objectOf(entries: Iterable<[string, unknown]> = []): JsonObject {
  const out: JsonObject = Object.create(null);
  for (const [key, value] of entries) out[key] = value;
  return out;
}

/** Deep copy of a JSON value into null-prototype objects (data from YAML, bodies, templates). */
export function cloneJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => cloneJson(item)) as T;
  if (isObject(value)) return objectOf(Object.keys(value).map((key) => [key, cloneJson(value[key])])) as T;
  return value;
}

/** Sets `value` at `pointer`, creating missing parents as objects; `-` appends to an array. */
export function setAt(document: JsonObject, pointer: string, value: unknown): void {
  const parts = splitPointer(pointer);
  if (parts.length === 0) throw new TypeError('Cannot set the whole document; set its members instead.');
  let parent: unknown = document;
  for (const part of parts.slice(0, -1)) {
    let next = Array.isArray(parent) ? parent[Number(part)] : isObject(parent) && own(parent, part) ? parent[part] : undefined;
    if (next === undefined || next === null || typeof next !== 'object') {
      next = objectOf();
      if (Array.isArray(parent)) parent[Number(part)] = next;
      else (parent as JsonObject)[part] = next;
    }
    parent = next;
  }
  const last = parts[parts.length - 1] as string;
  if (Array.isArray(parent)) {
    if (last === '-') parent.push(value);
    else parent[Number(last)] = value;
  } else {
    (parent as JsonObject)[last] = value;
  }
}

/** Removes the member at `pointer` (an array item is spliced out); no-op when absent. */
export function removeAt(document: JsonObject, pointer: string): void {
  const parts = splitPointer(pointer);
  const last = parts.at(-1);
  if (last === undefined) return;
  const parent = getAt(document, parts.slice(0, -1));
  if (Array.isArray(parent) && /^\d+$/.test(last)) parent.splice(Number(last), 1);
  else if (isObject(parent) && own(parent, last)) delete parent[last];
}

/** True when `pattern` (parts, `*` = any) matches `parts` exactly. */
export function matchesPattern(pattern: readonly string[], parts: readonly string[]): boolean {
  if (pattern.length !== parts.length) return false;
  return pattern.every((p, i) => p === '*' || p === parts[i]);
}
