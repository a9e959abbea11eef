/**
 * The built-in providers' hook files: template functions for what their data cannot say.
 * Most providers have none. @see ../../docs/provider-format.md#hooks-rarely
 */
import type { ProviderHooks } from '../core/load-definition.js';
import { functions as osapi } from './osapi/hooks.js';

/** Hooks by provider id. */
export const builtinHooks: Readonly<Record<string, ProviderHooks>> = { osapi: { functions: osapi } };
