import { CampaignService } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { groupRef, serviceRef } from '../../database/rollupTestFixtures';

/**
 * The fixtures' check ids as custom checks of the registry, so that campaigns may name
 * them. Fixture statuses (e is hidden from the default user):
 * deploy.x: a fail, b pass, c waived, d pass, f fail, e pass.
 * ops.z: a pass, b fail, c pass, d unknown, f not applicable, e pass.
 */
export const FIXTURE_CHECKS = ['deploy.x', 'ops.z'].map(id => ({
  id,
  title: `Custom ${id}`,
  dimension: 'deployment',
  level: 1,
  persona: 'ml-engineer',
  rule: { fact: 'catalog.kind', exists: true },
}));

export const DEPLOY_X_CAMPAIGN = {
  id: 'deploy-x',
  title: 'Everyone passes deploy.x',
  goal: { check: 'deploy.x' },
  deadline: '2027-06-30',
};

/** The services of {@link DEPLOY_X_CAMPAIGN} not meeting its goal, by entity ref. */
export const DEPLOY_X_NOT_MET: CampaignService[] = [
  {
    entityRef: serviceRef('a'),
    status: 'behind',
    level: 0,
    owner: groupRef('fraud-team'),
  },
  {
    entityRef: serviceRef('c'),
    status: 'waived',
    level: 2,
    owner: groupRef('fraud-team'),
  },
  {
    entityRef: serviceRef('f'),
    status: 'behind',
    level: 0,
    owner: 'user:default/alice',
  },
];
