/**
 * The engine knows no provider: no built-in provider's id and no field name of any provider's
 * job schema appears in src/ outside the providers' own place (src/providers/: hook files and their index).
 * @see ../../docs/provider-format.md
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/contracts/index.js';
import { parse } from 'yaml';

const root = packageRoot();
const specs = readdirSync(join(root, 'specs')).filter((f) => f.endsWith('.yaml'));

/** Field names generic enough to be anyone's (and ours): not a provider's particulars. */
const generic = new Set(['allowedValues', 'minLength', 'maxLength', 'id', 'status', 'type', 'message', 'error', 'result', 'progress', 'code', 'name', 'data', 'details', 'items', 'metadata', 'events', 'stage', 'done', 'response', 'request', 'label', 'kind', 'role', 'meta', 'url', 'field', 'total', 'limit', 'offset', 'input', 'output', 'timestamp', 'hostname', 'changed', 'timeline', 'jobs', 'job', 'action', 'content', 'description', 'operation', 'target', 'detail', 'value', 'state', 'operations', 'request_id', 'jobId', 'job_id', 'created_at', 'updated_at', 'createdAt', 'updatedAt', 'retries', 'logs', 'error_message', 'since', 'scopes', 'tenant', 'seq', 'cursor', 'visibility', 'event', 'duration', 'artifacts', 'extra']);

function fieldNames(node: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(node)) for (const item of node) fieldNames(item, out);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'properties' && value && typeof value === 'object') for (const name of Object.keys(value)) out.add(name);
      fieldNames(value, out);
    }
  }
  return out;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    // src/providers/ is the providers' own place: their hook files and the index of them.
    if (statSync(path).isDirectory()) return relative(join(root, 'src'), path) === 'providers' ? [] : sources(path);
    return /\.(ts|js)$/.test(name) ? [path] : [];
  });
}

describe('the engine is provider-neutral', () => {
  const ids = specs.map((f) => f.replace(/\.yaml$/, '')).filter((id) => id !== 'scenario'); // "scenario" is also the engine's own word
  const fields = new Set<string>();
  for (const file of specs) fieldNames(parse(readFileSync(join(root, 'specs', file), 'utf8')).components?.schemas, fields);
    // A provider's own names: snake_case, camelCase, or long words (clarification, hypothesis);
  // short plain words (node, color, provider) are everyone's English.
  const particular = [...fields].filter((f) => !generic.has(f) && (/_|[a-z][A-Z]/.test(f) || f.length >= 10));

  it('finds the particulars it looks for (the check itself works)', () => {
    expect(ids.length).toBeGreaterThanOrEqual(5);
    expect(particular.length).toBeGreaterThan(20);
  });

  it.each(sources(join(root, 'src')).map((f) => [relative(root, f), f]))('%s names no provider and no provider field', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const found = [
      ...ids.filter((id) => new RegExp(`['"\`/]${id}['"\`/]|\\b${id}\\b`, 'i').test(text)),
      ...particular.filter((field) => new RegExp(`\\b${field}\\b`).test(text)),
    ];
    expect(found).toEqual([]);
  });
});
