import { describe, expect, it } from 'vitest';
import { validateResponse } from '../../src/contracts/index.js';
import { createMock } from '../../src/mock/mock.js';
import type { ProviderInfo } from '../../src/mock/mock.js';
import { providerIds } from '../../src/providers/ids.js';
import { actionBodies } from '../helpers/drive.js';

const origin = 'http://127.0.0.1:4010';

describe('GET /__admin/providers lists every credential the mock accepts, with its scopes', () => {
  it('names the limited ones: a Figur key without jobs:read, an OSAPI read-only token, Scenario Bearer and viewer tokens', async () => {
    const mock = createMock({ clock: 'manual' });
    const list = (await (await mock.handle(new Request(`${origin}/__admin/providers`))).json()) as ProviderInfo[];
    const labels = (id: string) => list.find((p) => p.id === id)?.credentials.map((c) => `${c.label} [${c.scopes.join(' ')}]`);
    expect(labels('figur')).toContain('acme key without jobs:read []');
    expect(labels('osapi')).toContain('acme read-only (job:read) [job:read]');
    expect(labels('scenario')).toEqual(expect.arrayContaining(['acme token (Bearer) [jobs:read jobs:write]', 'acme viewer token (Bearer, read-only) [jobs:read]']));
  });

  it.each(providerIds)('%s: each listed credential is accepted, and answers every operation as its scopes say (403 only where one is missing)', async (id) => {
    const mock = createMock({ clock: 'manual', providers: [id] });
    const info = (await (await mock.handle(new Request(`${origin}/__admin/providers`))).json() as ProviderInfo[])[0] as ProviderInfo;
    const provider = mock.providers.get(id);
    expect(info.credentials.length).toBe(provider?.credentials.length);
    for (const credential of info.credentials) {
      for (const role of ['getJob', 'cancelJob', 'deleteJob', 'respondToJob'] as const) {
        const op = provider?.contract.operation(role);
        if (!op) continue;
        const job = mock.createJob(id, 'slow', credential.tenant);
        const body = actionBodies[id]?.[role];
        const response = await mock.handle(
          new Request(`${info.baseUrl}${op.path.replace(/\{[^}]+\}/, job.id)}`, {
            method: op.method.toUpperCase(),
            headers: { ...credential.headers, ...(body ? { 'content-type': 'application/json' } : {}) },
            ...(body ? { body: JSON.stringify(body) } : {}),
          }),
        );
        const text = await response.text();
        const scope = (provider?.contract.spec.document['x-job-mock'] as { scopes?: Record<string, string> } | undefined)?.scopes?.[op.role];
        const allowed = scope === undefined || credential.scopes.includes(scope);
        const what = `${credential.label} ${role}`;
        expect(response.status, `${what}: ${text}`).not.toBe(401);
        if (allowed) expect(response.status, `${what}: ${text}`).not.toBe(403);
        else expect(response.status, what).toBe(403);
        expect(validateResponse({ provider: id, operation: op.operationId, status: response.status, contentType: response.headers.get('content-type'), body: text ? JSON.parse(text) : undefined }), what).toEqual({ ok: true });
      }
    }
  });
});
