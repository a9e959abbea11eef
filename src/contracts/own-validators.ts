/**
 * The validators of the toolkit's own formats, compiled ahead of time (see
 * own-validators-source.ts): a first start does not load ajv's compiler for them.
 */
import type { ErrorObject } from 'ajv/dist/2020.js';
import { validateLifecycle as lifecycle } from './generated/lifecycle.js';
import { validateMetaSchema as metaSchema } from './generated/meta-schema.js';
import { validateScenario as scenario } from './generated/scenario.js';
import { validateMockExtension as mockExtension, validateOperationMock as operationMock } from './generated/x-job-mock.js';

/** True when the data is valid; `errors` then says why not (ajv's error objects). */
export type OwnValidator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/** `x-job-lifecycle` (lifecycleSchema), every error. */
export const validateLifecycle = lifecycle as OwnValidator;
/** A scenario file (scenarioSchema), every error. */
export const validateScenario = scenario as OwnValidator;
/** The JSON Schema 2020-12 meta-schema (strict, union types allowed), the first error. */
export const validateMetaSchema = metaSchema as OwnValidator;
/** A spec's root `x-job-mock` (mockExtensionSchema), the first error. */
export const validateMockExtension = mockExtension as OwnValidator;
/** An operation's `x-job-mock` (operationMockSchema), the first error. */
export const validateOperationMock = operationMock as OwnValidator;
