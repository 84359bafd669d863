export {
  default,
  mlopsMaturityApi,
  mlopsMaturityEntityContent,
  mlopsMaturityEntityCard,
} from './alpha/plugin';
export { mlopsMaturityTranslationRef } from './translation';
