import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding job-contracts' own package.json — works from src/ under tsx and from a
 * built dist/ alike, so specs/ and scenarios/ are found wherever the package is installed.
 */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'job-contracts') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('job-contracts: cannot find its own package.json above ' + import.meta.url);
    dir = parent;
  }
}
