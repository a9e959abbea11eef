/**
 * Loads one provider from files: its spec (built-in or the user's), its `x-job-mock`, and its
 * scenario files, each checked against the spec at load (a pass is kept in the start-up cache).
 * The mock builds on this at start and again on every `--watch` reload.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ContractSet } from '../contracts/contracts.js';
import type { LoadCache } from '../core/ports.js';
import { packageRoot } from '../contracts/package-root.js';
import { checkScenario } from '../core/check-scenario.js';
import { type Definition, loadDefinition, type ProviderHooks } from '../core/load-definition.js';
import type { Scenario } from '../core/scenario.js';
import type { ConfigError } from '../errors/index.js';
import { builtinHooks } from '../providers/hooks.js';
import { loadScenarioDir } from './scenarios.js';

/** Where a provider comes from: a built-in id, or the user's spec and scenario folders. */
export interface ResolvedSource {
  id: string;
  /** The user's spec file; undefined for a built-in provider. */
  spec?: string;
  scenarios?: readonly string[];
  hooks?: ProviderHooks;
}

/** A loaded provider: what the mock serves, and what a watcher should watch. */
export interface LoadedProvider {
  definition: Definition;
  scenarios: Map<string, Scenario>;
  /** The file each scenario came from. */
  files: Map<string, string>;
  /** Scenario files that could not be used, each a ConfigError naming file, line or step, and rule. */
  problems: ConfigError[];
  /** The spec file and the scenario folders. */
  watch: string[];
}

/** The folder of a provider's scenarios inside `dir`: `<dir>/<id>` when it exists, else `dir` itself when `direct`. */
function scenarioFolder(dir: string, provider: string, direct: boolean): string | undefined {
  const nested = join(dir, provider);
  if (existsSync(nested)) return nested;
  return direct ? dir : undefined;
}

/** Loads one provider; throws ConfigError when its spec cannot be used. */
export function loadProvider(source: ResolvedSource, options: { contracts: ContractSet; cache: LoadCache; extraDirs: readonly string[]; single: boolean }): LoadedProvider {
  const { id } = source;
  const own = source.spec !== undefined;
  const contract = options.contracts.get(id);
  const definition = loadDefinition(contract, source.hooks ?? (own ? {} : builtinHooks[id]), options.cache);
  const folders = [
    ...(own ? [] : [join(packageRoot(), 'scenarios', id)]),
    ...(source.scenarios ?? []).map((dir) => scenarioFolder(dir, id, true) as string),
    ...options.extraDirs.flatMap((dir) => scenarioFolder(dir, id, own && options.single) ?? []),
  ];
  const scenarios = new Map<string, Scenario>();
  const files = new Map<string, string>();
  const problems: ConfigError[] = [];
  for (const folder of folders) {
    const loaded = loadScenarioDir(folder, options.cache);
    problems.push(...loaded.errors);
    for (const s of loaded.scenarios) {
      scenarios.set(s.name, s);
      // The loader checks that a scenario's name is its file name: messages name the real file.
      const base = join(folder, s.name);
      files.set(s.name, ['.yaml', '.yml', '.json'].map((ext) => base + ext).find((file) => existsSync(file)) ?? base);
    }
  }
  for (const [name, scenario] of [...scenarios]) {
    // The check's outcome depends on the toolkit's code (in the cache's fingerprint), the spec
    // and the scenario: a pass is remembered under those.
    const checked = `${id}\u0000${contract.spec.digest}\u0000${JSON.stringify(scenario)}`;
    if (options.cache.get<boolean>('check', checked)) continue;
    try {
      checkScenario(scenario, files.get(name) ?? name, definition);
      options.cache.set('check', checked, true);
    } catch (error) {
      problems.push(error as ConfigError);
      scenarios.delete(name);
    }
  }
  return { definition, scenarios, files, problems, watch: [contract.spec.file, ...folders] };
}
