/**
 * job-contracts: contracts, lifecycle rules and the scenario engine for job-status APIs.
 * Subpaths: `job-contracts/msw`, `job-contracts/msw/<provider>`, `job-contracts/server`,
 * `job-contracts/check`, `job-contracts/types/<provider>`.
 * @see ../README.md
 */

// Validators
export {
  createContracts,
  defaultContracts,
  loadContract,
  validateRequest,
  validateResponse,
  type Contract,
  type ContractSet,
  type Issue,
  type RequestInput,
  type ResponseInput,
  type ValidationResult,
} from './contracts/index.js';

// Lifecycle
export { checkSnapshot, checkTransition, isSet, jobOf, statusOf, type LifecycleCode, type LifecycleViolation } from './lifecycle/evaluate.js';
export { lifecycleSchema, type Lifecycle, type LifecycleInvariant } from './lifecycle/schema.js';

// Scenario engine
export { createClock, type Clock, type ClockMode } from './core/clock.js';
export { faultKinds, type Fault, type FaultKind } from './core/fault.js';
export { loadScenarioDir, parseScenario } from './load/scenarios.js';
export { createRandom, type Random } from './core/random.js';
export { scenarioSchema, type Scenario, type ScenarioStep, type StepOps } from './core/scenario.js';
export { timelineAt, type JobAction, type Position, type Timeline } from './core/timeline.js';
export { mockExtensionSchema, operationMockSchema, type MockExtension, type OperationMock } from './core/definition.js';
export type { ProviderHooks } from './core/load-definition.js';
export type { FunctionTable } from './core/functions.js';

// Providers
export { isProviderId, jobRoles, providerIds, type JobRole, type ProviderId } from './providers/ids.js';

// Errors
export { ConfigError, JobContractsError, UsageError } from './errors/index.js';
