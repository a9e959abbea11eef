import type { ProviderAdapter } from './adapter.js';
import { aisquareAdapter } from './aisquare.js';
import { cataPosAdapter } from './cata-pos.js';
import { figurAdapter } from './figur.js';
import type { ProviderId } from './ids.js';
import { osapiAdapter } from './osapi.js';
import { scenarioAdapter } from './scenario.js';

/** Every provider's adapter, by id: adding a provider adds one line here. */
export const adapters: Readonly<Record<ProviderId, ProviderAdapter>> = {
  aisquare: aisquareAdapter,
  figur: figurAdapter,
  osapi: osapiAdapter,
  'cata-pos': cataPosAdapter,
  scenario: scenarioAdapter,
};
