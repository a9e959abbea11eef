import type { ErrorObject } from 'ajv/dist/2020.js';
import { joinPointer, splitPointer } from '../core/pointer.js';

/** One way a body breaks its contract. */
export interface Issue {
  /** JSON pointer into the body. For `required` it points at the missing property, for
   *  `additionalProperties` at the extra one. */
  pointer: string;
  /** The rule broken: a JSON Schema keyword (`enum`, `type`, …) or `status` / `content-type`. */
  rule: string;
  expected: string;
  actual: string;
  message: string;
}

/** `{ ok: true }` or the issues found. */
export type ValidationResult = { ok: true } | { ok: false; issues: Issue[] };

/** The result of every valid body: one frozen object, nothing allocated per check. */
export const OK: ValidationResult = Object.freeze({ ok: true });

const MAX_EXCERPT = 120;

/** A value as JSON text, whole (for a caller that redacts before it cuts). */
export function jsonText(value: unknown): string {
  if (value === undefined) return 'missing';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    // Too deep to serialise (a JSON bomb): String() would recurse through arrays just the same.
    return Array.isArray(value) ? '[…]' : typeof value === 'object' && value !== null ? '{…}' : String(value);
  }
}

/** A short JSON excerpt of a value, for messages. */
export function excerpt(value: unknown): string {
  const text = jsonText(value);
  return text.length > MAX_EXCERPT ? `${text.slice(0, MAX_EXCERPT - 1)}…` : text;
}

/** Reads a JSON pointer; undefined when any step is missing. */
export function readPointer(root: unknown, pointer: string): unknown {
  if (pointer === '') return root;
  // Not a pointer at all (no leading "/"): no step can be found.
  return pointer.startsWith('/') ? readKeys(root, splitPointer(pointer)) : undefined;
}

/** How many readers were made: each gets a source of its own (see below). */
let readers = 0;

/**
 * `readPointer` for one pointer, as a function made once: for the few pointers read on every
 * validated body (the lifecycle's). Its keys are written into its code, so each step is a plain
 * property load V8 caches; a loop over a key list, or `Object.hasOwn` on every step, costs as
 * much as a whole ajv pass over a small body. Own members only, as `readPointer`: a value found
 * on a plain object or array whose prototypes do not hold the key can only be its own; anything
 * else (a null prototype, a class instance, a key such as `constructor`) asks `Object.hasOwn`.
 */
export function pointerReader(pointer: string): (root: unknown) => unknown {
  if (pointer === '') return (root) => root;
  // Each key goes into the code as a JSON string literal: nothing in a pointer can become code.
  const steps = splitPointer(pointer).map((key) => {
    const k = JSON.stringify(key);
    return `if (typeof c !== 'object' || c === null) return undefined;
  v = c[${k}];
  if (v === undefined) return undefined;
  p = Object.getPrototypeOf(c);
  if (((p !== objectProto && p !== arrayProto) || ${k} in p) && !Object.hasOwn(c, ${k})) return undefined;
  c = v;`;
  });
  // A numbered source: V8 lets functions made from the same text share what its caches learnt, and
  // the same pointer in two providers' bodies meets two shapes of object.
  const body = `// reader ${++readers}\nreturn function readPointer(root) {\n  let c = root, v, p;\n  ${steps.join('\n  ')}\n  return c;\n};`;
  return new Function('objectProto', 'arrayProto', body)(Object.prototype, Array.prototype) as (root: unknown) => unknown;
}

function readKeys(root: unknown, keys: readonly string[]): unknown {
  let current: unknown = root;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    // Own members only: `/constructor` or `/__proto__` must not read what every object inherits.
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}


function expectedOf(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'enum':
      return `one of ${excerpt(p.allowedValues)}`;
    case 'const':
      return excerpt(p.allowedValue);
    case 'type':
      return `type ${Array.isArray(p.type) ? p.type.join(' or ') : String(p.type)}`;
    case 'required':
      return 'present';
    case 'additionalProperties':
    case 'unevaluatedProperties':
      return 'absent';
    case 'pattern':
      return `matching ${String(p.pattern)}`;
    case 'format':
      return `format ${String(p.format)}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
    case 'minLength':
    case 'maxLength':
    case 'minItems':
    case 'maxItems':
      return `${String(p.comparison ?? error.keyword)} ${String(p.limit)}`;
    default:
      return error.message ?? error.keyword;
  }
}

/** Where an ajv error is: its instance path, plus the member it names (missing, or not allowed). */
export function errorPointer(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  const member = error.keyword === 'required' ? p.missingProperty : error.keyword === 'additionalProperties' ? p.additionalProperty : error.keyword === 'unevaluatedProperties' ? p.unevaluatedProperty : undefined;
  return member === undefined ? error.instancePath : error.instancePath + joinPointer([String(member)]);
}

/** Turns ajv errors into issues with pointers, expected and actual values. */
export function toIssues(errors: readonly ErrorObject[], body: unknown, prefix = ''): Issue[] {
  return errors.map((error) => {
    const pointer = errorPointer(error);
    const actual = excerpt(readPointer(body, pointer));
    const expected = expectedOf(error);
    return { pointer: prefix + pointer, rule: error.keyword, expected, actual, message: `${prefix + pointer || '(body)'}: ${error.message ?? error.keyword} (got ${actual})` };
  });
}
