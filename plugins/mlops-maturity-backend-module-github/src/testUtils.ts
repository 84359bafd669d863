/**
 * Test utilities: a GitHub stand-in on the loopback interface that enforces GitHub's rate
 * limits, for fault suites and refresh benchmarks.
 *
 * @packageDocumentation
 */

export { LoopbackGithub } from './testUtils/LoopbackGithub';
export type {
  GithubFault,
  LoopbackGithubOptions,
} from './testUtils/LoopbackGithub';
