/**
 * Types, constants and helpers shared by the MLOps maturity plugins.
 *
 * @packageDocumentation
 */
export * from './levels';
export * from './capabilities';
export * from './annotations';
export * from './scorecard';
export * from './facts';
export * from './factSchemas';
export * from './repositoryFacts';
export * from './catalogFacts';
export * from './permissions';
export * from './rollups';
export * from './campaigns';
export * from './whatIf';
export * from './waivers';
