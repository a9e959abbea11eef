import { createRequire } from 'node:module';

// ajv (with ajv-formats) is CommonJS and costs ~100 ms to import. A warm start (see
// load-cache.ts) does not need it before the first request that validates a body, so it is
// required on first use — synchronously, since building a mock is synchronous.
const require = createRequire(import.meta.url);

type AjvModule = typeof import('ajv/dist/2020.js');
type AddFormats = (ajv: InstanceType<AjvModule['Ajv2020']>) => unknown;

let ajvModule: AjvModule | undefined;
let addFormatsFn: AddFormats | undefined;

function ajv(): AjvModule {
  ajvModule ??= require('ajv/dist/2020.js') as AjvModule;
  return ajvModule;
}

/** The Ajv2020 class, loaded on first call. */
export function ajv2020(): AjvModule['Ajv2020'] {
  return ajv().Ajv2020;
}

/** Code that standalone validators run to get ajv-formats' definitions (ajv's `_` template). */
export function standaloneFormats(): ReturnType<AjvModule['_']> {
  return ajv()._`require("ajv-formats/dist/formats").fullFormats`;
}

/** ajv-formats' plugin, loaded on first call (CommonJS with `exports.default`). */
export function addFormats(): AddFormats {
  if (!addFormatsFn) {
    const loaded = require('ajv-formats') as AddFormats & { default?: AddFormats };
    addFormatsFn = loaded.default ?? loaded;
  }
  return addFormatsFn;
}

type StandaloneCode = (ajv: InstanceType<AjvModule['Ajv2020']>, validate: unknown) => string;

/** ajv's standalone code generator (`ajv/dist/standalone`), loaded on first call. */
export function standaloneCode(): StandaloneCode {
  return (require('ajv/dist/standalone') as { default: StandaloneCode }).default;
}

/**
 * A validator from CommonJS source made by ajv's standalone generator (kept in the start-up
 * cache): its runtime helpers and formats resolve from this package, without loading ajv.
 */
export function standaloneValidator(source: string): (data: unknown) => boolean {
  const module: { exports: unknown } = { exports: {} };
  // The source is ajv's own output, written by this package into its cache (see load-cache.ts).
  new Function('require', 'module', 'exports', source)(require, module, module.exports);
  const exported = module.exports as { default?: (data: unknown) => boolean } & ((data: unknown) => boolean);
  return exported.default ?? exported;
}
