import { Campaigns } from './Campaigns';
import { DatabaseCampaignStore } from '../database/DatabaseCampaignStore';
import { RollupStore } from '../database/RollupStore';

const ref = (name: string) => `component:default/${name}`;

/** Campaigns over fixed candidates and check statuses, without a database. */
function campaignsOver(options: {
  statusesRecorded: boolean;
  unpassed: Record<string, string>;
}) {
  const rollups = {
    campaignServices: jest.fn(async () =>
      ['a', 'b'].map(name => ({
        entityRef: ref(name),
        level: 1 as const,
        statusesRecorded: options.statusesRecorded,
      })),
    ),
  } as unknown as RollupStore;
  const store = {
    list: async () => [],
    unpassed: async () => new Map(Object.entries(options.unpassed)),
  } as unknown as DatabaseCampaignStore;
  return new Campaigns({
    configured: [
      {
        id: 'eval',
        title: 'Evaluate in CI',
        scope: {},
        goal: { check: 'llm.eval-in-ci' },
        deadline: '2026-12-14',
      },
    ],
    store,
    rollups,
    checkExists: id => id === 'llm.eval-in-ci',
  });
}

describe('Campaigns', () => {
  const now = new Date('2026-12-04T18:00:00Z');

  it('counts a service without a row for the check as passing it', async () => {
    const [summary] = await campaignsOver({
      statusesRecorded: true,
      unpassed: { [ref('b')]: 'fail' },
    }).summaries({ type: 'all' }, now);
    expect(summary.progress).toEqual({
      services: 2,
      met: 1,
      behind: 1,
      waived: 0,
      unknown: 0,
    });
    expect(summary.daysLeft).toBe(10);
  });

  it('says a status is unknown for services scored before every status was recorded', async () => {
    const [summary] = await campaignsOver({
      statusesRecorded: false,
      unpassed: { [ref('b')]: 'fail' },
    }).summaries({ type: 'all' }, now);
    // a has no row, but only fails were recorded for it: it may not pass.
    expect(summary.progress).toMatchObject({ met: 0, behind: 1, unknown: 1 });
  });

  it('stops at startup on a configured campaign whose check is not enabled', () => {
    expect(
      () =>
        new Campaigns({
          configured: [
            {
              id: 'gone',
              title: 'Gone',
              scope: {},
              goal: { check: 'no.such-check' },
              deadline: '2027-01-01',
            },
          ],
          store: {} as DatabaseCampaignStore,
          rollups: {} as RollupStore,
          checkExists: () => false,
        }),
    ).toThrow(
      'Invalid mlopsMaturity.campaigns entry gone: goal.check no.such-check is not an enabled check',
    );
  });
});
