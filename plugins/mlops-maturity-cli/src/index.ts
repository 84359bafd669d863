/**
 * The `mlops-maturity` command: scores a local checkout with the MLOps maturity engine
 * and its built-in checks, gates CI on a minimum level, and calibrates the scorer against
 * labelled repositories.
 *
 * @packageDocumentation
 */
import { main } from './main';

main(process.argv.slice(2)).then(code => {
  process.exitCode = code;
});
