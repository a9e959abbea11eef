import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { join } from 'node:path';
import { validateResponse } from '../src/contracts/index.js';
import { packageRoot } from '../src/contracts/package-root.js';
import { loadSpec } from '../src/contracts/spec.js';
import { createMock } from '../src/mock/mock.js';
import type { ProviderMock } from '../src/core/provider.js';
import type { ProviderId } from '../src/providers/ids.js';
import { median } from './load.js';
import { steadyScenario } from './servers.js';

type AddFormats = (ajv: Ajv2020) => Ajv2020;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as unknown as AddFormats;

/** Validations per second of one getJob body: ours through the public API vs raw ajv. */
export interface ValidatorRow {
  provider: ProviderId;
  bytes: number;
  ours: number;
  raw: number;
  /** Median of the per-round ratios ours / raw (each pair measured back to back). */
  ratio: number;
  oursRounds: number[];
  rawRounds: number[];
}

/** Calls `fn` in batches until `ms` have passed; returns calls per second. Bounded by time. */
function perSecond(fn: () => boolean, ms: number): number {
  const start = performance.now();
  let calls = 0;
  let elapsed = 0;
  do {
    for (let i = 0; i < 500; i++) if (!fn()) throw new Error('bench: a body the bench validates was found invalid');
    calls += 500;
    elapsed = performance.now() - start;
  } while (elapsed < ms);
  return (calls * 1000) / elapsed;
}

/** Raw ajv (defaults plus formats) compiled on the same getJob 200 schema, refs resolved in place. */
function rawValidator(provider: ProviderId): (body: unknown) => boolean {
  const spec = loadSpec(provider, join(packageRoot(), 'specs'));
  const op = spec.operations.find((o) => o.role === 'getJob');
  const schema = op?.responses.find((r) => r.status === '200')?.content[0]?.schema;
  if (typeof schema !== 'object' || schema === null) throw new Error(`bench: ${provider} getJob 200 has no schema`);
  const components = (spec.document.components as Record<string, unknown> | undefined) ?? {};
  // strict off: the OpenAPI annotations and x- extensions are simply ignored, as most users do.
  const ajv = new Ajv2020({ strict: false });
  addFormats(ajv);
  const validate = ajv.compile({ ...(schema as Record<string, unknown>), components });
  return (body) => validate(body) as boolean;
}

/** A rendered getJob body of a steady (stuck, or azure's slow) job after 10 minutes: its scripted steps have played. */
function bodyOf(provider: ProviderId): unknown {
  const mock = createMock({ providers: [provider], clock: 'manual', seedJobs: false });
  mock.createJob(provider, steadyScenario(provider), 'acme');
  mock.clock.advance(10 * 60_000);
  const p = mock.providers.get(provider) as ProviderMock;
  const [job] = p.store.all();
  if (!job) throw new Error('bench: no job');
  return p.render(job);
}

/**
 * Ours (`validateResponse`) vs raw ajv on the same body, alternating in many short rounds so a
 * busy machine's drift hits both alike; the ratio is the median of the rounds' ratios.
 */
export function runValidators(options: { providers: readonly ProviderId[]; rounds: number; ms: number; log: (line: string) => void }): ValidatorRow[] {
  return options.providers.map((provider) => {
    const body = bodyOf(provider);
    const raw = rawValidator(provider);
    const ours = () => validateResponse({ provider, operation: 'getJob', status: 200, contentType: 'application/json', body }).ok;
    // Warm both up (compile on first use, JIT) before timing.
    perSecond(ours, 50);
    perSecond(() => raw(body), 50);
    const oursRounds: number[] = [];
    const rawRounds: number[] = [];
    for (let round = 0; round < options.rounds; round++) {
      oursRounds.push(perSecond(ours, options.ms));
      rawRounds.push(perSecond(() => raw(body), options.ms));
    }
    const ratio = median(oursRounds.map((o, i) => o / (rawRounds[i] as number)));
    const row = { provider, bytes: JSON.stringify(body).length, ours: median(oursRounds), raw: median(rawRounds), ratio, oursRounds, rawRounds };
    options.log(`validators ${provider}: ours ${row.ours.toFixed(0)}/s, raw ajv ${row.raw.toFixed(0)}/s`);
    return row;
  });
}
