/**
 * The provider-neutral state of a job. Scenario steps patch it; provider renderers turn it into
 * wire JSON. Status and event types are the provider's own strings (the lifecycle of its spec
 * says which are legal); everything else is neutral.
 */

/** A file or image the job produced. The renderer derives URLs and ids from `name`. */
export interface Artifact {
  kind: string;
  role: 'intermediate' | 'final';
  label?: string | null;
  /** Stable name for the artifact inside the job: ids and URLs are derived from it. */
  name: string;
  meta?: Record<string, unknown>;
}

/** One entry of the job's event stream / log / timeline. `at`: ms after the job was created. */
export interface JobEvent {
  at: number;
  type: string;
  message: string;
  stage?: string | null;
  host?: string | null;
  error?: string | null;
  data?: Record<string, unknown>;
  artifacts?: Artifact[];
}

/** One agent's part of a broadcast job (osapi). */
export interface AgentState {
  status: string;
  error?: string | null;
  durationMs?: number | null;
  data?: unknown;
  changed?: boolean | null;
}

/** One node of a workflow graph (scenario `metadata.flow`). Extra keys pass through. */
export interface FlowNode {
  id: string;
  type: string;
  status: string;
  dependsOn?: string[];
  [extra: string]: unknown;
}

/** One test attempt of a generated script (cata-pos). */
export interface TestAttempt {
  at: number;
  passed: boolean;
  error: string;
  outputPreview: string;
  outputCount: number;
}

/** The neutral job state at one instant. */
export interface JobState {
  status: string;
  stage: string | null;
  progress: number | null;
  message: string | null;
  events: JobEvent[];
  artifacts: Artifact[];
  error: { code?: string; message: string } | null;
  result: unknown;
  changed: boolean | null;
  agents: Record<string, AgentState>;
  nodes: FlowNode[];
  clarification: string | null;
  humanResponse: string | null;
  hypothesis: string | null;
  retries: number;
  testResults: TestAttempt[];
  statusHistory: Array<{ at: number; status: string }>;
  /** ms after creation of the last change. */
  updatedAt: number;
}

/** The state before the first step: everything empty. */
export function emptyState(status: string): JobState {
  return {
    status,
    stage: null,
    progress: null,
    message: null,
    events: [],
    artifacts: [],
    error: null,
    result: null,
    changed: null,
    agents: {},
    nodes: [],
    clarification: null,
    humanResponse: null,
    hypothesis: null,
    retries: 0,
    testResults: [],
    statusHistory: [],
    updatedAt: 0,
  };
}
