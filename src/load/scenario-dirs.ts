import { readdirSync, statSync } from 'node:fs';
import { ConfigError } from '../errors/index.js';

const SCENARIO_FILE = /\.(ya?ml|json)$/;

/**
 * Checks the layout of extra scenario folders (`<dir>/<provider>/<name>.yaml`) before anything
 * is loaded: a folder that does not exist, a subfolder named after no provider, or scenario
 * files straight in `<dir>` would otherwise add nothing, silently. Files straight in `<dir>` are
 * allowed when the mock serves one provider of your own (`--spec x.yaml --scenarios dir`).
 */
export function checkScenarioDirs(dirs: readonly string[], providers: readonly string[], allowLoose = false): void {
  const layout = `Lay it out as <dir>/<provider>/<name>.yaml, <provider> one of ${providers.join(', ')}.`;
  for (const dir of dirs) {
    let entries: string[];
    try {
      if (!statSync(dir).isDirectory()) throw new ConfigError(`--scenarios ${dir}: not a folder. ${layout}`, { file: dir });
      entries = readdirSync(dir);
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      throw new ConfigError(`--scenarios ${dir}: no such folder (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}). Check the path.`, { file: dir, cause: error });
    }
    const loose = entries.filter((name) => SCENARIO_FILE.test(name));
    if (loose.length > 0 && !allowLoose) throw new ConfigError(`--scenarios ${dir}: ${loose[0]} is not in a provider's folder. ${layout}`, { file: dir });
    for (const name of entries) {
      if (name.startsWith('.')) continue;
      let folder = false;
      try {
        folder = statSync(`${dir}/${name}`).isDirectory();
      } catch {
        // a dangling link: not a provider folder either
      }
      if (folder && !providers.includes(name)) throw new ConfigError(`--scenarios ${dir}: "${name}" names no provider. ${layout}`, { file: `${dir}/${name}` });
    }
  }
}
