/**
 * Extension points and interfaces for MLOps maturity backend modules.
 *
 * @packageDocumentation
 */
export * from './checks';
export * from './checkToolkit';
export * from './collectors';
export * from './extensions';
export * from './UpstreamHttpClient';
