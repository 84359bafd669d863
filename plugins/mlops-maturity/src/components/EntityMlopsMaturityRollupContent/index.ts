export { EntityMlopsMaturityRollupContent } from './EntityMlopsMaturityRollupContent';
