import { MaturityCheck } from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { governanceChecks } from './governanceChecks';
import { ciJob, runCheck, runStats, signal } from './testHelpers';

const check = (id: string): MaturityCheck =>
  governanceChecks.find(c => c.id === id)!;

describe('gov.owner', () => {
  const owner = check('gov.owner');

  it.each([
    [
      { owner: null },
      'fail',
      'No spec.owner: nobody is accountable for the service',
    ],
    [
      { owner: 'group:default/ghost', ownerKind: null, ownerExists: false },
      'fail',
      'Owner group:default/ghost does not resolve to an entity in the catalog',
    ],
    [
      { owner: 'user:default/jane', ownerKind: 'user', ownerExists: true },
      'fail',
      'Owned by the user user:default/jane: ownership should sit with a team (Group)',
    ],
    [
      {
        owner: 'system:default/payments',
        ownerKind: 'system',
        ownerExists: true,
      },
      'fail',
      'Owner system:default/payments is a system, not a Group',
    ],
    [
      { owner: 'group:default/fraud', ownerKind: 'group', ownerExists: true },
      'pass',
      'Owned by the group group:default/fraud',
    ],
  ])('%j → %s', async (catalog, status, message) => {
    const outcome = await runCheck(owner, { catalog });
    expect(outcome).toMatchObject({ status, message });
    expect(outcome.evidence[0]).toMatchObject({
      source: 'catalog',
      strength: 'declared',
    });
  });

  it('accepts a declared group without a catalog (CLI), saying it is unverified', async () => {
    const outcome = await runCheck(owner, {
      catalog: {
        owner: 'group:default/fraud',
        ownerKind: 'group',
        ownerExists: false,
        relationsResolved: false,
      },
    });
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain('no catalog was consulted');
  });

  it('is unknown when catalog facts are missing', async () => {
    const outcome = await runCheck(owner, { catalog: null });
    expect(outcome).toMatchObject({
      status: 'unknown',
      message: 'catalog facts were not collected for this entity',
    });
  });
});

describe('gov.documentation', () => {
  const docs = check('gov.documentation');

  it('accepts TechDocs published from elsewhere without a repository', async () => {
    const outcome = await runCheck(docs, {
      repository: null,
      catalog: { techdocsRef: 'url:https://docs.acme.io/fraud' },
    });
    expect(outcome.status).toBe('pass');
    expect(outcome.evidence[0].location).toBe('https://docs.acme.io/fraud');
  });

  it('fails a techdocs-ref pointing at a directory without substance', async () => {
    const outcome = await runCheck(docs, { catalog: { techdocsRef: 'dir:.' } });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'backstage.io/techdocs-ref is dir:. but there is nothing of substance there',
    );
  });
});

describe('gov.security-scan', () => {
  const scan = check('gov.security-scan');
  const job = ciJob('.github/workflows/scan.yml', {
    triggers: ['schedule'],
    activities: ['security-scan'],
  });

  it('passes when CI runs scans, even if some found vulnerabilities', async () => {
    const outcome = await runCheck(scan, {
      repository: { signals: [job] },
      ci: {
        securityScan: runStats({
          workflows: ['scan.yml'],
          runs: 4,
          succeeded: 1,
        }),
      },
    });
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain('1 of 4 security scan runs succeeded');
  });

  it('fails a declared scan job that CI never saw run', async () => {
    const outcome = await runCheck(scan, {
      repository: { signals: [job] },
      ci: {},
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('saw no security scan runs');
  });

  it('keeps scanners outside CI (Dependabot) as declared evidence when CI is connected', async () => {
    const outcome = await runCheck(scan, {
      repository: {
        signals: [signal('security-scan', '.github/dependabot.yml')],
      },
      ci: {},
    });
    expect(outcome.status).toBe('pass');
    expect(outcome.evidence[0].strength).toBe('declared');
  });
});

describe('catalog annotation checks', () => {
  it('rejects classifications outside the allowed set', async () => {
    const outcome = await runCheck(check('gov.data-classification'), {
      catalog: { dataClassification: 'secret' },
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      '"secret" is not one of public, internal, confidential, restricted',
    );
  });

  it('checks cost centers against a configured list', async () => {
    const costCenter = check('gov.cost-center');
    const options = { catalog: { costCenter: 'cc-4711' } };
    expect(
      (
        await runCheck(costCenter, {
          ...options,
          params: { allowedCostCenters: ['cc-*'] },
        })
      ).status,
    ).toBe('pass');
    expect(
      (
        await runCheck(costCenter, {
          ...options,
          params: { allowedCostCenters: ['ml-*'] },
        })
      ).status,
    ).toBe('fail');
  });
});
