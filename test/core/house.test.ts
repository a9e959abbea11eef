/**
 * The house shows its rooms (issue 14): nothing the core loads — src/core/ and every module it
 * reaches — imports a `node:*` module or uses a node-only global (so MSW can run it in a
 * browser), and no file in src/ runs past ~300 lines without saying why in its header.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { build } from 'esbuild';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/contracts/index.js';

const root = packageRoot();
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.ts$/.test(name) ? [path] : [];
  });

/** Globals node has and a browser does not. */
const nodeGlobals = new Set(['Buffer', 'process', 'require', '__dirname', '__filename', 'setImmediate', 'global']);
const builtins = new Set(builtinModules);

/** True for an identifier that names a value of the scope (not a property, a key or a type). */
function isFreeValue(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false;
  if (ts.isQualifiedName(parent) && parent.right === node) return false;
  if ((ts.isPropertyAssignment(parent) || ts.isPropertySignature(parent) || ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent)) && parent.name === node) return false;
  for (let up: ts.Node = parent; !ts.isSourceFile(up); up = up.parent) if (ts.isTypeNode(up)) return false;
  return true;
}

/**
 * What loading a file loads: the specifiers of its imports and re-exports that survive
 * `verbatimModuleSyntax` (`import type` and `export type` go; `import { type X }` stays, as an
 * empty import), dynamic `import('…')` and `require('…')`, plus the node-only globals it uses.
 */
function loadsOf(file: string, text = readFileSync(file, 'utf8')): { specifiers: string[]; globals: string[] } {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const specifiers: string[] = [];
  const globals = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly && ts.isStringLiteral(node.moduleSpecifier)) specifiers.push(node.moduleSpecifier.text);
    else if (ts.isExportDeclaration(node) && !node.isTypeOnly && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) specifiers.push(node.moduleSpecifier.text);
    else if (ts.isImportEqualsDeclaration(node) && !node.isTypeOnly && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) specifiers.push(node.moduleReference.expression.text);
    else if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) {
      const [first] = node.arguments;
      specifiers.push(first && ts.isStringLiteralLike(first) ? first.text : `(computed ${node.expression.getText(source)} of ${first?.getText(source)})`);
    } else if (ts.isIdentifier(node) && nodeGlobals.has(node.text) && isFreeValue(node)) globals.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { specifiers, globals: [...globals] };
}

/** A relative specifier as the .ts file it names (`./x.js` → `./x.ts`, `./dir` → `./dir/index.ts`). */
function resolveTs(from: string, specifier: string): string | undefined {
  const path = resolve(dirname(from), specifier);
  return [path.replace(/\.js$/, '.ts'), `${path}.ts`, join(path, 'index.ts')].find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
}

/**
 * Walks every module reachable from `entries` and lists what a browser cannot load, each as
 * the chain of imports that reaches it (`src/core/a.ts → src/contracts/b.ts → node:fs`).
 */
function nodeReach(entries: string[]): string[] {
  const parent = new Map<string, string | undefined>(entries.map((file) => [file, undefined]));
  const queue = [...entries];
  const found: string[] = [];
  const chain = (file: string): string => {
    const links: string[] = [];
    for (let at: string | undefined = file; at !== undefined; at = parent.get(at)) links.unshift(relative(root, at));
    return links.join(' → ');
  };
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    const { specifiers, globals } = loadsOf(file);
    for (const name of globals) found.push(`${chain(file)} uses the node global ${name}`);
    for (const specifier of specifiers) {
      if (specifier.startsWith('node:') || builtins.has(specifier) || builtins.has(specifier.split('/')[0] as string) || specifier.startsWith('(computed')) {
        found.push(`${chain(file)} → ${specifier}`);
        continue;
      }
      if (!specifier.startsWith('.')) continue; // a package: the bundle check below judges those
      const target = resolveTs(file, specifier);
      if (target === undefined) found.push(`${chain(file)} → ${specifier} (not found)`);
      else if (!parent.has(target)) {
        parent.set(target, file);
        queue.push(target);
      }
    }
  }
  return found;
}

describe('the house', () => {
  const core = files(join(root, 'src', 'core'));

  it('has a core', () => {
    expect(core.length).toBeGreaterThan(20);
  });

  it('has a core that reaches no node:* module and no node global, however indirectly', () => {
    const found = nodeReach(core);
    expect(found, `the core reaches node:\n  ${found.join('\n  ')}`).toEqual([]);
  });

  it('bundles for a browser (esbuild, platform browser): no module it reaches is node-only', async () => {
    // The packages the walk does not open (faker, ulid, ajv's runtime…) are judged here.
    const result = await build({ entryPoints: core, bundle: true, splitting: true, format: 'esm', platform: 'browser', write: false, outdir: join(root, 'browser-check'), logLevel: 'silent' }).catch((error: { errors: Array<{ text: string; location: { file: string } | null }> }) => error);
    const errors = 'errors' in result ? result.errors.map((e) => `${e.location?.file ?? '?'}: ${e.text}`) : [];
    expect(errors, `the core does not bundle for a browser:\n  ${errors.join('\n  ')}`).toEqual([]);
  });

  it('sees what the walk must see (value imports, require, import(), node globals, chains)', () => {
    // The assertion above is only as good as the walk: here it is on text with every case.
    const sample = [
      "import type { A } from 'node:fs';",
      "export type { B } from 'node:path';",
      "import { type C } from './c.js';",
      "export { D } from 'node:os';",
      "const r = require('fs');",
      "await import('node:url');",
      'Buffer.from(r);',
      'let t: NodeJS.Process;',
      'const o = { process: 1 };',
      'o.process;',
    ].join('\n');
    expect(loadsOf('sample.ts', sample)).toEqual({ specifiers: ['./c.js', 'node:os', 'fs', 'node:url'], globals: ['require', 'Buffer'] });
    expect(nodeReach([join(root, 'src', 'contracts', 'package-root.ts')])).toContain('src/contracts/package-root.ts → node:fs');
  });

  it.each(files(join(root, 'src')).map((f) => [relative(root, f), f]))('%s is short, or says why it is not', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n').length;
    if (lines <= 320) return;
    expect(text.slice(0, 1200)).toMatch(/\bone file\b|\blong because\b/i);
  });
});
