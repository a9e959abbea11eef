/**
 * The start-up cache on disk (the core's LoadCache, see ../core/ports.ts): keyed by the SHA-1 of
 * what the work read and scoped to a fingerprint of the toolkit's own code and lock file: edit a
 * spec, a scenario or any source file and the entry no longer matches.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CacheKind, type LoadCache, noCache } from '../core/ports.js';
import { packageRoot } from './package-root.js';

/** How many entries one cache file keeps (each spec, scenario and check is one). */
const MAX_ENTRIES = 512;
const FORMAT = 1;
const STALE_MS = 7 * 24 * 3_600_000;

interface CacheFile {
  format: number;
  entries: Record<string, unknown>;
}

/** SHA-1 of a text, base64url: the key of cache entries and the digest of a spec. */
export function digest(text: string): string {
  return createHash('sha1').update(text).digest('base64url');
}

let codeFingerprint: string | undefined;

/**
 * The toolkit's code as a hash: every .js/.ts file under the source root this module runs from
 * (src/ under tsx, dist/src/ when built), plus package.json (dependencies are pinned there), so
 * a code change or a dependency upgrade starts a new cache file. About 8 ms, once per process.
 * The same formula holds in a clone and in an installed package (which has no lock file), so
 * the cache shipped in dist/ matches the code shipped with it.
 */
export function fingerprint(): string {
  if (codeFingerprint) return codeFingerprint;
  const hash = createHash('sha1');
  const walk = (dir: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.[cm]?[jt]s$/.test(entry.name) && !/\.d\.[cm]?ts$/.test(entry.name)) hash.update(`${entry.name}\u0000`).update(readFileSync(path));
    }
  };
  walk(dirname(dirname(fileURLToPath(import.meta.url))));
  try {
    hash.update(readFileSync(join(packageRoot(), 'package.json')));
  } catch {
    // no manifest readable: the code alone
  }
  codeFingerprint = hash.digest('hex').slice(0, 16);
  return codeFingerprint;
}

/**
 * Where the cache lives unless told: `node_modules/.cache/job-contracts` of the project that
 * installed the package (or of this repository), the convention Babel, ESLint and Vite follow.
 */
export function defaultCacheDir(): string {
  const root = packageRoot();
  const parent = dirname(root);
  const modules = basename(parent) === 'node_modules' ? parent : join(root, 'node_modules');
  return join(modules, '.cache', 'job-contracts');
}

/** The directory to use: `false` or JOB_CONTRACTS_CACHE=off turns the cache off; JOB_CONTRACTS_CACHE_DIR moves it. */
export function resolveCacheDir(option: string | false | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (option === false) return undefined;
  if (option !== undefined) return option;
  if (/^(0|off|false|no)$/i.test(env.JOB_CONTRACTS_CACHE ?? '')) return undefined;
  return env.JOB_CONTRACTS_CACHE_DIR || defaultCacheDir();
}

/**
 * The start-up work for the built-in specs and scenarios, computed when the package was packed
 * (`prepack`) and shipped in dist/: a first start after install is as quick as a later one.
 * Read-only; used only when made by this very code.
 */
export function shippedCacheFile(): string {
  return join(packageRoot(), 'dist', 'startup-cache.json');
}

/** Writes the shipped cache from a cache folder's file for this code (run by `prepack`). */
export function writeShippedCache(dir: string): number {
  const entries = readEntries(cacheFileIn(dir));
  writeFileSync(shippedCacheFile(), JSON.stringify({ format: FORMAT, fingerprint: fingerprint(), entries }));
  return Object.keys(entries).length;
}

/** This code's cache file in a folder. */
function cacheFileIn(dir: string): string {
  return join(dir, `load-${fingerprint()}.json`);
}

/**
 * The entries of a cache file; none when it is absent, unreadable, of another format or, given
 * `madeBy`, not made by the code with that fingerprint (the shipped file says which).
 */
function readEntries(file: string, madeBy?: string): Record<string, unknown> {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<CacheFile> & { fingerprint?: string };
    const entries = parsed.entries;
    if (parsed.format === FORMAT && (madeBy === undefined || parsed.fingerprint === madeBy) && typeof entries === 'object' && entries !== null && !Array.isArray(entries)) return entries;
  } catch {
    // absent or unreadable: start empty
  }
  return {};
}

class Lossy extends Error {}

/** JSON text of a value that survives JSON.parse unchanged (plain objects, arrays, finite numbers), else undefined. */
function exactJson(value: unknown): string | undefined {
  try {
    return JSON.stringify(value, function (this: Record<string, unknown>, key, converted: unknown) {
      const raw = this[key];
      if (typeof raw === 'number' && !Number.isFinite(raw)) throw new Lossy();
      if (raw === undefined || typeof raw === 'function' || typeof raw === 'symbol') throw new Lossy();
      if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
        const proto = Object.getPrototypeOf(raw);
        if (proto !== Object.prototype && proto !== null) throw new Lossy();
      }
      return converted;
    });
  } catch {
    return undefined; // not exact (or a bigint, or a cycle): do the work again next time
  }
}

/** Opens the cache in `dir` (see resolveCacheDir); `undefined` gives one that remembers nothing. */
export function openLoadCache(dir: string | undefined): LoadCache {
  const off: LoadCache = { ...noCache, stats: { hits: 0, misses: 0, dir: undefined } };
  if (dir === undefined) return off;
  let file: string;
  try {
    file = cacheFileIn(dir);
  } catch {
    return off;
  }
  // This folder's entries win over the shipped ones (same keys mean the same inputs anyway).
  const entries = { ...readEntries(shippedCacheFile(), fingerprint()), ...readEntries(file) };
  // Values are kept as JSON text from the moment they are set: later changes to the live object
  // cannot leak into the file, and a value JSON cannot carry exactly is not stored at all.
  const added = new Map<string, string>();
  const used = new Set<string>();
  const stats = { hits: 0, misses: 0, dir };
  const keyOf = (kind: CacheKind, input: string) => `${kind}:${digest(input)}`;
  return {
    stats,
    get<T>(kind: CacheKind, input: string): T | undefined {
      const key = keyOf(kind, input);
      const value = entries[key];
      if (value === undefined) {
        stats.misses++;
        return undefined;
      }
      stats.hits++;
      used.add(key);
      return value as T;
    },
    set(kind, input, value) {
      const text = exactJson(value);
      if (text !== undefined) added.set(keyOf(kind, input), text);
    },
    save() {
      if (added.size === 0) return;
      try {
        // Another process may have written since we read: keep its entries, then ours, newest last.
        const merged = new Map<string, string>();
        const onDisk = readEntries(file);
        for (const [key, value] of Object.entries(onDisk)) if (!used.has(key)) merged.set(key, JSON.stringify(value));
        for (const key of used) if (key in onDisk) merged.set(key, JSON.stringify(onDisk[key]));
        for (const [key, text] of added) {
          merged.delete(key);
          merged.set(key, text);
        }
        const keys = [...merged.keys()].slice(-MAX_ENTRIES);
        mkdirSync(dir, { recursive: true });
        const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
        writeFileSync(temporary, `{"format":${FORMAT},"entries":{${keys.map((key) => `${JSON.stringify(key)}:${merged.get(key)}`).join(',')}}}`);
        renameSync(temporary, file);
        added.clear();
        // Another build of the same code (src/ under tsx, dist/) may still use its file, so a file
        // for another fingerprint goes once unused for a week; a crashed writer's temporary after an hour.
        const now = Date.now();
        for (const name of readdirSync(dir)) {
          const path = join(dir, name);
          const age = now - statSync(path).mtimeMs;
          if ((/^load-[0-9a-f]+\.json$/.test(name) && path !== file && age > STALE_MS) || (name.endsWith('.tmp') && age > 3_600_000)) rmSync(path, { force: true });
        }
      } catch {
        // read-only or full disk: the next start does the work again
      }
    },
  };
}
