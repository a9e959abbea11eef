/** The five providers, by the one id used for files, CLI flags and export paths. */
export const providerIds = ['aisquare', 'figur', 'osapi', 'cata-pos', 'scenario'] as const;

/** A provider id: `specs/<id>.yaml`, `scenarios/<id>/`, `mocks/<id>.ts`. */
export type ProviderId = (typeof providerIds)[number];

/** The job roles an operation can play, declared with `x-job-role`. */
export const jobRoles = [
  'getJob',
  'createJob',
  'listJobs',
  'cancelJob',
  'listJobEvents',
  'respondToJob',
  'retryJob',
  'deleteJob',
] as const;

/** What an operation does to or with a job. */
export type JobRole = (typeof jobRoles)[number];

/** True when `value` names one of the five providers. */
export function isProviderId(value: string): value is ProviderId {
  return (providerIds as readonly string[]).includes(value);
}
