import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/contracts/index.js';

const root = packageRoot();
const read = (file: string) => JSON.parse(readFileSync(join(root, file), 'utf8'));

describe('package.json and tsconfig.json', () => {
  it('type-checks with strict and exactOptionalPropertyTypes (npm test runs tsc with them)', () => {
    expect(read('tsconfig.json').compilerOptions).toMatchObject({ strict: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true });
  });

  it('ships what the installed bin needs at run time, and nothing unused', () => {
    const pkg = read('package.json');
    // `job-contracts generate` runs openapi-typescript from the installed package.
    expect(pkg.dependencies['openapi-typescript']).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.devDependencies['openapi-typescript']).toBeUndefined();
    // Prism runs as a child process through @stoplight/prism-cli; nothing imports prism-http.
    expect(pkg.dependencies['@stoplight/prism-http']).toBeUndefined();
    for (const [name, version] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) expect(`${name}@${version}`).toMatch(/@\d+\.\d+\.\d+$/);
  });
});
