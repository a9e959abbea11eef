/**
 * Which providers a command works with: the built-in ones, the user's own (`--spec <file>…
 * --scenarios <dir>…`), or those a `job-contracts.config.{json,yaml}` in the working directory
 * lists. One resolver for every command, so `mock`, `validate`, `check`, `scenarios` and
 * `generate` agree on ids and messages.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { providerIdOfFile } from '../contracts/contracts.js';
import { parseYaml } from '../contracts/yaml.js';
import type { ProviderSource } from '../mock/mock.js';
import { type ProviderId, providerIds } from '../providers/ids.js';
import { CliUsageError } from './io.js';

/** The config file names looked for in the working directory, in this order. */
export const configFileNames = ['job-contracts.config.json', 'job-contracts.config.yaml', 'job-contracts.config.yml'] as const;

/** `--spec` and `--scenarios` as commander parses them. */
export interface ProviderFlags {
  spec?: string[];
  scenarios?: string[];
}

/** A provider of the user's own, with absolute paths. */
export interface OwnProvider {
  id: string;
  spec: string;
  scenarios: string[];
}

/** The providers a command works with. */
export interface ResolvedProviders {
  /** Every provider id served, built-in ones first. */
  ids: string[];
  builtins: boolean;
  own: OwnProvider[];
  /** Extra folders laid out as `<dir>/<id>/<name>.yaml` (built-ins' extra scenarios). */
  scenarioDirs: string[];
  /** What `createMock({ providers })` takes. */
  sources: Array<ProviderId | ProviderSource>;
  /** id → spec file of the user's providers: what `createContracts({ files })` takes. */
  files: Map<string, string>;
  /** Where the list came from, for messages. */
  origin: string;
}

/** Adds `--spec <file…>` and `--scenarios <dir…>` to a command (before its action). */
export function addProviderOptions(command: Command): Command {
  return command
    .option('--spec <file...>', "your provider's OpenAPI spec (x-job-lifecycle, x-job-role, x-job-mock); the id is the file name. Default: job-contracts.config.{json,yaml} here, else the built-in providers")
    .option('--scenarios <dir...>', "scenario folders: with one --spec its own (<dir>/*.yaml), else <dir>/<provider>/<name>.yaml");
}

/** The help text of a `--provider` option: the ids come from the one generated list. */
export function providerHelp(what = 'provider'): string {
  return `${what}: ${providerIds.join(' | ')}, or the id of your own (--spec, config file)`;
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function requireFile(base: string, file: string, where: string): string {
  const path = resolve(base, file);
  if (!existsSync(path)) throw new CliUsageError(`${where} ${file}: no such file or folder. Check the path.`);
  if (isDir(path)) throw new CliUsageError(`${where} ${file}: a folder; pass the spec file (e.g. ${join(file, 'openapi.yaml')}).`);
  return path;
}

function requireDir(base: string, dir: string, where: string): string {
  const path = resolve(base, dir);
  if (!existsSync(path)) throw new CliUsageError(`${where} ${dir}: no such folder. Check the path.`);
  if (!isDir(path)) throw new CliUsageError(`${where} ${dir}: not a folder. Pass the folder that holds the scenario files.`);
  return path;
}

/** Parses job-contracts.config.{json,yaml}: `{ providers: [{ spec, scenarios?, id? }], builtins? }`. */
function readConfig(file: string): { providers: OwnProvider[]; builtins: boolean } {
  const name = file.split(/[\\/]/).pop() as string;
  const bad = (why: string): never => {
    throw new CliUsageError(`${name}: ${why}. Expected { "providers": [{ "spec": "path/to/spec.yaml", "scenarios": "path/to/scenarios" }], "builtins": false }.`);
  };
  let parsed: unknown;
  try {
    const text = readFileSync(file, 'utf8');
    parsed = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (cause) {
    bad(`cannot be read as ${file.endsWith('.json') ? 'JSON' : 'YAML'} (${(cause as Error).message.split('\n')[0]})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return bad('is not an object');
  const config = parsed as Record<string, unknown>;
  for (const key of Object.keys(config)) if (key !== 'providers' && key !== 'builtins') bad(`unknown field "${key}"`);
  if (config.builtins !== undefined && typeof config.builtins !== 'boolean') bad('"builtins" must be true or false');
  if (!Array.isArray(config.providers)) return bad('"providers" must be a list');
  const base = dirname(file);
  const providers = config.providers.map((entry: unknown, i): OwnProvider => {
    const at = `providers[${i}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return bad(`${at} is not an object`);
    const e = entry as Record<string, unknown>;
    for (const key of Object.keys(e)) if (!['spec', 'scenarios', 'id'].includes(key)) bad(`${at} has an unknown field "${key}"`);
    if (typeof e.spec !== 'string' || e.spec === '') return bad(`${at}.spec must be the path of a spec file`);
    const dirs = e.scenarios === undefined ? [] : typeof e.scenarios === 'string' ? [e.scenarios] : e.scenarios;
    if (!Array.isArray(dirs) || dirs.some((d) => typeof d !== 'string')) return bad(`${at}.scenarios must be a folder path or a list of them`);
    if (e.id !== undefined && (typeof e.id !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(e.id))) bad(`${at}.id must be lower-case letters, digits and dashes`);
    const spec = requireFile(base, e.spec, `${name} ${at}.spec`);
    return {
      id: typeof e.id === 'string' ? e.id : providerIdOfFile(spec),
      spec,
      scenarios: (dirs as string[]).map((d) => requireDir(base, d, `${name} ${at}.scenarios`)),
    };
  });
  return { providers, builtins: config.builtins === true };
}

/** The config file in `cwd`, if any. */
export function findConfigFile(cwd = process.cwd()): string | undefined {
  return configFileNames.map((name) => join(cwd, name)).find((file) => existsSync(file));
}

/**
 * Resolves the providers of a command: `--spec` files (their `--scenarios`), else the config
 * file in `cwd`, else the built-in ones (with `--scenarios` as extra folders). Throws a
 * CliUsageError (exit 2) for a missing file, a bad config or two providers with one id.
 */
export function resolveProviders(flags: ProviderFlags, cwd = process.cwd()): ResolvedProviders {
  const dirs = (flags.scenarios ?? []).map((d) => requireDir(cwd, d, '--scenarios'));
  let own: OwnProvider[];
  let builtins: boolean;
  let scenarioDirs: string[] = [];
  let origin: string;
  if (flags.spec && flags.spec.length > 0) {
    origin = '--spec';
    builtins = false;
    const specs = flags.spec.map((f) => {
      // --spec takes every word up to the next option, so a body file (or - for stdin) after it lands here.
      if (f === '-' || !/(^|\n)\s*["']?openapi["']?\s*:/.test(readFileSync(requireFile(cwd, f, '--spec'), 'utf8').slice(0, 65_536))) {
        throw new CliUsageError(`--spec ${f} is not an OpenAPI document (no "openapi:" field). --spec takes every file up to the next option: put other files before it, or end the list with --.`);
      }
      return resolve(cwd, f);
    });
    // One spec owns every --scenarios folder; several find theirs under <dir>/<id>/.
    own = specs.map((spec) => ({ id: providerIdOfFile(spec), spec, scenarios: specs.length === 1 ? dirs : [] }));
    if (specs.length > 1) scenarioDirs = dirs;
  } else {
    const config = findConfigFile(cwd);
    if (config) {
      origin = config.split(/[\\/]/).pop() as string;
      ({ providers: own, builtins } = readConfig(config));
    } else {
      origin = 'built-in';
      own = [];
      builtins = true;
    }
    scenarioDirs = dirs;
  }
  const builtinList: string[] = builtins ? [...providerIds] : [];
  const ids = [...builtinList.filter((id) => !own.some((o) => o.id === id)), ...own.map((o) => o.id)];
  const seen = new Set<string>();
  for (const o of own) {
    if (seen.has(o.id)) throw new CliUsageError(`two providers are called "${o.id}" (${origin}); give one another file name${origin === '--spec' ? '' : ' or an "id"'}.`);
    seen.add(o.id);
  }
  return {
    ids,
    builtins,
    own,
    scenarioDirs,
    sources: [...(builtinList.filter((id) => !seen.has(id)) as ProviderId[]), ...own.map((o) => ({ id: o.id, spec: o.spec, scenarios: o.scenarios }))],
    files: new Map(own.map((o) => [o.id, o.spec])),
    origin,
  };
}

/**
 * Checks a `--provider` value against the resolved ids. Without one, `required` commands take
 * the only provider there is (your one --spec) or ask for it.
 */
export function pickProvider(resolved: ResolvedProviders, provider: string | undefined, required = false): string | undefined {
  if (provider === undefined) {
    if (!required) return undefined;
    if (resolved.ids.length === 1) return resolved.ids[0];
    throw new CliUsageError(`pass --provider <id>: one of ${resolved.ids.join(', ')}.`);
  }
  if (!resolved.ids.includes(provider)) {
    const from = resolved.origin === 'built-in' ? '' : ` (providers from ${resolved.origin}${resolved.builtins ? ' and the built-in ones' : ''})`;
    throw new CliUsageError(`--provider must be one of ${resolved.ids.join(', ')}${from}, got "${provider}". For a provider of your own, pass its spec: --spec <file>.`);
  }
  return provider;
}

/** The sources to serve: every resolved one, or only `only`. */
export function sourcesOf(resolved: ResolvedProviders, only?: string): Array<ProviderId | ProviderSource> {
  return only === undefined ? resolved.sources : resolved.sources.filter((s) => (typeof s === 'string' ? s : s.id) === only);
}

/** A provider of your own without a single scenario would serve nothing: say so (exit 2). */
export function requireScenarios(resolved: ResolvedProviders, scenarioCount: (id: string) => number): void {
  for (const o of resolved.own) {
    if (scenarioCount(o.id) > 0) continue;
    const where = o.scenarios.length > 0 ? ` in ${o.scenarios.join(', ')}` : '';
    throw new CliUsageError(`${o.id} has no usable scenario files${where}: pass --scenarios <dir> (or "scenarios" in the config file) with <name>.yaml files; see README "Add your own job API".`);
  }
}
