import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateResponse } from '../../src/contracts/index.js';
import { createMock } from '../../src/mock/mock.js';
import { serve } from '../../src/mock/node-server.js';
import { startPrism } from '../../src/mock/prism.js';

describe('--mode schema: schema-driven answers through Prism', () => {
  it('serves every request from the spec through a real Prism process', async () => {
    const prism = await startPrism(['scenario']);
    const mock = createMock({ providers: ['scenario'], clock: 'manual', fallback: prism.fallback, schemaOnly: true });
    const running = await serve(mock.handle, { port: 0 });
    try {
      const [info] = mock.describe(running.origin);
      const response = await fetch(`${info?.baseUrl}/jobs/job_anything123`, { headers: info?.tenants[0]?.headers ?? {} });
      expect(response.headers.get('x-job-contracts-source')).toBe('prism');
      const body = await response.json();
      expect(response.status).toBe(200);
      expect(validateResponse({ provider: 'scenario', operation: 'getJob', status: 200, contentType: response.headers.get('content-type'), body })).toEqual({ ok: true });
      const noAuth = await fetch(`${info?.baseUrl}/jobs/job_anything123`);
      expect(noAuth.status).toBe(401);
    } finally {
      await running.close();
      await prism.close();
    }
  }, 60_000);

  it('says clearly when Prism cannot start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jc-prism-'));
    writeFileSync(join(dir, 'figur.yaml'), 'openapi: 3.1.0\ninfo: [not, an, object\n');
    await expect(startPrism(['figur'], { specsDir: dir, timeoutMs: 15_000 })).rejects.toThrow(/Prism could not start for figur .*figur\.yaml.*run without --mode schema/);
  }, 60_000);
});
