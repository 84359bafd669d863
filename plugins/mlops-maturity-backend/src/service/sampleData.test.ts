import { TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseWaiverStore } from '../database/DatabaseWaiverStore';
import { mockServices } from '@backstage/backend-test-utils';
import path from 'path';
import {
  SAMPLE_WAIVER_ACTOR,
  loadSampleData,
  loadSampleWaivers,
} from './sampleData';

jest.setTimeout(60_000);

describe('loadSampleWaivers', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
  const now = new Date('2026-12-05T10:00:00Z');
  const definitions = [
    {
      entityRef: 'support-assistant',
      checkId: 'llm.region',
      reason: 'Sample waiver: the data residency review is in progress',
      expiresInDays: 30,
      approved: false,
    },
    {
      entityRef: 'component:default/product-recommender',
      checkId: 'monitoring.kpi-alerts',
      reason: 'Sample waiver: KPI alerts ship with the on-call rotation',
      expiresInDays: 60,
      approved: true,
    },
  ];
  const load = (
    waivers: DatabaseWaiverStore,
    overrides: Partial<Parameters<typeof loadSampleWaivers>[0]> = {},
  ) =>
    loadSampleWaivers({
      definitions,
      waivers,
      checkExists: id => ['llm.region', 'monitoring.kpi-alerts'].includes(id),
      maxWaiverDays: 90,
      now,
      ...overrides,
    });

  it.each(databases.eachSupportedId())(
    'requests each sample waiver once, approving those marked approved, on %p',
    async databaseId => {
      const waivers = await DatabaseWaiverStore.fromKnex(
        await databases.init(databaseId),
      );
      await expect(load(waivers)).resolves.toBe(2);
      const loaded = await waivers.list({}, now);
      expect(
        loaded.map(w => [w.entityRef, w.status, w.requestedBy, w.expiresAt]),
      ).toEqual(
        expect.arrayContaining([
          [
            'component:default/support-assistant',
            'pending',
            SAMPLE_WAIVER_ACTOR,
            '2027-01-04T23:59:59.999Z',
          ],
          [
            'component:default/product-recommender',
            'approved',
            SAMPLE_WAIVER_ACTOR,
            '2027-02-03T23:59:59.999Z',
          ],
        ]),
      );

      // A decision people took on a sample waiver survives the next startup.
      const pending = loaded.find(w => w.status === 'pending')!;
      await waivers.decide({
        id: pending.id,
        decision: 'reject',
        actor: 'user:default/platform',
        now,
      });
      await expect(load(waivers)).resolves.toBe(0);
      await expect(waivers.list({}, now)).resolves.toHaveLength(2);
    },
  );

  it('refuses an unknown check, a bad entity ref and a waiver longer than the maximum, naming the entry', async () => {
    const waivers = await DatabaseWaiverStore.fromKnex(
      await databases.init('SQLITE_3'),
    );
    await expect(
      load(waivers, { checkExists: id => id === 'llm.region' }),
    ).rejects.toThrow(
      'Invalid mlopsMaturity.sampleWaivers[1].checkId: monitoring.kpi-alerts is not an enabled check',
    );
    await expect(
      load(waivers, { definitions: [{ ...definitions[0], entityRef: '' }] }),
    ).rejects.toThrow(/^Invalid mlopsMaturity.sampleWaivers\[0\].entityRef/);
    await expect(load(waivers, { maxWaiverDays: 45 })).rejects.toThrow(
      'Invalid mlopsMaturity.sampleWaivers[1].expiresInDays: at most 45 days (mlopsMaturity.waivers.maxDays), got 60',
    );
    // Nothing is loaded when any entry is invalid.
    await expect(waivers.list({}, now)).resolves.toEqual([]);
  });

  it('loads the sample facts directory, resolved from the working directory, and the sample waivers', async () => {
    const waivers = await DatabaseWaiverStore.fromKnex(
      await databases.init('SQLITE_3'),
    );
    const ingestion = {
      loadSampleFacts: jest.fn(async () => ({
        loaded: ['component:default/a'],
        failed: ['broken.json'],
      })),
    };
    const logger = mockServices.logger.mock();
    await loadSampleData({
      config: {
        sampleFactsDirectory: 'examples/sample-facts',
        sampleWaivers: [definitions[0]],
        maxWaiverDays: 90,
      },
      ingestion,
      waivers,
      checkExists: () => true,
      logger,
    });
    expect(ingestion.loadSampleFacts).toHaveBeenCalledWith(
      path.resolve('examples/sample-facts'),
    );
    expect(logger.info).toHaveBeenCalledWith(
      'Loaded sample facts for 1 services (1 files failed) from mlopsMaturity.sampleFacts.directory',
    );
    expect(logger.info).toHaveBeenCalledWith(
      'Loaded 1 sample waivers from mlopsMaturity.sampleWaivers',
    );
  });
});
