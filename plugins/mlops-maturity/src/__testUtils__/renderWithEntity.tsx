import { ReactElement } from 'react';
import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  ScmIntegrationsApi,
  scmIntegrationsApiRef,
} from '@backstage/integration-react';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { MlopsMaturityApi, mlopsMaturityApiRef } from '../api';

/** An API whose every method fails until a test says what it returns. */
export function mockMlopsMaturityApi(): jest.Mocked<MlopsMaturityApi> {
  const unexpected = (name: string) =>
    jest.fn().mockRejectedValue(new Error(`unexpected call to ${name}`));
  return {
    getScorecard: unexpected('getScorecard'),
    getHistory: jest.fn().mockResolvedValue([]),
    refresh: unexpected('refresh'),
    listChecks: unexpected('listChecks'),
    listServices: unexpected('listServices'),
    exportServicesCsv: unexpected('exportServicesCsv'),
    getRollups: unexpected('getRollups'),
    exportRollupsCsv: unexpected('exportRollupsCsv'),
    getTopBlockers: unexpected('getTopBlockers'),
    getRollupTrend: unexpected('getRollupTrend'),
    compareDomains: unexpected('compareDomains'),
    listCampaigns: unexpected('listCampaigns'),
    getCampaign: unexpected('getCampaign'),
    // The tab asks on every render; most tests are about services in no campaign.
    getServiceCampaigns: jest.fn().mockResolvedValue([]),
    createCampaign: unexpected('createCampaign'),
    deleteCampaign: unexpected('deleteCampaign'),
    previewRuleChange: unexpected('previewRuleChange'),
    getBadgeUrl: unexpected('getBadgeUrl'),
    // The tab lists waivers on every render; most tests are about services without any.
    listWaivers: jest.fn().mockResolvedValue([]),
    requestWaiver: unexpected('requestWaiver'),
    decideWaiver: unexpected('decideWaiver'),
  };
}

/**
 * Renders `element` on the page of `entity`, in a test app that has `api` and the SCM
 * integrations an app provides (github.com among them, with no config).
 */
export function renderWithEntity(
  element: ReactElement,
  entity: Entity,
  api: MlopsMaturityApi,
) {
  return renderInTestApp(
    <EntityProvider entity={entity}>{element}</EntityProvider>,
    {
      apis: [
        [mlopsMaturityApiRef, api],
        [
          scmIntegrationsApiRef,
          ScmIntegrationsApi.fromConfig(new ConfigReader({})),
        ],
      ],
    },
  );
}
