import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { Json, Spec } from './spec.js';

// ajv-formats ships CommonJS with `exports.default`; under NodeNext the callable is one level down.
type AddFormats = (ajv: Ajv2020) => Ajv2020;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as unknown as AddFormats;

/** OpenAPI 3.1 keywords that are annotations to JSON Schema; registered so strict mode stays on. */
const openApiKeywords = ['example', 'discriminator', 'xml', 'externalDocs'];

/** A compiled schema, ready to run on a body. */
export type Validator = ValidateFunction & { errors?: ErrorObject[] | null };

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

/**
 * Compiles every schema a spec uses — once. Each schema placed in the returned map is keyed by
 * the caller's key; refs between them resolve through one root per spec.
 */
export function compileSchemas(spec: Spec, schemas: Map<string, Json | undefined>): Map<string, Validator> {
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true, validateFormats: true });
  addFormats(ajv);
  const keywords = new Set(openApiKeywords);
  collectExtensionKeys(spec.document, keywords);
  for (const keyword of keywords) ajv.addKeyword({ keyword });

  const components = (spec.document.components as Record<string, Json> | undefined)?.schemas as Record<string, Json> | undefined;
  const defs: Record<string, Json> = {};
  for (const [name, schema] of Object.entries(components ?? {})) defs[name] = rewriteRefs(schema) as Json;
  const local = [...schemas.entries()].filter(([, schema]) => schema !== undefined);
  local.forEach(([, schema], index) => {
    defs[`__inline${index}`] = rewriteRefs(schema) as Json;
  });
  const rootId = `https://job-contracts.dev/specs/${spec.provider}.json`;
  ajv.addSchema({ $id: rootId, $defs: defs });

  const compiled = new Map<string, Validator>();
  local.forEach(([key], index) => {
    const validate = ajv.getSchema(`${rootId}#/$defs/__inline${index}`);
    if (!validate) throw new Error(`job-contracts: could not compile ${spec.file} schema for ${key}`);
    compiled.set(key, validate as Validator);
  });
  return compiled;
}
