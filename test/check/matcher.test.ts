import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contractMatchers } from '../../src/check/vitest.js';

expect.extend(contractMatchers);

const success = JSON.parse(readFileSync(new URL('../fixtures/figur/get-job-200-success.json', import.meta.url), 'utf8'));

describe('toSatisfyContract', () => {
  it('passes a documented answer and fails a broken one, naming the pointer', () => {
    expect({ status: 200, body: success }).toSatisfyContract('figur', 'getJob');
    expect({ status: 200, body: { ...success, status: 'DONE' } }).not.toSatisfyContract('figur', 'getJob');
    expect(() => expect({ status: 200, body: { ...success, status: 'DONE' } }).toSatisfyContract('figur', 'getJob')).toThrow(/\/status enum/);
    expect(() => expect({ status: 418, body: {} }).toSatisfyContract('figur', 'getJob')).toThrow(/does not document status 418/);
  });

  it('checks the content type and the lifecycle rules of one snapshot', () => {
    expect({ status: 200, body: success, headers: { 'Content-Type': 'text/plain' } }).not.toSatisfyContract('figur', 'getJob');
    const early = { ...success, status: 'IN_PROGRESS' };
    expect(() => expect({ status: 200, body: early }).toSatisfyContract('figur', 'getJob')).toThrow(/\/result only-in/);
  });

  it('takes a Fetch Response (asynchronously), by operationId or role', async () => {
    const response = new Response(JSON.stringify(success), { status: 200, headers: { 'content-type': 'application/json' } });
    await expect(response).toSatisfyContract('figur', 'getJob');
    await expect(new Response('{"id":', { status: 200, headers: { 'content-type': 'application/json' } })).not.toSatisfyContract('aisquare', 'jobs-retrieve');
  });
});
