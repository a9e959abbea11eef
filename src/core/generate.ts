/**
 * Values generated from the job schema for members a scenario leaves out: by `const`, `enum`,
 * `examples`, `default`, type and format. Seeded per job, so every poll renders the same bytes.
 * @see ../../docs/provider-format.md#templates
 */
import type { Random } from './random.js';
import { isObject, type JsonObject, objectOf, splitPointer } from './pointer.js';

/** Resolves an internal `$ref` of the spec. */
export type RefResolver = (ref: string) => unknown;

/** A value for `schema`, or undefined when the schema gives no way to make one that validates. */
export interface Generator {
  /** The schema at a pointer of the job document (following properties, items, $ref, allOf). */
  schemaAt(pointer: string): unknown;
  /** A value for the schema at `pointer`; `key` seeds random parts. */
  valueAt(pointer: string, random: Random, key: string, createdAt: number): unknown;
  /** Fills the required members `doc` lacks, recursively, from the job schema. */
  fillRequired(doc: JsonObject, random: Random, createdAt: number): void;
}

function deref(schema: unknown, resolve: RefResolver): unknown {
  let current = schema;
  for (let hops = 0; isObject(current) && typeof current.$ref === 'string' && hops < 20; hops++) current = resolve(current.$ref);
  return current;
}

/** The first branch of a oneOf/anyOf that is not just `null`, or allOf merged. */
function flatten(schema: unknown, resolve: RefResolver): JsonObject | undefined {
  const s = deref(schema, resolve);
  if (!isObject(s)) return undefined;
  for (const key of ['oneOf', 'anyOf'] as const) {
    const branches = s[key];
    if (Array.isArray(branches)) {
      const chosen = branches.map((b) => flatten(b, resolve)).find((b) => b !== undefined && b.type !== 'null');
      if (chosen) return { ...chosen, ...Object.fromEntries(Object.entries(s).filter(([k]) => k !== key)) };
    }
  }
  if (Array.isArray(s.allOf)) {
    const merged: JsonObject = {};
    for (const part of s.allOf) {
      const flat = flatten(part, resolve) ?? {};
      merged.properties = { ...(isObject(merged.properties) ? merged.properties : {}), ...(isObject(flat.properties) ? flat.properties : {}) };
      merged.required = [...(Array.isArray(merged.required) ? merged.required : []), ...(Array.isArray(flat.required) ? flat.required : [])];
      for (const [k, v] of Object.entries(flat)) if (k !== 'properties' && k !== 'required') merged[k] = v;
    }
    return { ...merged, ...Object.fromEntries(Object.entries(s).filter(([k]) => k !== 'allOf')) };
  }
  return s;
}

function typesOf(schema: JsonObject): string[] {
  return Array.isArray(schema.type) ? (schema.type as string[]) : typeof schema.type === 'string' ? [schema.type] : [];
}

function stringFor(schema: JsonObject, random: Random, key: string, createdAt: number): string | undefined {
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  switch (schema.format) {
    case 'date-time':
      return new Date(createdAt).toISOString();
    case 'date':
      return new Date(createdAt).toISOString().slice(0, 10);
    case 'uuid':
      return random.uuid(key);
    case 'uri':
    case 'url':
      return `https://example.com/${random.hex(key, 16)}`;
    case 'email':
      return `user-${random.hex(key, 8)}@example.com`;
    default:
      if (typeof schema.pattern === 'string') return undefined; // no general way to honour a pattern
      return `${random.base62(key, Math.max(8, min))}`;
  }
}

/** Builds the generator for one spec's job schema. */
export function createGenerator(jobSchema: unknown, resolve: RefResolver): Generator {
  const value = (schema: unknown, random: Random, key: string, createdAt: number): unknown => {
    const s = flatten(schema, resolve);
    if (!s) return undefined;
    if ('const' in s) return s.const;
    if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
    if (Array.isArray(s.examples) && s.examples.length > 0) return s.examples[0];
    if ('example' in s) return s.example;
    if ('default' in s) return s.default;
    const types = typesOf(s);
    if (types.includes('null')) return null;
    const type = types[0] ?? (isObject(s.properties) ? 'object' : undefined);
    switch (type) {
      case 'string':
        return stringFor(s, random, key, createdAt);
      case 'integer':
      case 'number':
        return typeof s.minimum === 'number' ? s.minimum : 0;
      case 'boolean':
        return false;
      case 'array':
        return [];
      case 'object': {
        const out = objectOf();
        fill(out, s, random, key, createdAt);
        return out;
      }
      default:
        return undefined;
    }
  };
  const fill = (doc: JsonObject, schema: JsonObject, random: Random, key: string, createdAt: number): void => {
    const properties = isObject(schema.properties) ? schema.properties : {};
    for (const name of Array.isArray(schema.required) ? (schema.required as string[]) : []) {
      if (Object.prototype.hasOwnProperty.call(doc, name)) continue;
      const made = value(properties[name], random, `${key}/${name}`, createdAt);
      if (made !== undefined) doc[name] = made;
    }
    for (const name of Object.keys(doc)) {
      const sub = flatten(properties[name], resolve);
      const member = doc[name];
      if (sub && isObject(member)) fill(member, sub, random, `${key}/${name}`, createdAt);
    }
  };
  const schemaAt = (pointer: string): unknown => {
    let current: unknown = flatten(jobSchema, resolve);
    for (const part of splitPointer(pointer)) {
      if (!isObject(current)) return undefined;
      if (/^\d+$/.test(part) && current.items !== undefined) current = flatten(current.items, resolve);
      else current = flatten(isObject(current.properties) ? current.properties[part] : current.additionalProperties, resolve);
    }
    return current;
  };
  return {
    schemaAt,
    valueAt: (pointer, random, key, createdAt) => value(schemaAt(pointer), random, key, createdAt),
    fillRequired: (doc, random, createdAt) => {
      const root = flatten(jobSchema, resolve);
      if (root) fill(doc, root, random, '', createdAt);
    },
  };
}
