import { readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { errorPointer } from '../contracts/issues.js';
import { type LoadCache, noCache } from '../core/ports.js';
import { validateScenario } from '../contracts/own-validators.js';
import { parseYaml, YamlSyntaxError } from '../contracts/yaml.js';
import { ConfigError } from '../errors/index.js';
import type { Scenario } from '../core/scenario.js';

function describePath(pointer: string): string {
  const match = /^\/steps\/(\d+)(.*)$/.exec(pointer);
  return match ? `step ${match[1]}${match[2] ? ` (${match[2].slice(1).replace(/\//g, '.')})` : ''}` : pointer ? pointer.slice(1).replace(/\//g, '.') : 'the file';
}

/** Parses and checks one scenario file (YAML or JSON). Errors name the file, line or step, and the rule. */
export function parseScenario(text: string, file: string): Scenario {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    if (!(error instanceof YamlSyntaxError)) throw error;
    throw new ConfigError(`${file}${error.line ? `:${error.line}` : ''}: ${error.message}. Fix the YAML.`, { file });
  }
  const validate = validateScenario;
  if (!validate(data)) {
    const first = validate.errors?.[0];
    const where = describePath(first?.instancePath ?? '');
    const extra = first?.keyword === 'additionalProperties' ? ` "${(first.params as { additionalProperty: string }).additionalProperty}"` : '';
    throw new ConfigError(`${file}: ${where}: ${first?.message ?? 'invalid'}${extra} (rule ${first?.keyword}). See the scenario format in the README.`, { file, pointer: first ? errorPointer(first) : '' });
  }
  const scenario = data as unknown as Scenario;
  const expected = basename(file, extname(file));
  if (scenario.name !== expected) throw new ConfigError(`${file}: name "${scenario.name}" must match the file name "${expected}".`, { file, pointer: '/name' });
  let previous = 0;
  scenario.steps.forEach((step, i) => {
    const resumed = i > 0 && scenario.steps[i - 1]?.wait === 'respond';
    if (!resumed && step.at < previous) throw new ConfigError(`${file}: step ${i}: "at" ${step.at} is before the previous step's ${previous} (rule: steps in time order).`, { file, pointer: `/steps/${i}/at` });
    previous = resumed ? step.at : Math.max(previous, step.at);
  });
  return scenario;
}

/** A folder's scenarios, and the files that could not be used (each a ConfigError). */
export interface LoadedScenarios {
  scenarios: Scenario[];
  errors: ConfigError[];
}

/**
 * Loads every *.yaml / *.yml / *.json in a folder, sorted by name; a bad file does not stop the
 * rest. With a cache, a file read before with the same name and text is not parsed again.
 */
export function loadScenarioDir(dir: string, cache: LoadCache = noCache): LoadedScenarios {
  const out: LoadedScenarios = { scenarios: [], errors: [] };
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /\.(ya?ml|json)$/.test(n)).sort();
  } catch {
    return out;
  }
  for (const name of names) {
    const file = join(dir, name);
    try {
      const text = readFileSync(file, 'utf8');
      // The name check compares with the file name, so the name is part of the key.
      const input = `${name}\u0000${text}`;
      let scenario = cache.get<Scenario>('scenario', input);
      if (!scenario) {
        scenario = parseScenario(text, file);
        cache.set('scenario', input, scenario);
      }
      out.scenarios.push(scenario);
    } catch (error) {
      out.errors.push(error instanceof ConfigError ? error : new ConfigError(`${file}: ${(error as Error).message}`, { file, cause: error }));
    }
  }
  return out;
}
