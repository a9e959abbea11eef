import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../errors/index.js';
import type { Lifecycle } from '../lifecycle/schema.js';
import { type LoadCache, noCache } from '../core/ports.js';
import { digest } from './load-cache.js';
import { validateLifecycle } from './own-validators.js';
import { type JobRole, jobRoles, type ProviderId } from '../providers/ids.js';
import { parseYaml, YamlSyntaxError } from './yaml.js';

/** A JSON value as read from a spec or a response body. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** One media type of one response (or request body) of an operation. */
export interface MediaTypeEntry {
  mediaType: string;
  schema: Json | undefined;
}

/** One documented response of an operation. */
export interface ResponseEntry {
  status: string; // '200', '4XX' or 'default'
  description: string;
  content: MediaTypeEntry[];
  headers: string[];
}

/** One operation of a spec, with the OpenAPI-level `$ref`s already followed. */
export interface Operation {
  operationId: string;
  role: JobRole;
  method: string; // upper case
  path: string; // as in the spec, e.g. /v1/jobs/{jobId}
  parameters: Array<{ name: string; in: string; required: boolean; schema: Json | undefined }>;
  requestBody: { required: boolean; content: MediaTypeEntry[] } | undefined;
  responses: ResponseEntry[];
  security: Json | undefined;
  /** The operation's `x-job-mock` (how the mock plays this role), as written. */
  mock: Json | undefined;
  /** `x-job-created` of a createJob operation: where its 2xx answer names the new job. */
  created?: JobCreated;
}

/**
 * `x-job-created`: `{ idPointer: /job_id }` (a JSON pointer into the 2xx body: the id, or a
 * resource name ending in the getJob path's last segments, `operations/{id}`) or
 * `{ idHeader: operation-location }` (a header whose URL ends in the getJob path of the new job).
 */
export type JobCreated = { idPointer: string } | { idHeader: string };

/** The `x-job-*` keys an operation may carry; any other is a typo, refused at load. */
export const operationExtensions = ['x-job-role', 'x-job-created', 'x-job-mock'] as const;

function readCreated(op: JsonObject, where: string, file: string): JobCreated | undefined {
  const raw = op['x-job-created'];
  if (raw === undefined) return undefined;
  const keys = isObject(raw) ? Object.keys(raw) : [];
  const fix = 'Write x-job-created: { idPointer: /job_id } or { idHeader: operation-location }.';
  if (!isObject(raw) || keys.length !== 1) throw new ConfigError(`${where} has a malformed x-job-created. ${fix}`, { file });
  if (typeof raw.idPointer === 'string' && /^(\/([^~/]|~[01])*)+$/.test(raw.idPointer)) return { idPointer: raw.idPointer };
  if (typeof raw.idHeader === 'string' && /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(raw.idHeader)) return { idHeader: raw.idHeader.toLowerCase() };
  throw new ConfigError(`${where} has a malformed x-job-created (${keys[0]}). ${fix}`, { file });
}

/** A provider's contract: the spec document and what the toolkit reads from it. */
export interface Spec {
  /** The provider's id: the spec file's name without `.yaml` (or the id it was loaded under). */
  provider: string;
  file: string;
  /** SHA-1 (base64url) of the spec file's text: what cached start-up work is keyed by. */
  digest: string;
  document: JsonObject;
  serverUrl: string;
  operations: Operation[];
  lifecycle: Lifecycle;
  /** The component schema name that carries `x-job-lifecycle`. */
  jobSchema: string;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Follows an internal `#/...` reference inside the document. */
function followRef(document: JsonObject, node: Json | undefined, file: string): Json | undefined {
  let current = node;
  for (let hops = 0; isObject(current) && typeof current.$ref === 'string'; hops++) {
    if (hops > 20) throw new ConfigError(`${file}: $ref cycle at ${current.$ref}`, { file });
    const ref = current.$ref;
    if (!ref.startsWith('#/')) throw new ConfigError(`${file}: only internal $refs are supported, found ${ref}`, { file });
    let target: Json | undefined = document;
    for (const raw of ref.slice(2).split('/')) {
      const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      target = isObject(target) ? target[key] : undefined;
    }
    if (target === undefined) throw new ConfigError(`${file}: $ref ${ref} points at nothing. Fix the reference.`, { file });
    current = target;
  }
  return current;
}

function readContent(document: JsonObject, content: Json | undefined, file: string): MediaTypeEntry[] {
  if (!isObject(content)) return [];
  return Object.entries(content).map(([mediaType, entry]) => ({
    mediaType: mediaType.toLowerCase(),
    schema: isObject(entry) ? entry.schema : undefined,
  }));
}

const methods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

function readOperations(document: JsonObject, file: string): Operation[] {
  const operations: Operation[] = [];
  const paths = isObject(document.paths) ? document.paths : {};
  for (const [path, rawItem] of Object.entries(paths)) {
    const item = followRef(document, rawItem, file);
    if (!isObject(item)) continue;
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of methods) {
      const op = item[method];
      if (!isObject(op)) continue;
      const where = `${file}: ${method.toUpperCase()} ${path}`;
      const role = op['x-job-role'];
      if (typeof role !== 'string' || !(jobRoles as readonly string[]).includes(role)) {
        throw new ConfigError(`${where} has x-job-role ${JSON.stringify(role)}; use one of ${jobRoles.join(', ')}.`, { file });
      }
      if (typeof op.operationId !== 'string') throw new ConfigError(`${where} has no operationId. Add one.`, { file });
      const unknown = Object.keys(op).find((k) => k.startsWith('x-job-') && !(operationExtensions as readonly string[]).includes(k));
      if (unknown) throw new ConfigError(`${where} has ${unknown}, which is not an operation extension; use one of ${operationExtensions.join(', ')}.`, { file });
      const created = readCreated(op, where, file);
      if (created && role !== 'createJob') throw new ConfigError(`${where} has x-job-created but x-job-role ${role}; it belongs on createJob operations.`, { file });
      const parameters = [...shared, ...(Array.isArray(op.parameters) ? op.parameters : [])]
        .map((p) => followRef(document, p, file))
        .filter(isObject)
        .map((p) => ({ name: String(p.name), in: String(p.in), required: p.required === true, schema: p.schema }));
      const body = followRef(document, op.requestBody, file);
      const responses: ResponseEntry[] = [];
      for (const [status, rawResponse] of Object.entries(isObject(op.responses) ? op.responses : {})) {
        const response = followRef(document, rawResponse, file);
        if (!isObject(response)) continue;
        responses.push({
          status: status.toUpperCase(),
          description: typeof response.description === 'string' ? response.description : '',
          content: readContent(document, response.content, file),
          headers: Object.keys(isObject(response.headers) ? response.headers : {}),
        });
      }
      operations.push({
        operationId: op.operationId,
        role: role as JobRole,
        method: method.toUpperCase(),
        path,
        parameters,
        requestBody: isObject(body) ? { required: body.required === true, content: readContent(document, body.content, file) } : undefined,
        responses,
        security: op.security ?? document.security,
        mock: op['x-job-mock'],
        ...(created ? { created } : {}),
      });
    }
  }
  return operations;
}

function findLifecycle(document: JsonObject, file: string, text: string, checked: boolean): { lifecycle: Lifecycle; jobSchema: string } {
  const components = isObject(document.components) ? document.components : {};
  const schemas = isObject(components.schemas) ? components.schemas : {};
  const found = Object.entries(schemas).filter(([, s]) => isObject(s) && s['x-job-lifecycle'] !== undefined);
  if (found.length !== 1) {
    throw new ConfigError(
      `${file}: expected exactly one component schema with x-job-lifecycle, found ${found.length}. Put it on the job schema.`,
      { file },
    );
  }
  const [name, schema] = found[0] as [string, JsonObject];
  // A malformed x-job-lifecycle must fail at load, not as a TypeError while checking.
  const validate = checked ? undefined : validateLifecycle;
  if (validate && !validate(schema['x-job-lifecycle'])) {
    const first = validate.errors?.[0];
    const line = text.split('\n').findIndex((l) => /^\s*x-job-lifecycle:/.test(l)) + 1;
    throw new ConfigError(
      `${file}:${line > 0 ? ` line ${line}:` : ''} x-job-lifecycle of ${name}${first?.instancePath ? ` at ${first.instancePath}` : ''} ${first?.message ?? 'is invalid'} (rule ${first?.keyword}). Fix the lifecycle (format in the README).`,
      { file },
    );
  }
  return { lifecycle: schema['x-job-lifecycle'] as unknown as Lifecycle, jobSchema: name };
}

/**
 * Reads and parses `specs/<provider>.yaml`, with messages that name the file and line. With a
 * cache (see load-cache.ts), a spec read before with the same text skips the YAML parse and the
 * lifecycle check, which it passed then.
 */
export function loadSpec(provider: ProviderId, specsDir: string, cache: LoadCache = noCache): Spec {
  return loadSpecFile(join(specsDir, `${provider}.yaml`), provider, cache);
}

/** Reads and parses one spec file of any provider (a user's own); `provider` is its id. */
export function loadSpecFile(file: string, provider: string, cache: LoadCache = noCache): Spec {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new ConfigError(`Cannot read ${file}: ${(cause as Error).message}. Restore the spec or pass another specs folder.`, { file, cause });
  }
  const cached = cache.get<JsonObject>('spec', text);
  let document: unknown = cached;
  if (cached === undefined) {
    try {
      document = parseYaml(text);
    } catch (cause) {
      const where = cause instanceof YamlSyntaxError && cause.line !== undefined ? ` line ${cause.line}` : '';
      throw new ConfigError(`Cannot load ${file}:${where}: ${(cause as Error).message.split('\n')[0]}. Fix the YAML.`, { file, cause });
    }
  }
  if (!isObject(document) || typeof document.openapi !== 'string' || !document.openapi.startsWith('3.1')) {
    throw new ConfigError(`${file} is not an OpenAPI 3.1 document (no "openapi: 3.1.x" at the top).`, { file });
  }
  const servers = Array.isArray(document.servers) ? document.servers : [];
  const first = servers[0];
  const serverUrl = isObject(first) && typeof first.url === 'string' ? first.url : '';
  const spec: Spec = { provider, file, digest: digest(text), document, serverUrl, operations: readOperations(document, file), ...findLifecycle(document, file, text, cached !== undefined) };
  if (cached === undefined) cache.set('spec', text, document);
  return spec;
}
