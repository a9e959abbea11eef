import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/contracts/index.js';

const root = packageRoot();
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, { default?: string }> };

/** The source module behind a package subpath: ./dist/src/check/index.js → src/check/index.ts. */
function sourceOf(subpath: string): string {
  const target = pkg.exports[subpath]?.default;
  if (!target) throw new Error(`package.json exports no ${subpath}`);
  return join(root, target.replace(/^\.\/dist\//, '').replace(/\.js$/, '.ts'));
}

describe('README', () => {
  it('passes mock options after `--`, as npm needs (`npm run mock --port` would give npm the option)', () => {
    expect(readme).toContain('npm run mock -- --port 4011');
    expect(readme).not.toMatch(/npm run mock --(?!\s)/);
  });

  it('imports only what the package exports, from the subpath that exports it', async () => {
    const imports = [...readme.matchAll(/^import \{([^}]+)\} from '(job-contracts[^']*)'/gm)];
    expect(imports.length).toBeGreaterThan(3);
    for (const [, names, specifier] of imports) {
      const subpath = (specifier as string).replace(/^job-contracts/, '.') || '.';
      const module = (await import(sourceOf(subpath === '.' ? '.' : subpath))) as Record<string, unknown>;
      for (const name of (names as string).split(',').map((n) => n.trim()).filter((n) => n && !n.startsWith('type '))) {
        expect(module[name], `${name} from ${specifier}`).toBeDefined();
      }
    }
  });
});
