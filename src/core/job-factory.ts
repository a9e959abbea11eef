/**
 * Makes jobs: the id from `x-job-mock.id`, the job's seeded identity, and its document at
 * creation — the provider's `job` template, under the scenario's, under the creating
 * operation's, with the required members nobody gave generated from the schema.
 */
import { createRandom, hash32, type Random } from './random.js';
import { UsageError } from '../errors/index.js';
import { createFakerSource } from './faker.js';
import { type FunctionTable, itemFunctions, type JobIdentity, jobFunctions } from './functions.js';
import type { Job, JobStore } from './jobs.js';
import type { Definition } from './load-definition.js';
import { type JsonObject, objectOf } from './pointer.js';
import type { Scenario } from './scenario.js';
import { decorate, mergeUnder } from './steps.js';
import { chainResolvers, renderValue } from './template.js';

/** What a new job is made of. */
export interface NewJob {
  scenario: Scenario;
  tenant: string;
  createdAt: number;
  input?: Record<string, unknown>;
  parentId?: string;
  /** The creating operation's `job` template. */
  job?: Record<string, unknown>;
  /** A fixed id (tests, MSW); taken ids are refused. */
  id?: string;
}

/** A job factory, its jobs' documents at creation, and ids no job has (for probes and tests). */
export type JobFactory = ((store: JobStore, options: NewJob) => Job) & {
  unusedId(store: JobStore): string;
  /** The job document at creation: made again when needed rather than kept on every job. */
  initialOf(job: Job): JsonObject;
};

/** What every job of one provider shares: one object, not two closures per job. */
interface SharedTools {
  seed: string;
  fake: (path: string, seed: number) => unknown;
  generator: Definition['generator'];
}

/** A job's identity; faker text and generated values through the provider's shared tools. */
class Identity implements JobIdentity {
  constructor(
    readonly id: string,
    readonly index: number,
    readonly tenant: string,
    readonly createdAt: number,
    readonly input: JsonObject,
    readonly random: Random,
    readonly tenantVars: Record<string, unknown>,
    private readonly tools: SharedTools,
  ) {}

  fake(path: string, key: string): unknown {
    return this.tools.fake(path, hash32(`${this.tools.seed}:${this.id}\u0000${key}`));
  }

  generate(pointer: string, key: string): unknown {
    return this.tools.generator.valueAt(pointer, this.random, key, this.createdAt);
  }
}

/** Builds the factory of one provider's jobs. */
export function createJobFactory(options: { definition: Definition; seed: string }): JobFactory {
  const { definition, seed } = options;
  const { extension, generator, hooks, behaviour } = definition;
  const provider = definition.contract.spec.provider;
  const tools: SharedTools = { seed, fake: createFakerSource(), generator };
  const idTemplate = extension.id ?? '{{uuid}}';

  const idFrom = (random: Random, index: number, createdAt: number): string => {
    const identity = { id: '', index, tenant: '', createdAt, input: {}, random, fake: () => '', tenantVars: {}, generate: () => undefined };
    return String(renderValue(idTemplate, chainResolvers(hooks, jobFunctions(identity, 0, () => ({}))), '/id'));
  };

  const make = (store: JobStore, o: NewJob): Job => {
    const index = store.nextIndex();
    const source = createRandom(`${seed}:${provider}:job:${index}`);
    if (o.id !== undefined && store.has(o.id)) throw new UsageError(`A ${provider} job with id ${o.id} exists already.`);
    let id = o.id ?? idFrom(source, index, o.createdAt);
    for (let retry = 1; o.id === undefined && store.has(id); retry++) id = idFrom(source.child(`retry${retry}`), index, o.createdAt);
    const random = createRandom(`${seed}:${provider}:${id}`);
    const identity = new Identity(id, index, o.tenant, o.createdAt, (o.input ?? o.scenario.input ?? {}) as JsonObject, random, extension.tenants?.[o.tenant] ?? {}, tools);
    return { identity, scenario: o.scenario, template: o.job, parentId: o.parentId, polls: 0, actions: [], deleted: false, memo: undefined };
  };

  const initialOf = (job: Job): JsonObject => {
    const { identity } = job;
    let doc: JsonObject = objectOf();
    const resolver = (extra?: { item: unknown; index: number }) => {
      const itemFns: FunctionTable = extra ? itemFunctions(identity, extra) : {};
      return chainResolvers(itemFns, hooks, jobFunctions(identity, 0, () => doc));
    };
    // The provider's job, under the scenario's, under the creating operation's.
    for (const template of [extension.job, job.scenario.job, job.template]) {
      if (template) doc = mergeUnder(doc, decorate(renderValue(template, resolver(), ''), '', behaviour.items, resolver)) as JsonObject;
    }
    generator.fillRequired(doc, identity.random, identity.createdAt);
    return doc;
  };

  return Object.assign(make, {
    initialOf,
    unusedId: (store: JobStore) => {
      const source = createRandom(`${seed}:${provider}:unused`);
      let id = idFrom(source, 9_999_999, 0);
      for (let retry = 1; store.has(id); retry++) id = idFrom(source.child(`retry${retry}`), 9_999_999 + retry, 0);
      return id;
    },
  });
}
