import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { addFormats, ajv2020 } from './lazy-deps.js';
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

// The 2020-12 meta-schema, compiled once per process rather than once per Ajv instance (each
// costs ~50 ms): read-only after that, like any compiled validator.
let metaSchemaChecker: Ajv2020 | undefined;

/** Throws ajv's own "schema is invalid: …" when a spec's schemas break JSON Schema 2020-12. */
function checkMetaSchema(schema: Record<string, unknown>): void {
  metaSchemaChecker ??= new (ajv2020())({ strict: true, allowUnionTypes: true });
  metaSchemaChecker.validateSchema(schema, true);
}

/**
 * One validator per key, each compiled on first use from one root per spec (refs between
 * schemas resolve through it). Valid data runs a first-error validator; only invalid data
 * runs the all-errors one (compiled the first time a body fails), so the common case is as
 * fast as plain ajv and the issue list stays complete. `wrapError` turns a compile failure
 * into the caller's error.
 */
export function compileSchemas(spec: Spec, schemas: Map<string, Json | undefined>, wrapError: (cause: unknown) => Error = (cause) => cause as Error): Map<string, Validator> {
  const local = [...schemas.entries()].filter(([, schema]) => schema !== undefined);
  const rootId = `https://job-contracts.dev/specs/${spec.provider}.json`;
  // The root and the keyword list are built on the first compile: a mock that only serves never pays.
  let prepared: { root: { $id: string; $defs: Record<string, Json> }; keywords: Set<string> } | undefined;
  const prepare = () => {
    if (prepared) return prepared;
    const keywords = new Set(openApiKeywords);
    collectExtensionKeys(spec.document, keywords);
    const components = (spec.document.components as Record<string, Json> | undefined)?.schemas as Record<string, Json> | undefined;
    const defs: Record<string, Json> = {};
    for (const [name, schema] of Object.entries(components ?? {})) defs[name] = rewriteRefs(schema) as Json;
    local.forEach(([, schema], index) => {
      defs[`__inline${index}`] = rewriteRefs(schema) as Json;
    });
    const root = { $id: rootId, $defs: defs };
    checkMetaSchema(root);
    prepared = { root, keywords };
    return prepared;
  };
  const instances = new Map<boolean, Ajv2020>();
  const ajvFor = (allErrors: boolean): Ajv2020 => {
    let ajv = instances.get(allErrors);
    if (!ajv) {
      const { root, keywords } = prepare();
      ajv = new (ajv2020())({ strict: true, allowUnionTypes: true, allErrors, validateFormats: true });
      addFormats()(ajv);
      for (const keyword of keywords) ajv.addKeyword({ keyword });
      ajv.addSchema(root, undefined, undefined, false);
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

  const compiled = new Map<string, Validator>();
  local.forEach(([key], index) => {
    let first: ValidateFunction | undefined;
    let all: ValidateFunction | undefined;
    const validator = ((data: unknown): boolean => {
      first ??= compile(key, index, false);
      if (first(data)) {
        if (validator.errors !== null) validator.errors = null;
        return true;
      }
      all ??= compile(key, index, true);
      all(data);
      validator.errors = all.errors ?? [];
      return false;
    }) as Validator;
    validator.errors = null;
    compiled.set(key, validator);
  });
  return compiled;
}
