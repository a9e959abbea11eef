/**
 * Applies step operations to a job document: set, merge, append, remove, each — then the
 * provider's item templates on every array a value landed in.
 * @see ../../docs/provider-format.md#scenario-files
 */
import { childPointer, getAt, isObject, type JsonObject, matchesPattern, objectOf, removeAt, setAt, splitPointer } from './pointer.js';
import type { StepOps } from './scenario.js';
import { type Resolver, renderValue } from './template.js';

/** An item template: merged under every item of the arrays its pattern matches. */
export interface ItemTemplate {
  pattern: readonly string[];
  template: JsonObject;
}

/** Resolves templates at a pointer; `item` context is added for item templates. */
export type StepResolver = (extra?: { item: unknown; index: number }) => Resolver;

/** Merges `under` beneath `over`: `over`'s members win, objects merge deeply. */
export function mergeUnder(under: unknown, over: unknown): unknown {
  if (!isObject(under) || !isObject(over)) return over === undefined ? under : over;
  const out = objectOf(Object.keys(under).map((k) => [k, under[k]]));
  for (const key of Object.keys(over)) out[key] = key in out ? mergeUnder(out[key], over[key]) : over[key];
  return out;
}

/** One item of the array at `arrayPointer`, with the templates matching that array merged under it. */
function decorateItem(item: unknown, arrayPointer: string, index: number, items: readonly ItemTemplate[], resolver: StepResolver): unknown {
  const arrayParts = splitPointer(arrayPointer);
  const at = childPointer(arrayPointer, index);
  let next = item;
  for (const t of items) if (matchesPattern(t.pattern, arrayParts)) next = mergeUnder(renderValue(t.template, resolver({ item, index }), at), next);
  return decorate(next, at, items, resolver);
}

/** Walks `value` (landing at `pointer`) and merges item templates under matching arrays' items. */
export function decorate(value: unknown, pointer: string, items: readonly ItemTemplate[], resolver: StepResolver): unknown {
  if (items.length === 0) return value;
  if (Array.isArray(value)) return value.map((item, index) => decorateItem(item, pointer, index, items, resolver));
  if (isObject(value)) {
    for (const key of Object.keys(value)) value[key] = decorate(value[key], childPointer(pointer, key), items, resolver);
  }
  return value;
}

function matches(item: unknown, where: Record<string, unknown> | undefined): boolean {
  if (!where) return true;
  return Object.keys(where).every((key) => {
    const want = where[key];
    const got = getAt(item, key.startsWith('/') ? key : `/${key}`);
    return Array.isArray(want) ? want.includes(got) : got === want;
  });
}

/** True when the ops change the document at all. */
export function hasOps(ops: StepOps): boolean {
  return ops.set !== undefined || ops.merge !== undefined || ops.append !== undefined || ops.remove !== undefined || ops.each !== undefined;
}

/** Applies `ops` to `doc` in place. Templates see the document as it is when each op runs. */
export function applyOps(doc: JsonObject, ops: StepOps, items: readonly ItemTemplate[], resolver: StepResolver): void {
  const place = (pointer: string, raw: unknown) => decorate(renderValue(raw, resolver(), pointer), pointer, items, resolver);
  for (const [pointer, raw] of Object.entries(ops.set ?? {})) setAt(doc, pointer, place(pointer, raw));
  for (const [pointer, raw] of Object.entries(ops.merge ?? {})) {
    const rendered = place(pointer, raw);
    setAt(doc, pointer, mergeUnder(getAt(doc, pointer), rendered));
  }
  for (const [pointer, raw] of Object.entries(ops.append ?? {})) {
    let list = getAt(doc, pointer);
    if (!Array.isArray(list)) {
      list = [];
      setAt(doc, pointer, list);
    }
    const array = list as unknown[];
    for (const item of raw) {
      const rendered = renderValue(item, resolver(), childPointer(pointer, array.length));
      array.push(decorateItem(rendered, pointer, array.length, items, resolver));
    }
  }
  for (const pointer of ops.remove ?? []) removeAt(doc, pointer);
  for (const [pointer, rule] of Object.entries(ops.each ?? {})) {
    const list = getAt(doc, pointer);
    if (!Array.isArray(list)) continue;
    list.forEach((item, index) => {
      if (!isObject(item) || !matches(item, rule.where)) return;
      const base = childPointer(pointer, index);
      for (const [sub, raw] of Object.entries(rule.set)) setAt(item, sub, renderValue(raw, resolver({ item, index }), base + sub));
    });
  }
}
