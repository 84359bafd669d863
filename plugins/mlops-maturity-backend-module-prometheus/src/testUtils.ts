/**
 * Test utilities: a Prometheus stand-in on the loopback interface, for fault suites and
 * refresh benchmarks.
 *
 * @packageDocumentation
 */

export {
  JOB,
  KPI_METRIC,
  loopbackPrometheus,
} from './testUtils/loopbackPrometheus';
export type { LoopbackPrometheusOptions } from './testUtils/loopbackPrometheus';
