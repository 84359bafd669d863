export { EntityMlopsMaturityCard } from './EntityMlopsMaturityCard';
