export { EntityMlopsMaturityContent } from './EntityMlopsMaturityContent';
