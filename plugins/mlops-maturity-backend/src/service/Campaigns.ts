import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  Campaign,
  CampaignDefinition,
  CampaignDetails,
  CampaignProgress,
  CampaignService,
  CampaignServiceStatus,
  CampaignSummary,
  CheckStatus,
  ServiceCampaign,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { DatabaseCampaignStore } from '../database/DatabaseCampaignStore';
import { CampaignCandidate, RollupStore } from '../database/RollupStore';
import { ServiceScope, scopeIncludes } from '../database/ServiceScope';
import { parseCampaignDefinition } from '../config/campaignDefinition';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Days of progress a campaign's page shows. */
const HISTORY_DAYS = 90;
/** Up to this many services, a check goal reads only their statuses. */
const FEW = 100;

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** Where a service stands on a check goal, from the check's status; undefined: not in it. */
function checkStanding(
  status: CheckStatus | undefined,
  statusesRecorded: boolean,
): CampaignServiceStatus | undefined {
  switch (status) {
    case undefined:
      // No row: the check passed, if every status was recorded for the service.
      return statusesRecorded ? 'met' : 'unknown';
    case 'fail':
      return 'behind';
    case 'waived':
      return 'waived';
    case 'not-applicable':
      return undefined;
    default:
      return 'unknown';
  }
}

function progressOf(services: CampaignService[]): CampaignProgress {
  const progress: CampaignProgress = {
    services: services.length,
    met: 0,
    behind: 0,
    waived: 0,
    unknown: 0,
  };
  for (const service of services) {
    progress[service.status] += 1;
  }
  return progress;
}

/**
 * Campaigns: a goal (a level, or passing a check) for the services in a scope by a
 * deadline. Those in app-config are read-only; the API adds and deletes others. Every
 * figure counts only the services the caller may read.
 */
export class Campaigns {
  private readonly configured: Campaign[];

  constructor(
    private readonly options: {
      configured: CampaignDefinition[];
      store: DatabaseCampaignStore;
      rollups: RollupStore;
      checkExists: (checkId: string) => boolean;
    },
  ) {
    this.configured = options.configured.map(definition => {
      // The config reader knows shapes; only here are the checks known.
      if (
        'check' in definition.goal &&
        !options.checkExists(definition.goal.check)
      ) {
        throw new InputError(
          `Invalid mlopsMaturity.campaigns entry ${definition.id}: goal.check ${definition.goal.check} is not an enabled check`,
        );
      }
      return { ...definition, source: 'config' as const };
    });
  }

  async list(): Promise<Campaign[]> {
    const created = await this.options.store.list();
    return [...this.configured, ...created].sort((a, b) =>
      a.id < b.id ? -1 : 1,
    );
  }

  private async find(id: string): Promise<Campaign> {
    const campaign = (await this.list()).find(c => c.id === id);
    if (!campaign) {
      throw new NotFoundError(`No campaign ${id}.`);
    }
    return campaign;
  }

  async create(body: unknown, createdBy: string, now: Date): Promise<Campaign> {
    const definition = parseCampaignDefinition(
      body,
      'request body',
      this.options.checkExists,
    );
    if (this.configured.some(c => c.id === definition.id)) {
      throw new ConflictError(
        `A campaign with id ${definition.id} is defined in app-config.`,
      );
    }
    return this.options.store.add(definition, createdBy, now);
  }

  async remove(id: string): Promise<void> {
    if (this.configured.some(c => c.id === id)) {
      throw new ConflictError(
        `Campaign ${id} is defined in app-config; remove it there.`,
      );
    }
    if (!(await this.options.store.remove(id))) {
      throw new NotFoundError(`No campaign ${id}.`);
    }
  }

  /** The scope's services in the campaign and where each stands, by entity ref. */
  private async standing(
    campaign: Campaign,
    scope: ServiceScope,
  ): Promise<CampaignService[]> {
    const candidates = await this.options.rollups.campaignServices({
      campaign: campaign.scope,
      scope,
    });
    const { goal } = campaign;
    const toService = (
      candidate: CampaignCandidate,
      status: CampaignServiceStatus,
    ): CampaignService => ({
      entityRef: candidate.entityRef,
      status,
      level: candidate.level,
      ...(candidate.owner !== undefined && { owner: candidate.owner }),
    });
    if ('level' in goal) {
      return candidates.map(candidate =>
        toService(candidate, candidate.level >= goal.level ? 'met' : 'behind'),
      );
    }
    if (!this.options.checkExists(goal.check)) {
      // The check was disabled after the campaign was created: nothing can be judged.
      return candidates.map(candidate => toService(candidate, 'unknown'));
    }
    // A few services (a tab's) ask for their own rows only.
    const unpassed = await this.options.store.unpassed(
      goal.check,
      candidates.length <= FEW ? candidates.map(c => c.entityRef) : undefined,
    );
    return candidates.flatMap(candidate => {
      const status = checkStanding(
        unpassed.get(candidate.entityRef),
        candidate.statusesRecorded,
      );
      return status ? [toService(candidate, status)] : [];
    });
  }

  private summary(
    campaign: Campaign,
    services: CampaignService[],
    now: Date,
  ): CampaignSummary {
    return {
      ...campaign,
      progress: progressOf(services),
      daysLeft: Math.round(
        (Date.parse(campaign.deadline) - Date.parse(isoDay(now))) / DAY_MS,
      ),
    };
  }

  async summaries(scope: ServiceScope, now: Date): Promise<CampaignSummary[]> {
    const summaries: CampaignSummary[] = [];
    for (const campaign of await this.list()) {
      summaries.push(
        this.summary(campaign, await this.standing(campaign, scope), now),
      );
    }
    return summaries;
  }

  async details(
    id: string,
    scope: ServiceScope,
    now: Date,
  ): Promise<CampaignDetails> {
    const campaign = await this.find(id);
    const services = await this.standing(campaign, scope);
    const notMet = services
      .filter(s => s.status !== 'met')
      .sort((a, b) => (a.entityRef < b.entityRef ? -1 : 1));
    const byOwner = new Map<string | null, number>();
    for (const service of notMet) {
      const owner = service.owner ?? null;
      byOwner.set(owner, (byOwner.get(owner) ?? 0) + 1);
    }
    const history = await this.options.store.history({
      campaignId: id,
      from: isoDay(new Date(now.getTime() - (HISTORY_DAYS - 1) * DAY_MS)),
      to: isoDay(now),
      scope,
    });
    return {
      ...this.summary(campaign, services, now),
      notMet,
      behindByOwner: [...byOwner]
        .map(([owner, count]) => ({ owner, services: count }))
        .sort(
          (a, b) =>
            b.services - a.services ||
            String(a.owner).localeCompare(String(b.owner)),
        ),
      history,
    };
  }

  /** The campaigns the service is in, with where it stands and the campaign's progress. */
  async forService(
    entityRef: string,
    scope: ServiceScope,
    now: Date,
  ): Promise<ServiceCampaign[]> {
    const found: ServiceCampaign[] = [];
    if (!scopeIncludes(scope, entityRef)) {
      return found;
    }
    for (const campaign of await this.list()) {
      // Whether the service is in the campaign costs little; the progress only for those.
      const [service] = await this.standing(campaign, {
        type: 'only',
        refs: [entityRef],
      });
      if (service) {
        const services = await this.standing(campaign, scope);
        found.push({ ...this.summary(campaign, services, now), service });
      }
    }
    return found;
  }

  /** Records each campaign's standing for a UTC day; returns the campaigns recorded. */
  async snapshot(date: string): Promise<number> {
    const campaigns = await this.list();
    for (const campaign of campaigns) {
      const services = await this.standing(campaign, { type: 'all' });
      await this.options.store.saveSnapshot(
        campaign.id,
        date,
        services.map(s => ({
          entityRef: s.entityRef,
          met: s.status === 'met',
        })),
      );
    }
    return campaigns.length;
  }

  /** Deletes snapshots before `date` and those of campaigns no longer defined. */
  async pruneSnapshots(before: string): Promise<number> {
    const ids = (await this.list()).map(c => c.id);
    return this.options.store.pruneSnapshots(before, ids);
  }
}
