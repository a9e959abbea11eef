/** `npm run soak`: a bounded load test of the mock. @see ../../README.md#reliability */

// Running
export { runSoak, type SoakOptions, type SoakReport, type Sample } from './run.js';
// Reading the figures
export { formatReport, soakFailed } from './report.js';
