export { mlopsMaturityPlugin as default } from './plugin';
