import { basename, join } from 'node:path';
import { ConfigError, UsageError } from '../errors/index.js';
import { type JobRole, jobRoles, type ProviderId, providerIds, isProviderId } from '../providers/ids.js';
import { compileSchemas, type Validator } from './compile.js';
import { jobSnapshotPlan } from './job-snapshot-plan.js';
import { type Issue, OK, toIssues, type ValidationResult } from './issues.js';
import { type LoadCache, noCache } from '../core/ports.js';
import { packageRoot } from './package-root.js';
import { type Json, loadSpec, loadSpecFile, type MediaTypeEntry, type Operation, type Spec } from './spec.js';

/** What `validateResponse` checks: one response of one operation. */
export interface ResponseInput {
  provider: ProviderId | string;
  /** An operationId or an `x-job-role`. */
  operation: string;
  status: number;
  /** The response's Content-Type header; the documented one is assumed when omitted. */
  contentType?: string | null;
  body: unknown;
}

/** What `validateRequest` checks: the request body of one operation. */
export interface RequestInput {
  provider: ProviderId | string;
  operation: string;
  contentType?: string | null;
  body: unknown;
}

/** A provider's contract, loaded and compiled once. */
export interface Contract {
  spec: Spec;
  /** Finds an operation by operationId or role (the first operation with that role). */
  operation(nameOrRole: string): Operation | undefined;
  validateResponse(input: Omit<ResponseInput, 'provider'>): ValidationResult;
  /**
   * What `validateResponse` runs on the body of a response of (operation, status, content
   * type): decided once and kept, so a caller that validates many answers alike can hold it.
   * Throws UsageError for an unknown operation, as `validateResponse` does.
   */
  responsePlan(operation: string, status: number, contentType?: string | null): (body: unknown) => ValidationResult;
  validateRequest(input: Omit<RequestInput, 'provider'>): ValidationResult;
}

function fail(issue: Issue): ValidationResult {
  return { ok: false, issues: [issue] };
}

function baseMediaType(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

function pickMedia(content: MediaTypeEntry[], contentType: string | null | undefined): MediaTypeEntry | undefined {
  if (contentType == null) return content[0];
  const wanted = baseMediaType(contentType);
  const [type] = wanted.split('/');
  return (
    content.find((c) => c.mediaType === wanted) ??
    content.find((c) => c.mediaType === `${type}/*`) ??
    content.find((c) => c.mediaType === '*/*') ??
    // application/problem+json and friends satisfy a documented application/json
    (wanted.endsWith('+json') ? content.find((c) => c.mediaType === 'application/json') : undefined)
  );
}

function key(op: Operation, where: string, mediaType: string): string {
  return `${op.operationId}\u0000${where}\u0000${mediaType}`;
}

/** How many statuses per operation, and content types per status, get a remembered plan. */
const PLAN_LIMIT = 64;

function isEmptyBody(body: unknown): boolean {
  return body === undefined || body === null || body === '';
}

/** Loads and compiles one provider's spec. Throws ConfigError naming the file when it is broken. */
export function loadContract(provider: ProviderId, specsDir = join(packageRoot(), 'specs'), cache: LoadCache = noCache): Contract {
  return contractOf(loadSpec(provider, specsDir, cache), cache);
}

/** Loads and compiles a spec file of any provider (a user's own); the id defaults to the file's name. */
export function loadContractFile(file: string, provider = providerIdOfFile(file), cache: LoadCache = noCache): Contract {
  return contractOf(loadSpecFile(file, provider, cache), cache);
}

/** `specs/acme-render.yaml` → `acme-render`: a user provider's id is its spec file's name. */
export function providerIdOfFile(file: string): string {
  return basename(file).replace(/\.(ya?ml|json)$/i, '');
}

function contractOf(spec: Spec, cache: LoadCache): Contract {
  const schemas = new Map<string, Json | undefined>();
  for (const op of spec.operations) {
    for (const response of op.responses) for (const media of response.content) schemas.set(key(op, response.status, media.mediaType), media.schema);
    for (const media of op.requestBody?.content ?? []) schemas.set(key(op, 'request', media.mediaType), media.schema);
  }
  const compileError = (cause: unknown): Error =>
    cause instanceof ConfigError ? cause : new ConfigError(`Cannot compile the schemas of ${spec.file}: ${(cause as Error).message}. Fix the schema.`, { file: spec.file, cause });
  let validators: Map<string, Validator>;
  try {
    // Each schema compiles on first use; a broken one throws this ConfigError then.
    validators = compileSchemas(spec, schemas, compileError, cache);
  } catch (cause) {
    throw compileError(cause);
  }
  const byName = new Map<string, Operation>();
  for (const op of spec.operations) {
    byName.set(op.operationId, op);
    if (!byName.has(op.role)) byName.set(op.role, op);
  }
  const operation = (nameOrRole: string) => byName.get(nameOrRole);
  const requireOperation = (name: string): Operation => {
    const op = byName.get(name);
    if (op) return op;
    const known = [...new Set(spec.operations.flatMap((o) => [o.role, o.operationId]))].join(', ');
    throw new UsageError(`${spec.provider} has no operation "${name}". Use one of: ${known}.`);
  };

  function run(op: Operation, where: string, media: MediaTypeEntry, body: unknown): ValidationResult {
    const validate = validators.get(key(op, where, media.mediaType));
    if (!validate) return OK; // documented media type without a schema: any body goes
    if (validate(body)) return OK;
    return { ok: false, issues: toIssues(validate.errors ?? [], body) };
  }

  /**
   * What validating a response of (operation, status, content type) comes down to, decided
   * once: the status lookup, the media type and the validator do not depend on the body.
   */
  function responsePlan(op: Operation, status: number, contentType: string | null | undefined): (body: unknown) => ValidationResult {
    const code = String(status);
    const response =
      op.responses.find((r) => r.status === code) ??
      op.responses.find((r) => r.status === `${code[0]}XX`) ??
      op.responses.find((r) => r.status === 'DEFAULT');
    if (!response) {
      const documented = op.responses.map((r) => r.status).join(', ');
      return () => fail({ pointer: '', rule: 'status', expected: `one of ${documented}`, actual: code, message: `${op.operationId} does not document status ${code} (documented: ${documented})` });
    }
    if (response.content.length === 0) {
      return (body) => (isEmptyBody(body) ? OK : fail({ pointer: '', rule: 'body', expected: 'no body', actual: 'a body', message: `${op.operationId} ${code} documents no body, but one was sent` }));
    }
    const media = pickMedia(response.content, contentType);
    if (!media) {
      const documented = response.content.map((c) => c.mediaType).join(', ');
      return () => fail({ pointer: '', rule: 'content-type', expected: documented, actual: String(contentType), message: `${op.operationId} ${code} is documented as ${documented}, got ${String(contentType)}` });
    }
    const validate = validators.get(key(op, response.status, media.mediaType));
    // A getJob 200 is one snapshot of a job: it also meets the lifecycle's single-body rules.
    if (op.role !== 'getJob' || code !== '200') {
      if (!validate) return () => OK; // documented media type without a schema: any body goes
      return (body) => (validate(body) ? OK : { ok: false, issues: toIssues(validate.errors ?? [], body) });
    }
    return jobSnapshotPlan(validate, spec.lifecycle);
  }
  // Plans per operation → status → content type; bounded, since callers choose the keys.
  const responsePlans = new Map<Operation, Map<number, Map<string | null | undefined, (body: unknown) => ValidationResult>>>();
  const planFor = (name: string, status: number, contentType: string | null | undefined) => {
    const op = requireOperation(name);
    let byStatus = responsePlans.get(op);
    if (!byStatus) responsePlans.set(op, (byStatus = new Map()));
    let byType = byStatus.get(status);
    if (!byType) {
      byType = new Map();
      if (byStatus.size < PLAN_LIMIT) byStatus.set(status, byType);
    }
    let plan = byType.get(contentType);
    if (!plan) {
      plan = responsePlan(op, status, contentType);
      if (byType.size < PLAN_LIMIT) byType.set(contentType, plan);
    }
    return plan;
  };
  // The last call's plan: a poller or a test validates the same answer over and over.
  let lastName: string | undefined;
  let lastStatus: number | undefined;
  let lastType: string | null | undefined;
  let lastPlan: ((body: unknown) => ValidationResult) | undefined;

  return {
    spec,
    operation,
    responsePlan: planFor,
    validateResponse({ operation: name, status, contentType, body }) {
      if (lastPlan !== undefined && name === lastName && status === lastStatus && contentType === lastType) return lastPlan(body);
      const plan = planFor(name, status, contentType);
      lastName = name;
      lastStatus = status;
      lastType = contentType;
      lastPlan = plan;
      return plan(body);
    },
    validateRequest({ operation: name, contentType, body }) {
      const op = requireOperation(name);
      const requestBody = op.requestBody;
      if (!requestBody) {
        if (isEmptyBody(body)) return OK;
        return fail({ pointer: '', rule: 'body', expected: 'no body', actual: 'a body', message: `${op.operationId} takes no request body` });
      }
      if (isEmptyBody(body)) {
        return requestBody.required
          ? fail({ pointer: '', rule: 'required', expected: 'a request body', actual: 'missing', message: `${op.operationId} requires a request body` })
          : OK;
      }
      const media = pickMedia(requestBody.content, contentType);
      if (!media) {
        const documented = requestBody.content.map((c) => c.mediaType).join(', ');
        return fail({ pointer: '', rule: 'content-type', expected: documented, actual: String(contentType), message: `${op.operationId} takes ${documented}, got ${String(contentType)}` });
      }
      return run(op, 'request', media, body);
    },
  };
}

/** A set of loaded contracts, one per provider, each loaded on first use and kept. */
export interface ContractSet {
  get(provider: string): Contract;
  validateResponse(input: ResponseInput): ValidationResult;
  validateRequest(input: RequestInput): ValidationResult;
}

/**
 * Creates a contract set over a specs folder (default: the package's own specs/), plus any
 * provider's own spec files (`files`: id → path), which win over built-ins of the same id.
 */
export function createContracts(options: { specsDir?: string; cache?: LoadCache; files?: ReadonlyMap<string, string> } = {}): ContractSet {
  const loaded = new Map<string, Contract>();
  let lastProvider: string | undefined;
  let lastContract: Contract | undefined;
  const get = (provider: string): Contract => {
    if (provider === lastProvider && lastContract !== undefined) return lastContract;
    const known = loaded.get(provider);
    if (known) {
      lastProvider = provider;
      lastContract = known;
      return known;
    }
    const file = options.files?.get(provider);
    if (file === undefined && !isProviderId(provider)) throw new UsageError(`Unknown provider "${provider}". Use one of: ${[...providerIds, ...(options.files?.keys() ?? [])].join(', ')}, or pass its spec file.`);
    const contract = file !== undefined ? loadContractFile(file, provider, options.cache) : loadContract(provider as ProviderId, options.specsDir, options.cache);
    loaded.set(provider, contract);
    return contract;
  };
  let planProvider: string | undefined;
  let planOperation: string | undefined;
  let planStatus: number | undefined;
  let planType: string | null | undefined;
  let lastPlan: ((body: unknown) => ValidationResult) | undefined;
  return {
    get,
    validateResponse(input) {
      // The last call's plan, as a contract keeps it: one layer less for a poller's every answer.
      const { provider, operation, status, contentType } = input;
      if (lastPlan !== undefined && provider === planProvider && operation === planOperation && status === planStatus && contentType === planType) return lastPlan(input.body);
      const plan = get(provider).responsePlan(operation, status, contentType);
      planProvider = provider;
      planOperation = operation;
      planStatus = status;
      planType = contentType;
      lastPlan = plan;
      return plan(input.body);
    },
    validateRequest: (input) => get(input.provider).validateRequest(input),
  };
}

export { jobRoles, type JobRole };
