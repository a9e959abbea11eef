/**
 * The load-time check of `x-job-mock.errors`: every error answer renders (no unknown template
 * function), its status is documented by the operations that can give it, and its body
 * validates there. A broken error answer is a ConfigError at start, not a 500 at the first 404.
 */
import type { Contract } from '../contracts/contracts.js';
import type { Operation } from '../contracts/spec.js';
import { ConfigError } from '../errors/index.js';
import type { Wire } from './answers.js';
import type { ErrorKind, MockExtension } from './definition.js';
import { TemplateError } from './template.js';

/** The operations an error kind can come from (the ones that must document its status). */
function operationsOf(kind: ErrorKind, operations: readonly Operation[]): Operation[] {
  const withId = operations.filter((op) => /\{[^}]+\}/.test(op.path));
  switch (kind) {
    case 'not-found':
    case 'malformed-id':
      return withId.filter((op) => op.role === 'getJob');
    case 'unauthorized':
    case 'forbidden':
      return operations.filter((op) => op.role === 'getJob');
    default:
      // Any operation documenting the status will do; the kinds below may come from any of them.
      return [];
  }
}

/** Throws a ConfigError naming the spec file when an error answer cannot be served as written. */
export function checkErrorAnswers(contract: Contract, extension: MockExtension, errors: (kind: ErrorKind, ctx: { requestId: string; id?: string; message?: string; field?: string; retryAfter?: number }) => Wire): void {
  const { spec } = contract;
  const fail = (kind: string, message: string): never => {
    throw new ConfigError(`${spec.file}: x-job-mock.errors.${kind} ${message}. See docs/provider-format.md.`, { file: spec.file, pointer: `/x-job-mock/errors/${kind}` });
  };
  for (const kind of Object.keys(extension.errors) as ErrorKind[]) {
    let wire: Wire;
    try {
      wire = errors(kind, { requestId: '01J00000000000000000000000', id: 'probe-id', message: 'probe message', field: 'probe', retryAfter: 1 });
    } catch (error) {
      if (error instanceof TemplateError) return fail(kind, `cannot be rendered: ${error.message}`);
      throw error;
    }
    const required = operationsOf(kind, spec.operations);
    const documenting = spec.operations.filter((op) => op.responses.some((r) => r.status === String(wire.status)));
    const targets = required.length > 0 ? required : documenting.slice(0, 1);
    if (targets.length === 0) fail(kind, `answers ${wire.status}, which no operation of the spec documents`);
    for (const op of targets) {
      const checked = contract.validateResponse({ operation: op.operationId, status: wire.status, contentType: 'application/json', body: wire.body });
      if (!checked.ok) {
        const issue = checked.issues[0];
        fail(kind, `answers ${wire.status}, but ${op.method} ${op.path} ${issue?.rule === 'status' ? 'does not document it' : `documents another body (${issue?.pointer || 'body'}: ${issue?.message})`}`);
      }
    }
  }
}
