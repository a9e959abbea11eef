import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { type LoadCache, noCache, type SchemaCompiler } from '../core/ports.js';
import { addFormats, ajv2020, standaloneCode, standaloneFormats, standaloneValidator } from './lazy-deps.js';
import { validateMetaSchema } from './own-validators.js';
import type { Json, Spec } from './spec.js';

/** OpenAPI 3.1 keywords that are annotations to JSON Schema; registered so strict mode stays on. */
const openApiKeywords = ['example', 'discriminator', 'xml', 'externalDocs'];

/**
 * A compiled schema: true when the data is valid; when it is not, `errors` holds every issue
 * (ajv `allErrors`). Compiled on first use, so loading a spec does not pay for every operation.
 */
export interface Validator {
  (data: unknown): boolean;
  errors: ErrorObject[] | null;
  /** The first-error check itself (compiled now if not yet): true when valid, no `errors` kept. */
  firstError(): (data: unknown) => boolean;
}

function collectExtensionKeys(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) collectExtensionKeys(item, into);
  } else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith('x-')) into.add(key);
      else collectExtensionKeys(value, into);
    }
  }
}

/** Copies a schema, pointing `#/components/schemas/X` refs at `#/$defs/X` of our root. */
function rewriteRefs(node: Json | undefined): Json | undefined {
  if (Array.isArray(node)) return node.map((item) => rewriteRefs(item) as Json);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/schemas/')) {
      out[key] = `#/$defs/${value.slice('#/components/schemas/'.length)}`;
    } else {
      out[key] = rewriteRefs(value) as Json;
    }
  }
  return out;
}

/** Digests of spec texts whose schemas passed the meta-schema check (here, or in an earlier run). */
const metaChecked = new Set<string>();

/** A spec's component schemas as `$defs`, their refs pointed at `#/$defs/…`. */
function componentDefs(spec: Spec): Record<string, Json> {
  const components = (spec.document.components as Record<string, Json> | undefined)?.schemas as Record<string, Json> | undefined;
  const defs: Record<string, Json> = {};
  for (const [name, schema] of Object.entries(components ?? {})) defs[name] = rewriteRefs(schema) as Json;
  return defs;
}

/**
 * Throws ajv's own "schema is invalid: …" when a spec's schemas break JSON Schema 2020-12: every
 * component schema and every parameter, request and response schema of every operation, in one
 * root, once per spec text. Returns true when it ran the check (false: known to pass).
 */
function checkMetaSchema(spec: Spec): boolean {
  if (metaChecked.has(spec.digest)) return false;
  const defs = componentDefs(spec);
  let index = 0;
  const add = (schema: Json | undefined) => {
    if (schema !== undefined) defs[`__all${index++}`] = rewriteRefs(schema) as Json;
  };
  for (const op of spec.operations) {
    for (const parameter of op.parameters) add(parameter.schema);
    for (const media of op.requestBody?.content ?? []) add(media.schema);
    for (const response of op.responses) for (const media of response.content) add(media.schema);
  }
  // The meta-schema's validator is generated ahead of time (own-validators.ts); the message is ajv's own.
  if (!validateMetaSchema({ $id: `https://job-contracts.dev/specs/${spec.provider}.all.json`, $defs: defs })) {
    throw new Error(`schema is invalid: ${(validateMetaSchema.errors ?? []).map((e) => `data${e.instancePath} ${e.message}`).join(', ')}`);
  }
  metaChecked.add(spec.digest);
  return true;
}

interface Prepared {
  root: { $id: string; $defs: Record<string, Json> };
  keywords: Set<string>;
}

/** The id of a spec's root schema, which every compiled key is a `$defs` entry of. */
const rootIdOf = (spec: Spec) => `https://job-contracts.dev/specs/${spec.provider}.json`;

/** The keyed schemas that exist, in order: entry i becomes `$defs/__inline<i>` of the root. */
const present = (schemas: Map<string, Json | undefined>) => [...schemas.entries()].filter(([, schema]) => schema !== undefined);

/** One root per spec: its component schemas plus `local` as `__inline<i>`, refs pointed at `$defs`. */
function prepareRoot(spec: Spec, local: Array<[string, Json | undefined]>): Prepared {
  const keywords = new Set(openApiKeywords);
  collectExtensionKeys(spec.document, keywords);
  const defs = componentDefs(spec);
  local.forEach(([, schema], index) => {
    defs[`__inline${index}`] = rewriteRefs(schema) as Json;
  });
  return { root: { $id: rootIdOf(spec), $defs: defs }, keywords };
}

/** An Ajv instance holding a prepared root, strict, with formats and the spec's keywords. */
function newAjv({ root, keywords }: Prepared, options: { allErrors: boolean; source?: boolean }): Ajv2020 {
  const Ajv = ajv2020();
  const ajv = new Ajv({
    strict: true,
    allowUnionTypes: true,
    allErrors: options.allErrors,
    validateFormats: true,
    // Standalone source refers to ajv-formats' definitions by require, resolved when it is loaded.
    ...(options.source ? { code: { source: true, formats: standaloneFormats() } } : {}),
  });
  addFormats()(ajv);
  for (const keyword of keywords) ajv.addKeyword({ keyword });
  ajv.addSchema(root, undefined, undefined, false);
  return ajv;
}

/**
 * `make(key, index)` once per distinct schema of `local` (index: its `__inline<i>` in the root).
 * Keys whose schemas are the same JSON (one root, so the same meaning) share the result: an
 * error body that every operation documents compiles once, not once per operation.
 */
function perDistinctSchema<T>(local: Array<[string, Json | undefined]>, make: (key: string, index: number) => T): Map<string, T> {
  const out = new Map<string, T>();
  const byText = new Map<string, T>();
  local.forEach(([key, schema], index) => {
    const text = JSON.stringify(schema);
    let made = byText.get(text);
    if (made === undefined) byText.set(text, (made = make(key, index)));
    out.set(key, made);
  });
  return out;
}

/**
 * Each schema as standalone CommonJS source (ajv standalone) of a first-error validator, for
 * the start-up cache; `standaloneValidator` turns one back into a function without loading ajv.
 * Throws as `compileSchemas` would for a broken schema.
 */
export function standaloneSources(spec: Spec, schemas: Map<string, Json | undefined>): Map<string, string> {
  const local = present(schemas);
  const rootId = rootIdOf(spec);
  const prepared = prepareRoot(spec, local);
  checkMetaSchema(spec);
  const ajv = newAjv(prepared, { allErrors: false, source: true });
  const generate = standaloneCode();
  return perDistinctSchema(local, (key, index) => {
    const validate = ajv.getSchema(`${rootId}#/$defs/__inline${index}`);
    if (!validate) throw new Error(`job-contracts: could not compile ${spec.file} schema for ${key}`);
    return generate(ajv, validate);
  });
}

/**
 * One validator per key, each compiled on first use from one root per spec (refs between
 * schemas resolve through it). Valid data runs a first-error validator; only invalid data
 * runs the all-errors one (compiled the first time a body fails), so the common case is as
 * fast as plain ajv and the issue list stays complete. `wrapError` turns a compile failure
 * into the caller's error. With a start-up cache, a spec text whose schemas passed the
 * meta-schema check in an earlier run skips it, and a pass here is remembered there.
 */
export function compileSchemas(
  spec: Spec,
  schemas: Map<string, Json | undefined>,
  wrapError: (cause: unknown) => Error = (cause) => cause as Error,
  cache: LoadCache = noCache,
): Map<string, Validator> {
  const local = present(schemas);
  const rootId = rootIdOf(spec);
  if (cache.get<boolean>('meta', spec.digest)) metaChecked.add(spec.digest);
  else if (metaChecked.has(spec.digest)) cache.set('meta', spec.digest, true);
  // The root and the keyword list are built on the first compile: a mock that only serves never pays.
  let prepared: Prepared | undefined;
  const prepare = () => {
    if (prepared) return prepared;
    prepared = prepareRoot(spec, local);
    if (checkMetaSchema(spec)) cache.set('meta', spec.digest, true);
    return prepared;
  };
  const instances = new Map<boolean, Ajv2020>();
  const ajvFor = (allErrors: boolean): Ajv2020 => {
    let ajv = instances.get(allErrors);
    if (!ajv) {
      ajv = newAjv(prepare(), { allErrors });
      instances.set(allErrors, ajv);
    }
    return ajv;
  };
  const compile = (key: string, index: number, allErrors: boolean): ValidateFunction => {
    let validate: ValidateFunction | undefined;
    try {
      validate = ajvFor(allErrors).getSchema(`${rootId}#/$defs/__inline${index}`);
    } catch (cause) {
      throw wrapError(cause);
    }
    if (!validate) throw wrapError(new Error(`job-contracts: could not compile ${spec.file} schema for ${key}`));
    return validate;
  };

  return perDistinctSchema(local, (key, index) => {
    let first: ValidateFunction | undefined;
    let all: ValidateFunction | undefined;
    const firstError = () => (first ??= compile(key, index, false));
    const validator = ((data: unknown): boolean => {
      if (firstError()(data)) {
        if (validator.errors !== null) validator.errors = null;
        return true;
      }
      all ??= compile(key, index, true);
      all(data);
      validator.errors = all.errors ?? [];
      return false;
    }) as Validator;
    validator.errors = null;
    validator.firstError = firstError;
    return validator;
  });
}

/**
 * The validators of `schemas` from ajv standalone source kept in the cache, made and kept there
 * on a miss. Undefined when that fails: a schema that does not compile (the lazy validators
 * report it at first use, as without a cache) or an entry that is not valid code.
 */
function standaloneChecks(spec: Spec, schemas: Map<string, Json | undefined>, cache: LoadCache): Map<string, (data: unknown) => boolean> | undefined {
  try {
    let sources = cache.get<Record<string, string>>('params', spec.digest);
    if (!sources) {
      sources = Object.fromEntries(standaloneSources(spec, schemas));
      cache.set('params', spec.digest, sources);
    }
    return new Map(Object.entries(sources).map(([key, source]) => [key, standaloneValidator(source)]));
  } catch {
    return undefined;
  }
}

/**
 * The schema compiler node gives the core (see ../core/ports.ts): `compileSchemas`, and with a
 * start-up cache the validators kept there as ajv standalone source, so a warm start answers its
 * first request without loading ajv (~45 ms) or compiling (~20 ms).
 */
export function createSchemaCompiler(cache: LoadCache = noCache): SchemaCompiler {
  return (spec, schemas) => (cache.stats.dir === undefined ? undefined : standaloneChecks(spec, schemas, cache)) ?? compileSchemas(spec, schemas);
}
