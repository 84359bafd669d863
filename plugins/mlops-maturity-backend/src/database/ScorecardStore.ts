import {
  CheckStatus,
  FactSet,
  Flavor,
  MaturityLevel,
  Scorecard,
  ScorecardHistoryPoint,
  ServiceSummary,
  StatusResponse,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { ServiceScope } from './ServiceScope';

/** A service scored at another level than before. */
export interface LevelChange {
  scorecard: Scorecard;
  previousLevel: MaturityLevel;
}

/** A service known to the refresh queue. */
export interface QueuedService {
  entityRef: string;
  /** Hash of the entity as last seen in the catalog. */
  entityHash: string;
  /** Hash of everything the last scorecard was computed from (entity, facts, config). */
  inputsHash: string | null;
  nextDueAt: Date;
  lastError: string | null;
}

/** How a collection ends for the queue; see {@link ScorecardStore.completeClaim}. */
export interface ClaimCompletion {
  nextDueAt: Date;
  error: string | null;
  inputsHash?: string;
  workerId?: string;
}

/** A source that could not be collected: its last facts stay, marked stale, with the error. */
export interface CollectionFailure {
  source: string;
  error: string;
  attemptedAt: Date;
}

export interface ScorecardEntry {
  scorecard: Scorecard;
  inputsHash: string;
}

/** Everything one refresh of a service stores, written together. */
export interface RefreshRecord {
  entityRef: string;
  /** The service's facts as read before collecting, which the scorecard was computed from. */
  basedOn: FactSet[];
  /** Fact sets collected now, each replacing its source's. */
  collected: FactSet[];
  failed: CollectionFailure[];
  /** The new scorecard; none when the inputs did not change. */
  scorecard?: ScorecardEntry;
  /** Completes the refresh's claim; a re-score after a push holds none. */
  claim?: ClaimCompletion & {
    /** When the service is due if the record is superseded. */
    supersededDueAt: Date;
  };
}

export interface ServiceListFilter {
  level?: MaturityLevel;
  /** Services owned by this group or any of its child groups. */
  owner?: string;
  /** Services in this domain or any of its subdomains. */
  domain?: string;
  system?: string;
  flavor?: Flavor;
  /** Only services where this check id currently has status `fail`. */
  failing?: string;
  /** The services the caller may read. */
  scope: ServiceScope;
  page: number;
  pageSize: number;
  orderBy?: 'entityRef' | 'score' | 'level';
  order?: 'asc' | 'desc';
}

export interface CycleRecord {
  id: number;
  startedAt: Date;
  finishedAt: Date | null;
  evaluated: number;
  failed: number;
}

/**
 * Persistence for the refresh queue, facts, scorecards and their history.
 * Every method is safe to call from several backend replicas.
 */
export interface ScorecardStore {
  /**
   * Makes the queue match the set of selected services: inserts new ones (due now),
   * marks those whose entity hash changed as due now, and deletes those no longer
   * selected (with their facts and latest scorecard; history is kept).
   * Returns the counts of added, changed and removed services.
   */
  syncQueue(
    services: { entityRef: string; entityHash: string }[],
    now: Date,
  ): Promise<{ added: number; changed: number; removed: number }>;

  /**
   * Claims up to `limit` services whose next-due time has passed and that no live
   * worker holds, for `leaseSeconds`. On PostgreSQL this uses row locks with
   * SKIP LOCKED so replicas never claim the same service.
   */
  claimDue(options: {
    limit: number;
    now: Date;
    leaseSeconds: number;
    workerId: string;
  }): Promise<QueuedService[]>;

  /**
   * Sets the next due time (and last error, or null) after a collection. With a
   * `workerId`, it also releases that worker's claim, and does nothing when another
   * worker has taken the service over since; without one (a manual refresh), claims are
   * left to their holders.
   */
  completeClaim(entityRef: string, options: ClaimCompletion): Promise<void>;

  /**
   * Gives up the worker's claims on services it did not get to (a replica shutting down):
   * they stay due, for any replica to take at once rather than when the lease ends.
   */
  releaseClaims(entityRefs: string[], workerId: string): Promise<number>;

  /** Services that are due and that no live worker holds. */
  countDue(now: Date): Promise<number>;

  /**
   * Adds one service to the queue if it is not there yet (a refresh or a push that
   * arrives before the first cycle), due now; leaves an existing row untouched.
   */
  ensureQueued(entityRef: string, entityHash: string, now: Date): Promise<void>;

  /** Makes a service due now (refresh request, pushed facts). False if not queued. */
  markDue(entityRef: string, now: Date): Promise<boolean>;

  getQueuedService(entityRef: string): Promise<QueuedService | undefined>;

  /** Facts of every source for an entity. */
  getFacts(entityRef: string): Promise<FactSet[]>;

  /** Facts of every source for each of many entities, by entity ref. */
  getFactsOfMany(entityRefs: string[]): Promise<Map<string, FactSet[]>>;

  /**
   * Inserts or replaces the facts of one source for one entity, and says whether it did:
   * sample facts never replace facts that were pushed or collected.
   */
  putFacts(factSet: FactSet): Promise<boolean>;

  /**
   * Stores what one refresh found in one transaction: the collected facts, the failed
   * sources, the scorecard and the claim's completion. When the facts it did not collect
   * changed since `basedOn` was read (a push landed meanwhile), it stores the facts only,
   * leaves the scorecard, makes the service due at `claim.supersededDueAt` and returns false.
   */
  recordRefresh(record: RefreshRecord): Promise<boolean>;

  /**
   * Stores the latest scorecard, its per-check rows and a history point, in one transaction.
   */
  saveScorecard(scorecard: Scorecard, inputsHash: string): Promise<void>;

  /**
   * Calls `listener` after each save whose scorecards moved a service to another level
   * than its last history point (a first scorecard is no change).
   */
  onLevelChange(listener: (changes: LevelChange[]) => void): void;

  /**
   * Stores many scorecards as {@link ScorecardStore.saveScorecard} does, in one
   * transaction with multi-row statements: for bulk loads.
   */
  saveScorecards(entries: ScorecardEntry[]): Promise<void>;

  getScorecard(entityRef: string): Promise<Scorecard | undefined>;

  /**
   * History points oldest first, a page at a time: `nextCursor` fetches the next page.
   * A point is stored only when level, score, coverage or a breakdown changed.
   */
  getHistory(
    entityRef: string,
    range: { from?: Date; to?: Date; limit?: number; cursor?: string },
  ): Promise<{ items: ScorecardHistoryPoint[]; nextCursor?: string }>;

  /** Deletes history points evaluated before `before`; returns how many. */
  pruneHistory(before: Date): Promise<number>;

  /**
   * A page of the services in the filter's scope that match it. Throws
   * `StaleScopeError` for an `except` scope computed before the scored services changed.
   */
  listServices(filter: ServiceListFilter): Promise<{
    items: ServiceSummary[];
    totalCount: number;
  }>;

  /** How many services have each status of each check; reads every scorecard. */
  countCheckStatuses(): Promise<
    { checkId: string; status: CheckStatus; count: number }[]
  >;

  startCycle(startedAt: Date): Promise<number>;
  finishCycle(
    id: number,
    result: { finishedAt: Date; evaluated: number; failed: number },
  ): Promise<void>;
  getLastCycle(): Promise<CycleRecord | undefined>;

  /** Queue totals and per-source fact error counts for `/status`. */
  getStatus(
    now: Date,
  ): Promise<Omit<StatusResponse, 'lastCycle' | 'collectors'>>;
}
