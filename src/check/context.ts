import type { Contract } from '../contracts/contracts.js';
import type { Operation } from '../contracts/spec.js';
import type { HeaderList } from './headers.js';
import type { Redactor } from './redact.js';
import type { CheckEvent, ResolvedNumbers } from './options.js';
import type { TransportOptions } from './transport.js';

/** What the poller and the probes share during one run. */
export interface RunContext {
  provider: string;
  contract: Contract;
  /** The getJob operation polled. */
  operation: Operation;
  /** The query (`?…` or '') every request to an operation carries. */
  queryOf(op: Operation): string;
  baseUrl: string;
  headers: HeaderList;
  otherHeaders: HeaderList;
  numbers: ResolvedNumbers;
  transport: TransportOptions;
  /** The whole run ends by then (`deadline`), in `now()` time; Infinity when none was given. */
  deadlineAt: number;
  /** Masks the run's credentials; findings are redacted with it before they are cut. */
  redact: Redactor;
  now(): number;
  sleep(ms: number): Promise<void>;
  emit(event: CheckEvent): void;
}

/** The getJob URL of a job id. */
export function jobUrl(ctx: Pick<RunContext, 'baseUrl' | 'operation' | 'queryOf'>, id: string): string {
  return `${ctx.baseUrl}${ctx.operation.path.replace(/\{[^}]+\}/, encodeURIComponent(id))}${ctx.queryOf(ctx.operation)}`;
}
