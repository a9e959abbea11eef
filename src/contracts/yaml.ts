/**
 * The one YAML reader of specs, scenario files and config files. js-yaml (YAML 1.2 core schema,
 * duplicate keys refused) parses a spec in a quarter of the time `yaml` takes on a cold process,
 * which is most of a first start on a spec the start-up cache has not seen.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

type JsYaml = typeof import('js-yaml');

/** A text that is not YAML the toolkit reads: the parser's reason, and the line (1-based) when known. */
export class YamlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number | undefined,
  ) {
    super(message);
  }
}

/** Aliases a document may expand (as the `yaml` package's maxAliasCount): past it, a resource-exhaustion attack. */
export const MAX_ALIASES = 100;

const require = createRequire(import.meta.url);
let jsYaml: JsYaml | undefined;

/**
 * js-yaml, loaded on first call (a warm start parses nothing). Its single-file build: one file
 * to read and compile instead of the twenty of `lib/` (~15 ms instead of ~50 ms on a cold start).
 */
function loadJsYaml(): JsYaml {
  jsYaml ??= require(join(dirname(require.resolve('js-yaml')), 'dist', 'js-yaml.js')) as JsYaml;
  return jsYaml;
}

/**
 * An alias is a shared reference in what js-yaml returns: walking the value as JSON would walk
 * it (every use expanded) counts each reuse of a list or map, and stops past MAX_ALIASES, before
 * a nested-alias bomb can expand (into the cache's JSON text, or any walk of the document).
 */
function boundAliases(value: unknown): void {
  const seen = new Set<object>();
  let aliases = 0;
  const walk = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    if (seen.has(node)) {
      if (++aliases > MAX_ALIASES) throw new YamlSyntaxError(`More than ${MAX_ALIASES} aliases expanded: excessive alias count indicates a resource exhaustion attack`, undefined);
    } else seen.add(node);
    for (const child of Array.isArray(node) ? node : Object.values(node)) walk(child);
  };
  walk(value);
}

/** Parses one YAML document (JSON is YAML too); throws a YamlSyntaxError naming the line. */
export function parseYaml(text: string): unknown {
  const { load, CORE_SCHEMA } = loadJsYaml();
  let value: unknown;
  try {
    value = load(text, { schema: CORE_SCHEMA });
  } catch (cause) {
    const { reason, mark, message } = cause as { reason?: string; mark?: { line: number }; message: string };
    const why = reason ?? message.split('\n')[0] ?? 'not YAML';
    throw new YamlSyntaxError(why.charAt(0).toUpperCase() + why.slice(1), mark ? mark.line + 1 : undefined);
  }
  boundAliases(value);
  return value;
}
