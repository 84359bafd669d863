/**
 * Test utilities for collectors: stand-ins of upstreams for fault suites.
 *
 * @packageDocumentation
 */

export {
  LoopbackUpstream,
  refreshDuringRetryAfter,
} from './testUtils/LoopbackUpstream';
export type {
  LoopbackUpstreamOptions,
  UpstreamFault,
} from './testUtils/LoopbackUpstream';
