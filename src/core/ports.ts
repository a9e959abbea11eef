/**
 * What the core is handed by the layer that loads it, so that it imports no `node:*` module
 * and runs in a browser as well as in node: the start-up cache (on disk in node, see
 * src/contracts/load-cache.ts) and the schema compiler (ajv, loaded on first use, see
 * src/contracts/compile.ts). Both are interfaces here; the node implementations live outside
 * the core's reach (test/core/house.test.ts checks that).
 */
import type { Json, Spec } from '../contracts/spec.js';

/**
 * What start-up work is remembered between runs: a spec's parsed document, a scenario file's
 * parsed and checked content, "this scenario passed the load-time check against this spec" and
 * "this spec's schemas passed the JSON Schema 2020-12 meta-schema check", and the path-parameter
 * validators of a spec as ajv standalone source.
 * Only successes are stored, so every error message is produced afresh, naming the real file.
 */
export type CacheKind = 'spec' | 'scenario' | 'check' | 'meta' | 'params' | 'x-job-mock';

/**
 * A cache of start-up work, keyed by what the work read (file text). Never throws: a missing,
 * corrupt or unwritable cache only means the work is done again.
 */
export interface LoadCache {
  get<T>(kind: CacheKind, input: string): T | undefined;
  set(kind: CacheKind, input: string, value: unknown): void;
  /** Writes the entries added since opening (merged with what other processes wrote); no-op when none. */
  save(): void;
  /** Hits and misses since opening, for the start-up banner and the tests; `dir` is undefined when nothing is kept. */
  readonly stats: { hits: number; misses: number; dir: string | undefined };
}

/** A cache that remembers nothing: what the public loaders use unless given one. */
export const noCache: LoadCache = {
  get: () => undefined,
  set: () => undefined,
  save: () => undefined,
  stats: { hits: 0, misses: 0, dir: undefined },
};

/**
 * Turns keyed schemas of a spec into first-error checks (true when the data is valid). A key
 * whose schema does not compile may be missing from the result, or its check may throw when
 * first run. The router builds its path-parameter checks with it.
 */
export type SchemaCompiler = (spec: Spec, schemas: Map<string, Json | undefined>) => Map<string, (data: unknown) => boolean>;
