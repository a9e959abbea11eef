import type { operations as AisquareOperations } from '../../generated/aisquare.js';
import type { operations as CataPosOperations } from '../../generated/cata-pos.js';
import type { operations as FigurOperations } from '../../generated/figur.js';
import type { operations as OsapiOperations } from '../../generated/osapi.js';
import type { operations as ScenarioOperations } from '../../generated/scenario.js';

type Json200<T> = T extends { responses: { 200: { content: { 'application/json': infer B } } } } ? B : never;

/** The getJob 200 body of each provider, as openapi-typescript generated it from the spec. */
export interface JobBodies {
  aisquare: Json200<AisquareOperations['jobs-retrieve']>;
  figur: Json200<FigurOperations['getJob']>;
  osapi: Json200<OsapiOperations['getJob']>;
  'cata-pos': Json200<CataPosOperations['get-generation-job-status']>;
  scenario: Json200<ScenarioOperations['getJob']>;
}

export type { BuiltInScenarios } from '../../generated/scenarios.js';
