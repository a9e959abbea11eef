/**
 * The scenario renderer: the neutral JobState as Scenario's camelCase `{"job": {...}}` body.
 * @see ../../specs/scenario.yaml#/components/schemas/Job
 */
import { createRandom, type Random } from '../engine/random.js';
import type { Artifact, FlowNode, JobState } from '../engine/state.js';
import type { CancelRule } from '../engine/timeline.js';
import type { RenderContext } from './adapter.js';

/** The jobType of jobs whose scenario names none. */
export const DEFAULT_JOB_TYPE = 'inference';

/** Scenario's job statuses (the spec's JobStatus enum). */
export const SCENARIO_STATUSES = ['canceled', 'failure', 'finalizing', 'in-progress', 'pending', 'queued', 'success', 'warming-up'] as const;

const CDN = 'https://cdn.cloud.scenario.com/assets';

/** Node types that start a job of their own (and so get a `jobId` once they run). */
const JOB_NODE_TYPES = new Set(['custom-model', 'generate-prompt', 'model', 'remove-background', 'transform', 'workflow']);

/** Who owns each tenant's jobs: a project for acme, a team for globex (both shapes exist). */
const OWNER_KIND: Record<string, 'proj' | 'team'> = { acme: 'proj', globex: 'team' };

/**
 * The tenant's fixed ids: owner (`proj_…`/`team_…`) and author (32 hex), the same for every
 * job and seed, so a client sees one account.
 */
export function tenantIds(tenant: string): { ownerId: string; authorId: string } {
  const random = createRandom(`scenario:tenant:${tenant}`);
  return { ownerId: `${OWNER_KIND[tenant] ?? 'proj'}_${random.base62('owner', 24)}`, authorId: random.hex('author', 32) };
}

/** The asset id of an artifact, stable per job and artifact name. */
export function assetIdOf(random: Random, name: string): string {
  return `asset_${random.base62(`asset:${name}`, 24)}`;
}

function assetOf(random: Random, name: string): { assetId: string; url: string } {
  const assetId = assetIdOf(random, name);
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1] ?? 'png';
  return { assetId, url: `${CDN}/${assetId}.${ext.toLowerCase()}` };
}

/**
 * One flow node on the wire: `id`, `status`, `type` first; `assets` written in the scenario as
 * artifact names become `{assetId, url}`; nodes that run a job get a stable `jobId`.
 */
function renderNode(node: FlowNode, random: Random): Record<string, unknown> {
  const { id, status, type, assets, jobId, ...rest } = node;
  const out: Record<string, unknown> = { id, status, type };
  const started = status !== 'pending' && status !== 'skipped';
  if (jobId !== undefined) out.jobId = jobId;
  else if (started && JOB_NODE_TYPES.has(type)) out.jobId = `job_${random.base62(`node:${id}`, 24)}`;
  Object.assign(out, rest);
  if (Array.isArray(assets)) out.assets = assets.map((a) => (typeof a === 'string' ? assetOf(random, a) : a));
  return out;
}

function finalAssetIds(artifacts: Artifact[], random: Random): string[] {
  return artifacts.filter((a) => a.role === 'final').map((a) => assetIdOf(random, a.name));
}

/**
 * The getJob 200 body. Pure: timestamps from `ctx.iso`, ids from the job's random source, so
 * every poll of the same state renders the same bytes.
 * @example renderScenarioJob(timeline.state, { job, iso }) // → { job: { jobId, status, … } }
 */
export function renderScenarioJob(state: JobState, ctx: RenderContext): { job: Record<string, unknown> } {
  const { job } = ctx;
  const { random } = job;
  const jobType = job.scenario.jobType ?? DEFAULT_JOB_TYPE;
  const ended = state.status === 'failure' || state.status === 'canceled';
  const metadata: Record<string, unknown> = { assetIds: finalAssetIds(state.artifacts, random), input: job.input };
  if (jobType === 'workflow' || state.nodes.length > 0) {
    metadata.workflowId = `workflow_${random.base62('workflow', 24)}`;
    metadata.flow = state.nodes.map((node) => renderNode(node, random));
  }
  if (ended && state.error) metadata.error = state.error.message;
  if (state.status === 'failure' && state.message) metadata.hint = state.message;
  const { ownerId, authorId } = tenantIds(job.tenant);
  return {
    job: {
      jobId: job.id,
      jobType,
      status: state.status,
      progress: state.progress ?? 0,
      createdAt: ctx.iso(0),
      updatedAt: ctx.iso(state.updatedAt),
      statusHistory: state.statusHistory.map((entry) => ({ date: ctx.iso(entry.at), status: entry.status })),
      metadata,
      authorId,
      ownerId,
      // Failed and canceled jobs are not charged; the price is fixed when the job is created.
      billing: { cuCost: ended ? 0 : random.int('cuCost', 1, 8) * 5, cuDiscount: 0 },
    },
  };
}

/**
 * Cancelling: status `canceled` (appended to the history), an error text, and the nodes that had
 * not finished marked `skipped`.
 */
export const cancelScenarioJob: CancelRule = (state, atMs) => {
  const next = structuredClone(state);
  next.status = 'canceled';
  next.statusHistory.push({ at: atMs, status: 'canceled' });
  next.error = { code: 'canceled', message: 'The job was canceled by the user.' };
  next.nodes = next.nodes.map((node) => (node.status === 'pending' || node.status === 'processing' ? { ...node, status: 'skipped' } : node));
  next.updatedAt = atMs;
  return next;
};
