import { Entity } from '@backstage/catalog-model';
import { buildCatalogFacts } from './buildCatalogFacts';

const component: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'chargeback-model',
    annotations: {
      'backstage.io/source-location': 'url:https://github.com/acme/chargeback/tree/main/',
      'mlops-maturity.io/data-classification': 'Confidential',
      'mlops-maturity.io/region': 'eu-west-1, westeurope',
      'mlops-maturity.io/model-provider': 'azure-openai;rm -rf',
      'mlops-maturity.io/kpi': 'chargeback_rate',
      'mlops-maturity.io/waivers': 'deploy.rollback:tomorrow',
    },
    links: [
      { url: 'https://runbooks/chargeback', title: 'Runbook', type: 'runbook' },
      { url: 'https://grafana/d/1', title: 'Dashboard' },
    ],
  },
  spec: { type: 'ml-model', owner: 'fraud-ml', system: 'payments-core', lifecycle: 'production' },
};

const catalog: Record<string, Entity> = {
  'group:default/fraud-ml': { apiVersion: 'backstage.io/v1alpha1', kind: 'Group', metadata: { name: 'fraud-ml' }, spec: { parent: 'ml-platform' } },
  'group:default/ml-platform': { apiVersion: 'backstage.io/v1alpha1', kind: 'Group', metadata: { name: 'ml-platform' }, spec: {} },
  'system:default/payments-core': { apiVersion: 'backstage.io/v1alpha1', kind: 'System', metadata: { name: 'payments-core' }, spec: { domain: 'fraud-prevention' } },
  'domain:default/fraud-prevention': { apiVersion: 'backstage.io/v1alpha1', kind: 'Domain', metadata: { name: 'fraud-prevention' }, spec: { subdomainOf: 'payments' } },
  'domain:default/payments': { apiVersion: 'backstage.io/v1alpha1', kind: 'Domain', metadata: { name: 'payments' }, spec: {} },
};

describe('buildCatalogFacts', () => {
  it('resolves owner, system and the domain chain, and normalises annotations', async () => {
    const facts = await buildCatalogFacts(component, async ref => catalog[ref]);
    expect(facts).toMatchObject({
      entityRef: 'component:default/chargeback-model',
      specType: 'ml-model',
      owner: 'group:default/fraud-ml',
      ownerKind: 'group',
      ownerExists: true,
      relationsResolved: true,
      system: 'system:default/payments-core',
      domain: 'domain:default/fraud-prevention',
      domainPath: ['domain:default/fraud-prevention', 'domain:default/payments'],
      ownerPath: ['group:default/fraud-ml', 'group:default/ml-platform'],
      dataClassification: 'confidential',
      regions: ['eu-west-1', 'westeurope'],
      modelProviders: [],
      kpi: 'chargeback_rate',
      linksByType: { runbook: 'https://runbooks/chargeback', dashboard: 'https://grafana/d/1' },
    });
    expect(Object.keys(facts.annotationErrors).sort()).toEqual([
      'mlops-maturity.io/model-provider',
      'mlops-maturity.io/waivers',
    ]);
  });

  it('reports a missing owner and survives subdomain cycles', async () => {
    const cyclic: Record<string, Entity> = {
      ...catalog,
      'group:default/fraud-ml': undefined as unknown as Entity,
      'domain:default/payments': { ...catalog['domain:default/payments'], spec: { subdomainOf: 'fraud-prevention' } },
    };
    const facts = await buildCatalogFacts(component, async ref => cyclic[ref]);
    expect(facts.ownerExists).toBe(false);
    expect(facts.ownerKind).toBeNull();
    expect(facts.domainPath).toEqual(['domain:default/fraud-prevention', 'domain:default/payments']);
  });

  it('takes relations as declared when there is no catalog (CLI)', async () => {
    const facts = await buildCatalogFacts(component, 'no-catalog');
    expect(facts).toMatchObject({ relationsResolved: false, ownerKind: 'group', ownerExists: false, domain: null });
  });

  it("takes the team persona from the closest group of the owner chain that declares one", async () => {
    const withPersona = (group: Entity, persona: string): Entity => ({
      ...group,
      metadata: { ...group.metadata, annotations: { 'mlops-maturity.io/team-persona': persona } },
    });
    const declaredByParent = await buildCatalogFacts(component, async ref =>
      ref === 'group:default/ml-platform'
        ? withPersona(catalog[ref], 'ml-engineer')
        : catalog[ref],
    );
    expect(declaredByParent.ownerPersona).toBe('ml-engineer');
    // The team's own persona wins over its parent's; a value that is no persona is ignored.
    const declaredByTeam = await buildCatalogFacts(component, async ref => {
      if (ref === 'group:default/fraud-ml') return withPersona(catalog[ref], 'data-scientist');
      if (ref === 'group:default/ml-platform') return withPersona(catalog[ref], 'ml-engineer');
      return catalog[ref];
    });
    expect(declaredByTeam.ownerPersona).toBe('data-scientist');
    const misspelt = await buildCatalogFacts(component, async ref =>
      ref === 'group:default/fraud-ml' ? withPersona(catalog[ref], 'Data Scientists') : catalog[ref],
    );
    expect(misspelt.ownerPersona).toBeNull();
  });
});
