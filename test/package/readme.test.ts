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

describe('README, mock section', () => {
  it('lists every credential the mock accepts, with its scopes, as the specs define them', async () => {
    const { createMock } = await import('../../src/mock/mock.js');
    const table = /<!-- credentials:table -->([\s\S]*?)<!-- \/credentials:table -->/.exec(readme)?.[1] ?? '';
    for (const [id, provider] of createMock({ clock: 'manual', seedJobs: false }).providers) {
      for (const credential of provider.credentials) {
        const [[name, value]] = Object.entries(credential.headers) as [[string, string]];
        const row = table.split('\n').find((line) => line.includes(`\`${name}: ${value}\``));
        expect(row, `${id} ${credential.label}`).toBeDefined();
        expect(row).toContain(`| \`${id}\` | ${credential.label} |`);
        for (const scope of credential.scopes) expect(row).toContain(`\`${scope}\``);
      }
    }
  });

  it('says aisquare and scenario have no create endpoint, and how to create their jobs', () => {
    expect(readme).toMatch(/aisquare and scenario\s+have no create endpoint in their real APIs/);
    expect(readme).toMatch(/POST \/__admin\/jobs \{"provider": "scenario"/);
  });
});
