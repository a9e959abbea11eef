/**
 * The house shows its rooms (issue 14): the core imports no `node:*` module (so MSW can run it in
 * a browser), and no file in src/ runs past ~300 lines without saying why in its header.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/contracts/index.js';

const root = packageRoot();
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.ts$/.test(name) ? [path] : [];
  });

describe('the house', () => {
  const core = files(join(root, 'src', 'core'));

  it('has a core', () => {
    expect(core.length).toBeGreaterThan(20);
  });

  it.each(core.map((f) => [relative(root, f), f]))('%s imports no node:* module', (_name, file) => {
    const imports = [...readFileSync(file, 'utf8').matchAll(/(?:^|\n)\s*import\s[^;]*?from\s+['"](node:[^'"]+)['"]/g)].map((m) => m[1]);
    expect(imports).toEqual([]);
  });

  it.each(files(join(root, 'src')).map((f) => [relative(root, f), f]))('%s is short, or says why it is not', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n').length;
    if (lines <= 320) return;
    expect(text.slice(0, 1200)).toMatch(/\bone file\b|\blong because\b/i);
  });
});
