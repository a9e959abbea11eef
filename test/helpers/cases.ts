import { readFileSync } from 'node:fs';
import type { ValidationResult } from '../../src/contracts/index.js';

// biome-ignore lint/suspicious/noExplicitAny: fixtures are JSON that the cases reach into and mutate freely
export type Body = Record<string, any>;
/** What a validation case expects: ok, or the (pointer, rule) pairs, sorted. */
export type Want = { ok: true } | { ok: false; issues: Array<{ pointer: string; rule: string }> };
export type ResponseCase = [string, { given: { operation: string; status: number; contentType?: string; body: unknown }; want: Want }];
export type RequestCase = [string, { given: { operation: string; contentType?: string; body: unknown }; want: Want }];

/** Reads test/fixtures/<provider>/<name>.json. */
export function fixtureOf(provider: string): (name: string) => Body {
  return (name) => JSON.parse(readFileSync(new URL(`../fixtures/${provider}/${name}.json`, import.meta.url), 'utf8')) as Body;
}

/** A deep copy of `base` changed by `edit` (which may mutate its argument). */
export function changed(base: Body, edit: (copy: Body) => void): Body {
  const copy = structuredClone(base);
  edit(copy);
  return copy;
}

const byPlace = (a: { pointer: string; rule: string }, b: { pointer: string; rule: string }) => (a.pointer + a.rule).localeCompare(b.pointer + b.rule);

/** The result reduced to what the cases compare: ok, or the sorted (pointer, rule) pairs. */
export function summary(result: ValidationResult): Want {
  if (result.ok) return { ok: true };
  return { ok: false, issues: result.issues.map(({ pointer, rule }) => ({ pointer, rule })).sort(byPlace) };
}

export const OK: Want = { ok: true };

/** The expected issues, as (pointer, rule) pairs. */
export const bad = (...issues: Array<[pointer: string, rule: string]>): Want => ({ ok: false, issues: issues.map(([pointer, rule]) => ({ pointer, rule })).sort(byPlace) });
