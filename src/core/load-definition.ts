/**
 * A provider's definition: its contract plus the parsed `x-job-mock` — credentials, error
 * answers, the scenario behaviour every job shares, and how a job sits in a getJob body.
 */
import type { Contract } from '../contracts/contracts.js';
import { errorPointer } from '../contracts/issues.js';
import { type OwnValidator, validateMockExtension, validateOperationMock } from '../contracts/own-validators.js';
import { ConfigError } from '../errors/index.js';
import { createErrors, type ErrorContext, type Wire } from './answers.js';
import { checkErrorAnswers } from './check-answers.js';
import { type Credentials, createCredentials } from './auth.js';
import type { ErrorKind, MockExtension, OperationMock } from './definition.js';
import type { FunctionTable } from './functions.js';
import { createGenerator, type Generator } from './generate.js';
import { cloneJson, getAt, isObject, joinPointer, type JsonObject, setAt, splitPointer } from './pointer.js';
import { type LoadCache, noCache } from './ports.js';
import type { Behaviour } from './timeline.js';

/** Everything the engine reads from one provider's spec. */
export interface Definition {
  contract: Contract;
  extension: MockExtension;
  credentials: Credentials;
  errors: (kind: ErrorKind, ctx: ErrorContext) => Wire;
  hooks: FunctionTable;
  behaviour: Behaviour;
  generator: Generator;
  /** The getJob 200 body around a job object (the lifecycle's envelope). */
  wrap(job: JsonObject): unknown;
}

/** Hooks a provider may add where data cannot say it. @see ../../docs/provider-format.md#hooks-rarely */
export interface ProviderHooks {
  functions?: FunctionTable;
}

/** Where an operation's `x-job-mock` is in its spec document. */
const operationPointer = (op: { method: string; path: string }) => joinPointer(['paths', op.path, op.method.toLowerCase(), 'x-job-mock']);

function check(validate: OwnValidator, value: unknown, file: string, where: string, pointer: string): void {
  if (validate(value)) return;
  const first = validate.errors?.[0];
  const extra = typeof first?.params?.additionalProperty === 'string' ? first.params.additionalProperty : undefined;
  const named = extra !== undefined ? ` ("${extra}")` : '';
  throw new ConfigError(`${file}: ${where}${first?.instancePath ?? ''} ${first?.message ?? 'is invalid'}${named} (rule ${first?.keyword}). See docs/provider-format.md.`, { file, pointer: `${pointer}${first ? errorPointer(first) : ''}` });
}

/** Reads and checks `x-job-mock` of a contract (a pass is remembered in the start-up cache). */
export function loadDefinition(contract: Contract, hooks: ProviderHooks = {}, cache: LoadCache = noCache): Definition {
  const { spec } = contract;
  const file = spec.file;
  const raw = spec.document['x-job-mock'];
  if (!isObject(raw)) throw new ConfigError(`${file} has no x-job-mock at its root: the mock needs its credentials and error answers. See docs/provider-format.md.`, { file });
  // One look-up: a pass of every check below (shape, filters, error answers) is one cache entry.
  const passed = cache.get<boolean>('x-job-mock', spec.digest) === true;
  if (!passed) {
    check(validateMockExtension, raw, file, 'x-job-mock', '/x-job-mock');
    for (const op of spec.operations) if (op.mock !== undefined) check(validateOperationMock, op.mock, file, `${op.method} ${op.path} x-job-mock`, operationPointer(op));
    for (const op of spec.operations) {
      const m = (op.mock ?? {}) as OperationMock;
      if (m.filters) for (const param of Object.keys(m.filters)) if (!op.parameters.some((p) => p.in === 'query' && p.name === param)) throw new ConfigError(`${file}: ${op.method} ${op.path} x-job-mock.filters names query parameter "${param}", which the operation does not document.`, { file, pointer: `${operationPointer(op)}${joinPointer(['filters', param])}` });
    }
  }
  const extension = raw as unknown as MockExtension;
  const functions = hooks.functions ?? {};
  const errors = createErrors(extension, functions);
  if (!passed) {
    checkErrorAnswers(contract, extension, errors);
    cache.set('x-job-mock', spec.digest, true);
  }
  const components = isObject(spec.document.components) ? spec.document.components : {};
  const resolveRef = (ref: string) => (ref.startsWith('#/') ? getAt(spec.document, ref.slice(1).split('/').map(decodeURIComponent).join('/')) : undefined);
  const jobSchema = isObject(components.schemas) ? components.schemas[spec.jobSchema] : undefined;
  const envelope = spec.lifecycle.envelope;
  return {
    contract,
    extension,
    credentials: createCredentials(extension.credentials, components.securitySchemes, file),
    errors,
    hooks: functions,
    behaviour: {
      ...(extension.everyStep ? { everyStep: extension.everyStep } : {}),
      items: Object.entries(extension.items ?? {}).map(([pattern, template]) => ({ pattern: splitPointer(pattern), template: template as JsonObject })),
      ...(extension.onCancel ? { onCancel: extension.onCancel } : {}),
      ...(extension.onRetry ? { onRetry: extension.onRetry } : {}),
      functions,
    },
    generator: createGenerator(jobSchema, resolveRef),
    wrap: (job) => {
      if (envelope === '') return job;
      const body = cloneJson((extension.envelope ?? {}) as JsonObject);
      setAt(body, envelope, job);
      return body;
    },
  };
}
