import { setupServer } from 'msw/node';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createScenarioHandlers } from '../../mocks/scenario.js';

// A consumer's real polling loop: fetch, then sleep with setTimeout until the job ends.
async function waitForJob(url: string, headers: Record<string, string>): Promise<{ status: string; polls: number }> {
  for (let polls = 1; polls <= 100; polls++) {
    const { job } = (await (await fetch(url, { headers })).json()) as { job: { status: string } };
    if (['success', 'failure', 'canceled'].includes(job.status)) return { status: job.status, polls };
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
  throw new Error('gave up');
}

const jobs = createScenarioHandlers({ seed: 'fake-timers' }); // wall clock: follows Date.now
const server = setupServer(...jobs.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

it("drives a consumer's setTimeout polling loop to the end under vitest fake timers, without real waiting", async () => {
  vi.useFakeTimers();
  try {
    const id = jobs.createJob('warming-up');
    const done = waitForJob(`https://api.cloud.scenario.com/v1/jobs/${id}`, jobs.tenants.acme);
    for (let i = 0; i < 100; i++) await vi.advanceTimersByTimeAsync(2000);
    const result = await done;
    expect(result.status).toBe('success');
    expect(result.polls).toBeGreaterThan(3);
  } finally {
    vi.useRealTimers();
  }
}, 5_000); // the scenario takes ~18 s of job time: finishing inside 5 s proves nothing really waited
