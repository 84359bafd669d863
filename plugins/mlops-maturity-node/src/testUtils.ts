/**
 * Test utilities for module authors: a check context for testing checks, and stand-ins
 * of upstreams for collectors' fault suites.
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
export {
  mockCheckContext,
  type MockCheckContextOptions,
} from './testUtils/mockCheckContext';
export {
  mockCollectContext,
  type MockCollectContextOptions,
} from './testUtils/mockCollectContext';
