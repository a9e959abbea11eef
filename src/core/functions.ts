/**
 * The template functions every step and answer can use: the job's identity, time, its input
 * and document, seeded random values and faker text. Role answers and hooks add their own.
 * @see ../../docs/provider-format.md#templates
 */
import type { Random } from './random.js';
import { getAt, type JsonObject } from './pointer.js';
import { numberArg, pointerArg, type TemplateFunction, TemplateError } from './template.js';

/** A table of template functions: name → (args, pointer, call) → value. */
export type FunctionTable = Record<string, TemplateFunction>;

/** What the engine knows about one job, for templates. */
export interface JobIdentity {
  id: string;
  index: number;
  tenant: string;
  /** Epoch ms of creation. */
  createdAt: number;
  input: JsonObject;
  random: Random;
  /** Seeded faker: `fake('lorem.sentence', key)`. */
  fake(path: string, key: string): unknown;
  tenantVars: Record<string, unknown>;
  /** A value generated from the job schema at a pointer of the job document. */
  generate(pointer: string, key: string): unknown;
}

/**
 * Go's `time.RFC3339Nano`: the fraction without trailing zeros, none when zero.
 * @example rfc3339nano('2026-01-01T00:00:01.500Z') // '2026-01-01T00:00:01.5Z'
 */
export function rfc3339nano(iso: string): string {
  return iso.replace(/\.(\d+)Z$/, (_m, fraction: string) => {
    const trimmed = fraction.replace(/0+$/, '');
    return trimmed ? `.${trimmed}Z` : 'Z';
  });
}

/** An epoch-ms instant as `format` says: iso (default), rfc3339nano, basic (`20260101T000000Z`),
 *  basic-date (`20260101`), epoch (ms), seconds. */
export function formatTime(ms: number, format: string | undefined): unknown {
  const iso = new Date(ms).toISOString();
  switch (format ?? 'iso') {
    case 'iso':
      return iso;
    case 'rfc3339nano':
      return rfc3339nano(iso);
    case 'basic':
      return iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    case 'basic-date':
      return iso.slice(0, 10).replace(/-/g, '');
    case 'epoch':
      return ms;
    case 'seconds':
      return Math.floor(ms / 1000);
    default:
      throw new TemplateError(`{{time}} formats are iso, rfc3339nano, basic, basic-date, epoch and seconds; got "${format}".`);
  }
}

function randomKey(pointer: string, args: readonly string[], from: number): string {
  const extra = args.slice(from).join(' ');
  return extra ? `${pointer}#${extra}` : pointer;
}

/** The job's functions; `atMs` is the current step's offset from creation, `doc` the document now. */
export function jobFunctions(job: JobIdentity, atMs: number, doc: () => unknown, action?: unknown): FunctionTable {
  const state = (args: readonly string[], name: string) => getAt(doc(), pointerArg(name, args));
  return {
    'job.id': () => job.id,
    'job.idNumber': () => Number(job.id),
    'job.index': () => job.index,
    'job.serial': () => job.index + 1,
    'job.tenant': () => job.tenant,
    tenant: (args) => {
      const name = args[0] ?? '';
      if (!Object.prototype.hasOwnProperty.call(job.tenantVars, name)) throw new TemplateError(`{{tenant ${name}}}: tenant ${job.tenant} has no variable "${name}" in x-job-mock.tenants.`);
      return job.tenantVars[name];
    },
    created: (args) => formatTime(job.createdAt, args[0]),
    time: (args) => formatTime(job.createdAt + atMs, args[0]),
    input: (args) => getAt(job.input, pointerArg('input', args)),
    // The input at a pointer, or null when it is missing or empty (`{}`, `[]`, `""`).
    inputOrNull: (args) => {
      const value = getAt(job.input, pointerArg('inputOrNull', args));
      const empty = value === undefined || value === '' || (Array.isArray(value) ? value.length === 0 : typeof value === 'object' && value !== null && Object.keys(value).length === 0);
      return empty ? null : value;
    },
    state: (args) => state(args, 'state'),
    last: (args) => {
      const list = state(args, 'last');
      return Array.isArray(list) ? (list[list.length - 1] ?? null) : null;
    },
    count: (args) => {
      const list = state(args, 'count');
      return Array.isArray(list) ? list.length : 0;
    },
    action: (args) => getAt(action, pointerArg('action', args)),
    uuid: (args, p) => job.random.uuid(randomKey(p, args, 0)),
    ulid: (args, p) => job.random.ulid(randomKey(p, args, 0), job.createdAt + atMs),
    hex: (args, p) => job.random.hex(randomKey(p, args, 1), numberArg('hex', args, 0)),
    base62: (args, p) => job.random.base62(randomKey(p, args, 1), numberArg('base62', args, 0)),
    digits: (args, p) => job.random.int(randomKey(p, args, 1), 10 ** (numberArg('digits', args, 0) - 1), 10 ** numberArg('digits', args, 0) - 1).toString(),
    int: (args, p) => job.random.int(randomKey(p, args, 2), numberArg('int', args, 0), numberArg('int', args, 1)),
    pick: (args, p) => {
      if (args.length === 0) throw new TemplateError('{{pick}} needs at least one value to pick from.');
      const chosen = job.random.pick(p, args);
      return /^-?\d+(\.\d+)?$/.test(chosen) ? Number(chosen) : chosen;
    },
    text: (args, p) => job.fake('hacker.phrase', randomKey(p, args, 0)),
    words: (args, p) => job.fake(`lorem.words:${numberArg('words', args, 0, 3)}`, randomKey(p, args, 1)),
    fake: (args, p) => job.fake(args[0] ?? '', randomKey(p, args, 1)),
    generate: (_args, p) => job.generate(p, p),
  };
}

/**
 * The functions of an item template: the item's own fields, its 0-based `index`, and `seq`, its
 * 1-based position — or with `seq <base> <stride>`, base + job.index × stride + position, an
 * integer unique across the provider's jobs (event ids numbered per provider, not per job).
 */
export function itemFunctions(job: JobIdentity, extra: { item: unknown; index: number }): FunctionTable {
  return {
    item: (args) => getAt(extra.item, pointerArg('item', args)),
    index: () => extra.index,
    seq: (args) => (args.length === 0 ? extra.index + 1 : numberArg('seq', args, 0) + job.index * numberArg('seq', args, 1, 1000) + extra.index + 1),
  };
}
