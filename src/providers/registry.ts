import type { ProviderAdapter } from './adapter.js';
import type { ProviderId } from './ids.js';

/** Loads a provider's adapter from src/providers/<id>.ts (export `<camelId>Adapter`). */
export async function loadAdapter(id: ProviderId): Promise<ProviderAdapter> {
  const exportName = `${id.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())}Adapter`;
  const module = (await import(`./${id}.js`)) as Record<string, ProviderAdapter | undefined>;
  const adapter = module[exportName];
  if (!adapter) throw new Error(`job-contracts: src/providers/${id}.ts does not export ${exportName}.`);
  return adapter;
}
