/**
 * Contracts: load each provider's spec once, compile its schemas once, validate bodies.
 * @see ../../README.md#validators
 */
import { type ContractSet, createContracts, type RequestInput, type ResponseInput } from './contracts.js';
import type { ValidationResult } from './issues.js';

// Loaded on first use and never changed after: compiled validators are read-only data.
let defaultSet: ContractSet | undefined;

/** The contracts of the package's own specs/, shared by the module-level helpers. */
export function defaultContracts(): ContractSet {
  defaultSet ??= createContracts();
  return defaultSet;
}

/**
 * Validates one response against its provider's contract.
 * @example validateResponse({ provider: 'my-api', operation: 'getJob', status: 200, body })
 */
export function validateResponse(input: ResponseInput): ValidationResult {
  return defaultContracts().validateResponse(input);
}

/** Validates a request body against its operation's contract. */
export function validateRequest(input: RequestInput): ValidationResult {
  return defaultContracts().validateRequest(input);
}

// Building blocks
export { createContracts, loadContract, type Contract, type ContractSet, type RequestInput, type ResponseInput } from './contracts.js';
export { excerpt, readPointer, type Issue, type ValidationResult } from './issues.js';
export { loadSpec, type Json, type Operation, type ResponseEntry, type Spec } from './spec.js';
export { packageRoot } from './package-root.js';
