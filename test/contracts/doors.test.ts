/**
 * One getJob body, every door: the module's validateResponse, a contract set, a contract, a
 * contract's plan, the vitest matcher and the `validate` CLI give the same verdict and issues;
 * a body breaking a lifecycle rule is refused by all of them; the remembered plans (the last
 * call's, per set and per contract) never answer for another provider, operation, status or
 * content type; and a body is judged as it is now, not as it was when last seen.
 */
import fc from 'fast-check';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { MatcherState } from 'vitest';
import { beforeAll, describe, expect, it } from 'vitest';
import { toSatisfyContract } from '../../src/check/matcher.js';
import { type Contract, createContracts, loadContract, readPointer, type ResponseInput, validateResponse, type ValidationResult } from '../../src/contracts/index.js';
import { packageRoot } from '../../src/contracts/package-root.js';
import type { ProviderMock } from '../../src/core/provider.js';
import { checkSnapshot, isSet, jobOf, knownStates, statusOf } from '../../src/lifecycle/evaluate.js';
import { createMock } from '../../src/mock/mock.js';
import { providerIds, type ProviderId } from '../../src/providers/ids.js';
import { cli } from '../helpers/cli.js';

const JSON_TYPE = 'application/json';

/** Every scenario's getJob body at a few moments of its run: jobs in most states a provider has. */
function bodiesOf(provider: ProviderId): unknown[] {
  const scenarios = readdirSync(join(packageRoot(), 'scenarios', provider)).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -'.yaml'.length));
  const mock = createMock({ providers: [provider], clock: 'manual', seedJobs: false });
  const p = mock.providers.get(provider) as ProviderMock;
  for (const scenario of scenarios) mock.createJob(provider, scenario, 'acme');
  const bodies: unknown[] = [];
  for (const step of [0, 2_000, 30_000, 10 * 60_000, 3 * 3_600_000]) {
    mock.clock.advance(step);
    for (const job of p.store.all()) bodies.push(structuredClone(p.render(job)));
  }
  return bodies;
}

/** The issues every door reports, as `pointer rule: message` lines (the matcher's words). */
const lines = (result: ValidationResult) => (result.ok ? [] : result.issues.map((i) => `${i.pointer || '(body)'} ${i.rule}: ${i.message}`));

async function throughEveryDoor(provider: ProviderId, contract: Contract, body: unknown): Promise<ValidationResult> {
  const input = { provider, operation: 'getJob', status: 200, contentType: JSON_TYPE, body };
  const first = validateResponse(input);
  expect(createContracts().validateResponse(input), 'a new contract set').toEqual(first);
  expect(contract.validateResponse(input), 'a contract').toEqual(first);
  expect(contract.responsePlan('getJob', 200, JSON_TYPE)(body), "a contract's plan").toEqual(first);
  const matched = toSatisfyContract.call({ isNot: false } as MatcherState, { status: 200, body, contentType: JSON_TYPE }, provider, 'getJob') as { pass: boolean; message: () => string };
  expect(matched.pass, 'the matcher').toBe(first.ok);
  if (!first.ok) expect(matched.message().split('\n').slice(1).map((l) => l.replace(/^ {2}- /, '')), 'the matcher').toEqual(lines(first));
  const out = await cli(['validate', '--provider', provider, '--content-type', JSON_TYPE, '--json', '-'], JSON.stringify(body));
  expect(out.code, 'the CLI').toBe(first.ok ? 0 : 1);
  expect(JSON.parse(out.stdout).issues, 'the CLI').toEqual(first.ok ? [] : first.issues);
  return first;
}

/** A body whose job breaks the rule `inv`: the rule's field set out of its states, or unset in them. */
function breakers(body: unknown, contract: Contract): Array<{ rule: string; pointer: string; how: string; body: unknown }> {
  const { lifecycle } = contract.spec;
  const job = jobOf(lifecycle, body) as Record<string, unknown>;
  const status = statusOf(lifecycle, job);
  const out: Array<{ rule: string; pointer: string; how: string; body: unknown }> = [];
  const variant = (change: (job: Record<string, unknown>) => void) => {
    const copy = structuredClone(body);
    change(jobOf(lifecycle, copy) as Record<string, unknown>);
    return copy;
  };
  const setAt = (root: Record<string, unknown>, pointer: string, value: unknown) => {
    const keys = pointer.slice(1).split('/');
    const parent = keys.slice(0, -1).reduce<Record<string, unknown> | undefined>((at, k) => at?.[k] as Record<string, unknown> | undefined, root);
    if (!parent) return;
    if (value === undefined) delete parent[keys[keys.length - 1] as string];
    else parent[keys[keys.length - 1] as string] = value;
  };
  for (const inv of lifecycle.invariants) {
    const pointer = lifecycle.envelope + inv.path;
    if (inv.rule === 'only-in' && isSet(readPointer(job, inv.path)) && checkSnapshot(lifecycle, job).length === 0) {
      // The field is set here: the same job in a state outside the rule's.
      for (const other of knownStates(lifecycle)) if (!inv.states.includes(other)) out.push({ rule: inv.rule, pointer, how: 'status moved', body: variant((j) => setAt(j, lifecycle.status, other)) });
    }
    if (inv.rule === 'only-in' && status !== undefined && !inv.states.includes(status)) {
      // Outside the rule's states: the field set (to a value of its type where the job shows one).
      const now = readPointer(job, inv.path);
      const set = typeof now === 'string' ? 'set' : typeof now === 'number' ? 1 : typeof now === 'boolean' ? true : { set: true };
      out.push({ rule: inv.rule, pointer, how: 'field set', body: variant((j) => setAt(j, inv.path, set)) });
    }
    if (inv.rule === 'required-in' && status !== undefined && inv.states.includes(status)) {
      for (const unset of [undefined, null, '', 0, [], {}]) out.push({ rule: inv.rule, pointer, how: `field ${JSON.stringify(unset) ?? 'removed'}`, body: variant((j) => setAt(j, inv.path, unset)) });
    }
    if (inv.rule === 'closing-item') {
      const closing = { ...((((job as Record<string, unknown[]>)[inv.path.slice(1)] ?? [])[0] as object) ?? {}), type: inv.value };
      out.push({ rule: inv.rule, pointer, how: 'two closing items', body: variant((j) => setAt(j, inv.path, [closing, closing])) });
    }
  }
  return out;
}

describe.each(providerIds)('%s getJob 200 through every door', (provider) => {
  let contract: Contract;
  let bodies: unknown[];
  beforeAll(() => {
    contract = loadContract(provider);
    bodies = bodiesOf(provider);
  });

  it("accepts the mock's answers alike everywhere, with one shared frozen { ok: true }", async () => {
    expect(bodies.length).toBeGreaterThan(3);
    for (const body of bodies.slice(0, 8)) {
      const result = await throughEveryDoor(provider, contract, body);
      expect(result, JSON.stringify(body)).toEqual({ ok: true });
      expect(Object.isFrozen(result)).toBe(true);
      expect(contract.validateResponse({ operation: 'getJob', status: 200, contentType: JSON_TYPE, body })).toBe(result);
    }
  });

  it('refuses a body breaking each of its single-body lifecycle rules, alike everywhere', async () => {
    const rules = contract.spec.lifecycle.invariants.filter((inv) => ['only-in', 'required-in', 'closing-item'].includes(inv.rule));
    const seen = new Map<string, number>();
    const tried = new Map<string, number>();
    const shown = new Set<string>();
    for (const body of bodies) {
      for (const broken of breakers(body, contract)) {
        const key = `${broken.rule} ${broken.pointer}`;
        const kind = `${key} (${broken.how})`;
        if ((tried.get(kind) ?? 0) >= 2) continue; // a few of each: every door (the CLI too) is not free
        tried.set(kind, (tried.get(kind) ?? 0) + 1);
        seen.set(key, (seen.get(key) ?? 0) + 1);
        const result = await throughEveryDoor(provider, contract, broken.body);
        expect(result.ok, `${key} ${JSON.stringify(broken.body)}`).toBe(false);
        if (!result.ok) {
          // The lifecycle's finding, or the schema's at the same place (which then says it all).
          expect(result.issues.some((i) => i.pointer === broken.pointer || i.pointer.startsWith(`${broken.pointer}/`)), key).toBe(true);
          if (result.issues.some((i) => i.rule === broken.rule)) shown.add(key);
        }
      }
    }
    for (const inv of rules) {
      const key = `${inv.rule} ${contract.spec.lifecycle.envelope + inv.path}`;
      expect(seen.get(key) ?? 0, `no body of the mock lets ${key} be broken`).toBeGreaterThan(0);
    }
    // Where the schema allows the break (a set field in another declared state), the lifecycle's
    // own finding is what refuses it.
    expect(shown.size, [...seen.keys()].join(', ')).toBeGreaterThan(0);
    for (const kind of tried.keys()) if (kind.endsWith('(status moved)')) expect(shown, kind).toContain(kind.slice(0, -' (status moved)'.length));
  });

  it('judges a body as it is now: changed after a clean pass, it is refused', () => {
    const { lifecycle } = contract.spec;
    const rule = lifecycle.invariants.find((inv) => inv.rule === 'only-in');
    const body = bodies.find((b) => {
      const status = statusOf(lifecycle, jobOf(lifecycle, b));
      return rule?.rule === 'only-in' && status !== undefined && !rule.states.includes(status);
    });
    if (!rule || !body) throw new Error(`${provider}: no only-in rule, or no job outside its states`);
    const input = { provider, operation: 'getJob', status: 200, contentType: JSON_TYPE, body };
    expect(validateResponse(input).ok).toBe(true);
    const job = jobOf(lifecycle, body) as Record<string, unknown>;
    const keys = rule.path.slice(1).split('/');
    let at = job;
    for (const key of keys.slice(0, -1)) at = (at[key] ??= {}) as Record<string, unknown>;
    at[keys[keys.length - 1] as string] = 'set';
    const again = validateResponse(input);
    expect(again.ok).toBe(false);
    expect(lines(again).join('\n')).toContain(lifecycle.envelope + rule.path);
  });
});

describe('remembered plans', () => {
  it('never answer for another provider, operation, status or content type', () => {
    const contracts = new Map(providerIds.map((p) => [p, loadContract(p)]));
    const bodies = new Map(providerIds.map((p) => [p, bodiesOf(p)[0]]));
    const inputs = providerIds.flatMap((provider) =>
      providerIds.slice(0, 3).flatMap((owner) =>
        [200, 404, 418].flatMap((status) =>
          // undefined: no contentType member at all (the documented type is assumed).
          [JSON_TYPE, 'text/plain', null, undefined].map((contentType): ResponseInput & { provider: ProviderId } => ({ provider, operation: 'getJob', status, ...(contentType === undefined ? {} : { contentType }), body: bodies.get(owner) })),
        ),
      ),
    );
    const other = (p: ProviderId) => (contracts.get(p) as Contract).spec.operations.find((o) => o.role !== 'getJob')?.operationId as string;
    for (const provider of providerIds) if (other(provider)) inputs.push({ provider, operation: other(provider), status: 200, contentType: JSON_TYPE, body: bodies.get(provider) });
    const expected = inputs.map((i) => (contracts.get(i.provider) as Contract).responsePlan(i.operation, i.status, i.contentType)(i.body));
    const shared = createContracts();
    fc.assert(
      fc.property(fc.array(fc.nat(inputs.length - 1), { minLength: 2, maxLength: 40 }), (order) => {
        for (const index of order) {
          const input = inputs[index] as (typeof inputs)[number];
          expect(shared.validateResponse(input), JSON.stringify({ ...input, body: undefined })).toEqual(expected[index]);
          expect(validateResponse(input)).toEqual(expected[index]);
          expect((contracts.get(input.provider) as Contract).validateResponse(input)).toEqual(expected[index]);
        }
      }),
      { numRuns: 60 },
    );
  });
});
