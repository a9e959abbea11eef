/**
 * Templates in provider data: `{{name arg …}}` inside any string. A string that is exactly one
 * `{{…}}` yields the raw value (a number stays a number, an object an object); otherwise each
 * `{{…}}` is replaced by its text; `\\{{` is a literal `{{`. An object member whose whole template
 * yields undefined is left out. What a name means is the caller's `Resolver`: the engine,
 * the roles and a provider's hooks each add their own names.
 * @see ../../docs/provider-format.md#templates
 */
import { childPointer, cloneJson, isObject, objectOf } from './pointer.js';

/** Answers one `{{name args}}`; `pointer` is where the value will land (seeds random values). */
export type Resolver = (name: string, args: readonly string[], pointer: string) => unknown;

/** A template names a function nobody defines, or gives it bad arguments. */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';
}

const WHOLE = /^\{\{\s*([^{}]*?)\s*\}\}$/;
const PART = /\{\{\s*([^{}]*?)\s*\}\}/g;

function call(expression: string, resolve: Resolver, pointer: string): unknown {
  const [name, ...args] = expression.split(/\s+/);
  if (!name) throw new TemplateError('An empty {{}} in a template.');
  return resolve(name, args, pointer);
}

function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** True when `value` holds a template anywhere. */
export function hasTemplate(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('{{');
  if (Array.isArray(value)) return value.some(hasTemplate);
  if (isObject(value)) return Object.keys(value).some((key) => hasTemplate(value[key]));
  return false;
}

/** Evaluates every template in `value` (a deep copy comes back; the input is never changed). */
export function renderValue(value: unknown, resolve: Resolver, pointer = ''): unknown {
  if (typeof value === 'string') {
    if (!value.includes('{{')) return value;
    // `\{{` is a literal `{{` (a provider's own text may hold braces).
    if (value.includes('\\{{')) return value.split('\\{{').map((part) => renderValue(part, resolve, pointer)).map(asText).join('{{');
    const whole = WHOLE.exec(value);
    if (whole) return cloneJson(call(whole[1] as string, resolve, pointer));
    return value.replace(PART, (_match, expression: string) => asText(call(expression, resolve, pointer)));
  }
  if (Array.isArray(value)) return value.map((item, i) => renderValue(item, resolve, childPointer(pointer, i)));
  if (isObject(value)) {
    // A member whose template yields nothing (undefined) is left out: `nextToken` on the last page.
    const entries = Object.keys(value).map((key) => [key, renderValue(value[key], resolve, childPointer(pointer, key))] as [string, unknown]);
    return objectOf(entries.filter(([, v]) => v !== undefined));
  }
  return value;
}

/** Calls another function of the same chain (what hooks use to read `id`, `time`, `state`…). */
export type CallOther = (name: string, args?: readonly string[]) => unknown;

/** One template function: its arguments, where the value lands, and a way to call the others. */
export type TemplateFunction = (args: readonly string[], pointer: string, call: CallOther) => unknown;

/** One resolver from several: the first that knows a name answers. */
export function chainResolvers(...resolvers: ReadonlyArray<Partial<Record<string, TemplateFunction>>>): Resolver {
  const resolve: Resolver = (name, args, pointer) => {
    for (const table of resolvers) {
      const fn = Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
      if (fn) return fn(args, pointer, (other, otherArgs = []) => resolve(other, otherArgs, pointer));
    }
    throw new TemplateError(`Unknown template function "{{${name}}}". See docs/provider-format.md#templates for the names.`);
  };
  return resolve;
}

/** A numeric argument, or a TemplateError naming the function. */
export function numberArg(name: string, args: readonly string[], i: number, fallback?: number): number {
  const raw = args[i];
  if (raw === undefined && fallback !== undefined) return fallback;
  const value = Number(raw);
  if (raw === undefined || !Number.isFinite(value)) throw new TemplateError(`{{${name}}} needs a number as argument ${i + 1}, got ${raw === undefined ? 'nothing' : `"${raw}"`}.`);
  return value;
}

/** A JSON-pointer argument, or a TemplateError naming the function. */
export function pointerArg(name: string, args: readonly string[], i = 0): string {
  const raw = args[i] ?? '';
  if (raw !== '' && !raw.startsWith('/')) throw new TemplateError(`{{${name}}} needs a JSON pointer (like /status) as argument ${i + 1}, got "${raw}".`);
  return raw;
}
