import { describe, expect, it } from 'vitest';
import { checkJobs } from '../../src/check/index.js';
import { requestBodyOf } from '../../src/contracts/sample-request.js';
import { openMock } from '../helpers/drive.js';

// azure's getJob and createJob require `api-version` (specs/azure.yaml): a checker that leaves it
// out gets the 400 a real Azure service gives, for every poll and every probe.
describe('check sends the query an operation requires', () => {
  const run = async (query?: Record<string, string>) => {
    const drive = openMock({ clock: 'poll', seed: 'check-query', providers: ['azure'] });
    const p = drive.info('azure');
    const job = p.jobs.find((j) => j.tenant === 'acme' && j.scenario === 'happy-path')?.id as string;
    const contract = drive.mock.providers.get('azure')?.contract;
    const createOp = contract?.operation('createJob');
    if (!contract || !createOp) throw new Error('azure has no createJob');
    const sent: URL[] = [];
    const report = await checkJobs({
      provider: 'azure',
      baseUrl: p.baseUrl,
      jobs: [job],
      create: 1,
      createBody: requestBodyOf(contract, createOp),
      headers: drive.headers('azure', 'acme'),
      otherTenantHeaders: drive.headers('azure', 'globex'),
      intervalMs: 0,
      maxPolls: 25,
      sleep: async () => {},
      ...(query ? { query } : {}),
      fetch: (input, init) => {
        sent.push(new URL(input instanceof Request ? input.url : String(input)));
        return drive.fetch(input, init);
      },
    });
    return { report, sent, createPath: createOp.path };
  };

  it("fills a required parameter from the spec's example: the run against a correct server is clean", async () => {
    const { report, sent } = await run();
    expect(report.summary).toMatchObject({ violations: 0, warnings: 0, errors: 0 });
    expect(report.jobs.every((j) => j.terminal)).toBe(true);
    // The created job's id was read from Operation-Location (x-job-created: idHeader) and polled.
    const created = report.created[0]?.id;
    expect(created).toMatch(/^[0-9a-f-]{36}$/);
    expect(report.jobs.map((j) => j.id)).toContain(created);
    expect(sent.length).toBeGreaterThan(5);
    for (const url of sent) expect(url.searchParams.get('api-version')).toBe('2024-01-01');
  });

  it('sends the run\'s own value instead, on every request (polls, probes, create)', async () => {
    const { report, sent, createPath } = await run({ 'api-version': '2023-07-31', trace: 'on' });
    expect(report.summary.violations).toBe(0);
    expect(sent.some((u) => u.pathname.endsWith(createPath))).toBe(true); // the create
    for (const url of sent) expect(Object.fromEntries(url.searchParams)).toEqual({ 'api-version': '2023-07-31', trace: 'on' });
  });

  it('a value the server refuses is a failed run, never a pass', async () => {
    const { report } = await run({ 'api-version': '1999-01-01' });
    expect(report.summary.violations).toBeGreaterThan(0);
  });
});
