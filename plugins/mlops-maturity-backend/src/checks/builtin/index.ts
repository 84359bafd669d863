import { MaturityCheck } from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { businessChecks } from './businessChecks';
import { dataChecks } from './dataChecks';
import { deliveryChecks } from './deliveryChecks';
import { deploymentChecks } from './deploymentChecks';
import { experimentationChecks } from './experimentationChecks';
import { governanceChecks } from './governanceChecks';
import { llmChecks } from './llmChecks';
import { monitoringChecks } from './monitoringChecks';
import { pipelineChecks } from './pipelineChecks';
import { registryChecks } from './registryChecks';
import { servingChecks } from './servingChecks';

/**
 * The built-in check catalogue (DESIGN §7), in the order of the maturity journey.
 * @public
 */
export const builtinChecks: MaturityCheck[] = [
  ...experimentationChecks,
  ...dataChecks,
  ...pipelineChecks,
  ...registryChecks,
  ...deliveryChecks,
  ...deploymentChecks,
  ...servingChecks,
  ...monitoringChecks,
  ...governanceChecks,
  ...businessChecks,
  ...llmChecks,
];
