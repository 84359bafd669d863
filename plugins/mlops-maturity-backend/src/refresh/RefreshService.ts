import { createHash, randomUUID } from 'crypto';
import { hostname } from 'os';
import pLimit from 'p-limit';
import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { HumanDuration, durationToMilliseconds } from '@backstage/types';
import {
  ANNOTATIONS,
  FactSet,
  Scorecard,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import {
  FactCollector,
  UpstreamError,
  factsUnchanged,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { MlopsMaturityConfig } from '../config/MlopsMaturityConfig';
import {
  CollectionFailure,
  QueuedService,
  ScorecardStore,
} from '../database/ScorecardStore';
import { MaturityEngine, outcomeBehindWaiver } from '../engine/MaturityEngine';
import { isMlService } from '../entity/selectServices';
import { Waiver, parseWaivers } from '../entity/waivers';

export function hashOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/** The parts of a fact set that change a score: not when it was collected. */
function scoringInputOf(factSet: FactSet) {
  return {
    source: factSet.source,
    facts: factSet.facts,
    error: factSet.error ?? null,
    stale: factSet.stale ?? false,
    sample: factSet.sample ?? false,
  };
}

/**
 * The facts a refresh scores: those read before collecting, with what it collected put
 * in, and a failed source kept as it was, marked stale (as the store records it).
 */
export function mergeFacts(
  previous: FactSet[],
  collected: FactSet[],
  failed: CollectionFailure[],
  entityRef: string,
): FactSet[] {
  const bySource = new Map(previous.map(f => [f.source, f]));
  collected.forEach(f => bySource.set(f.source, f));
  for (const failure of failed) {
    bySource.set(
      failure.source,
      withFailure(bySource.get(failure.source), failure, entityRef),
    );
  }
  return [...bySource.values()].sort((a, b) => (a.source < b.source ? -1 : 1));
}

function withFailure(
  previous: FactSet | undefined,
  { source, error, attemptedAt }: CollectionFailure,
  entityRef: string,
): FactSet {
  return previous
    ? { ...previous, error, stale: true }
    : {
        source,
        entityRef,
        facts: {},
        collectedAt: attemptedAt.toISOString(),
        error,
        stale: false,
        sample: false,
        origin: 'collector',
      };
}

export interface CycleResult {
  selected: number;
  claimed: number;
  rescored: number;
  unchanged: number;
  failed: number;
  /**
   * Services whose pushed facts changed while they were collected: the collected facts
   * are stored, and they are scored again in the next cycle.
   */
  superseded: number;
  /** Services with a source whose rate limit was spent: due again when it resets. */
  waiting: number;
  /** Claimed services handed back unstarted, because the cycle was stopped. */
  released: number;
  /** Services queued after this cycle read the catalog: due for the next one. */
  notListed: number;
}

/**
 * How long a stopping backend lets the services in flight finish; Kubernetes, say, gives
 * a pod 30 s to stop, which the rest of the backend needs too.
 */
const SHUTDOWN_GRACE_MS = 10_000;

/** Re-scores after a push that start over because another push landed meanwhile. */
const MAX_RESCORE_ATTEMPTS = 3;

/** When a spent rate limit resets, if this error says a collector waits for one. */
function rateLimitResetOf(error: unknown): Date | undefined {
  return error instanceof UpstreamError &&
    error.kind === 'rate-limited' &&
    error.retryAt
    ? error.retryAt
    : undefined;
}

/**
 * Runs the refresh: keeps the queue in step with the catalog, collects facts for due
 * services and re-scores those whose entity, facts or configuration changed.
 */
export class RefreshService {
  /** Names the replica (host and process) in the claims it holds, for whoever inspects them. */
  private readonly workerId = `${hostname()}:${
    process.pid
  }:${randomUUID().slice(0, 8)}`;
  private readonly refreshing = new Map<string, Promise<Scorecard>>();
  private readonly activeCycles = new Set<Promise<CycleResult>>();
  /** Services this replica claimed in a cycle and has not finished. */
  private readonly held = new Set<string>();
  private readonly stop = new AbortController();
  private readonly shuttingDown = this.stop.signal;

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      store: ScorecardStore;
      engine: MaturityEngine;
      /** Every collector, the built-in catalog and repository ones included. */
      collectors: FactCollector[];
      config: MlopsMaturityConfig;
      /**
       * Hash of what scoring depends on besides entity and facts (checks, level rules,
       * targets), so a config change re-scores everything.
       */
      scoringHash: string;
      /** Waivers approved through the API; none without. */
      waivers?: {
        approvedFor(
          entityRefs: string[],
          now: Date,
        ): Promise<Map<string, Waiver[]>>;
        /** Closes or reopens waivers after scoring; true when one stopped applying. */
        reconcile(options: {
          entityRef: string;
          outcomes: Map<string, { passes: boolean; withoutWaiver?: string }>;
          now: Date;
        }): Promise<boolean>;
      };
      logger: LoggerService;
    },
  ) {}

  /** The service's waivers approved through the API that hold at `now`. */
  async approvedWaivers(entityRef: string, now: Date): Promise<Waiver[]> {
    const approved = await this.options.waivers?.approvedFor([entityRef], now);
    return approved?.get(entityRef) ?? [];
  }

  /**
   * Scores the service with the waivers approved for it, and follows those waivers: one
   * whose check passes is closed, one whose check fails for another reason goes back for
   * approval; then it is scored again without them.
   */
  private async scoreWithWaivers(
    entity: Entity,
    facts: FactSet[],
    now: Date,
    approvedWaivers: Waiver[],
  ): Promise<{ scorecard: Scorecard; approvedWaivers: Waiver[] }> {
    const { engine, waivers } = this.options;
    const evaluate = (approved: Waiver[]) =>
      engine.evaluate({
        entity,
        facts,
        liveSources: this.liveSourcesFor(entity),
        now,
        approvedWaivers: approved,
      });
    const scorecard = await evaluate(approvedWaivers);
    if (!waivers || approvedWaivers.length === 0) {
      return { scorecard, approvedWaivers };
    }
    const outcomes = new Map(
      approvedWaivers.flatMap(({ checkId }) => {
        const result = scorecard.checks.find(check => check.id === checkId);
        return result
          ? [
              [
                checkId,
                {
                  passes:
                    result.status === 'pass' ||
                    result.status === 'not-applicable',
                  withoutWaiver: outcomeBehindWaiver(result),
                },
              ] as const,
            ]
          : [];
      }),
    );
    if (
      !(await waivers.reconcile({
        entityRef: scorecard.entityRef,
        outcomes,
        now,
      }))
    ) {
      return { scorecard, approvedWaivers };
    }
    const remaining = await this.approvedWaivers(scorecard.entityRef, now);
    return { scorecard: await evaluate(remaining), approvedWaivers: remaining };
  }

  private async credentials() {
    return this.options.auth.getOwnServiceCredentials();
  }

  /** Streams the selected ML services from the catalog. */
  async listSelectedEntities(): Promise<Entity[]> {
    const { catalog, config } = this.options;
    const credentials = await this.credentials();
    const byRef = new Map<string, Entity>();
    const add = async (stream: AsyncIterable<Entity[]>) => {
      for await (const page of stream) {
        for (const entity of page) {
          if (isMlService(entity, config.selector)) {
            byRef.set(stringifyEntityRef(entity), entity);
          }
        }
      }
    };
    await add(
      catalog.streamEntities({ query: config.selector }, { credentials }),
    );
    await add(
      catalog.streamEntities(
        { filter: { [`metadata.annotations.${ANNOTATIONS.enabled}`]: 'true' } },
        { credentials },
      ),
    );
    return [...byRef.values()];
  }

  private entityLookup() {
    const cache = new Map<string, Promise<Entity | undefined>>();
    return (ref: string) => {
      let entry = cache.get(ref);
      if (!entry) {
        entry = this.credentials().then(credentials =>
          this.options.catalog.getEntityByRef(ref, { credentials }),
        );
        cache.set(ref, entry);
      }
      return entry;
    };
  }

  /**
   * The cheap half of a cycle: lists the selected entities and queues new and changed
   * ones as due now, collecting nothing, and counts the services due. Run every minute, it
   * lets a new service be scored soon after it appears in the catalog rather than at the
   * next full cycle, and work a cycle left (out of time, or handed back by a replica that
   * stopped) be taken up soon.
   */
  async discover(now = new Date()): Promise<{
    added: number;
    changed: number;
    removed: number;
    due: number;
  }> {
    const entities = await this.listSelectedEntities();
    const sync = await this.options.store.syncQueue(
      entities.map(e => ({
        entityRef: stringifyEntityRef(e),
        entityHash: hashOf(e),
      })),
      now,
    );
    return { ...sync, due: await this.options.store.countDue(now) };
  }

  /**
   * Runs one cycle: takes batch after batch of due services until none is left, the
   * signal (the scheduler's timeout) or a shutdown stops it, or half of the run time is
   * spent — a batch claimed later might outlive the run and its lease. What is left is
   * taken up by the next cycle, which discovery starts within a minute.
   */
  async runCycle(now = new Date(), signal?: AbortSignal): Promise<CycleResult> {
    const cycle = this.cycle(now, signal);
    this.activeCycles.add(cycle);
    try {
      return await cycle;
    } finally {
      this.activeCycles.delete(cycle);
    }
  }

  private async cycle(now: Date, signal?: AbortSignal): Promise<CycleResult> {
    const { store, config, logger } = this.options;
    const stopping = () => this.shuttingDown.aborted || !!signal?.aborted;
    const cycleId = await store.startCycle(now);
    const entities = await this.listSelectedEntities();
    const byRef = new Map(entities.map(e => [stringifyEntityRef(e), e]));
    const sync = await store.syncQueue(
      entities.map(e => ({
        entityRef: stringifyEntityRef(e),
        entityHash: hashOf(e),
      })),
      now,
    );
    const leaseSeconds = this.leaseSeconds();
    const claimUntil = Date.now() + leaseSeconds * 500;
    // Every service is claimed at most once a cycle, so this many batches always suffice.
    const maxBatches = Math.ceil(entities.length / config.batchSize) + 1;

    const lookup = this.entityLookup();
    const limit = pLimit(config.concurrency);
    const result: CycleResult = {
      selected: entities.length,
      claimed: 0,
      rescored: 0,
      unchanged: 0,
      failed: 0,
      superseded: 0,
      waiting: 0,
      released: 0,
      notListed: 0,
    };
    let firstReset: Date | undefined;
    const processClaim = async (queued: QueuedService) => {
      const entity = byRef.get(queued.entityRef);
      if (!entity) {
        // Queued after this cycle read the catalog (by discovery, or missed by a listing
        // taken while the catalog changed): the next cycle reads the catalog afresh and
        // scores the service, or drops it from the queue if it is gone.
        await store.completeClaim(queued.entityRef, {
          nextDueAt: new Date(now.getTime() + 1),
          error: null,
          workerId: this.workerId,
        });
        result.notListed += 1;
        return;
      }
      try {
        const outcome = await this.process(entity, {
          lookup,
          previousInputsHash: queued.inputsHash,
          force: false,
          now,
          workerId: this.workerId,
        });
        result[outcome.result] += 1;
        if (outcome.waitUntil) {
          result.waiting += 1;
          if (!firstReset || outcome.waitUntil < firstReset) {
            firstReset = outcome.waitUntil;
          }
        }
      } catch (error) {
        result.failed += 1;
        // The last scorecard stays; the error is kept on the queue row for /status.
        logger.warn(
          `MLOps maturity evaluation of ${queued.entityRef} failed: ${error}`,
        );
        // Even this may fail while the database is away: the claim then ends with its
        // lease, and the service is taken up again. Every service's outcome is settled
        // before the cycle ends, so no work runs on behind a finished cycle.
        await store
          .completeClaim(queued.entityRef, {
            // Soon rather than after recollectAfterHours: most failures pass.
            nextDueAt: new Date(
              now.getTime() + config.retryFailedAfterMinutes * 60_000,
            ),
            error: String((error as Error).message ?? error),
            workerId: this.workerId,
          })
          .catch(claimError =>
            logger.warn(
              `MLOps maturity could not record the failure of ${queued.entityRef}; it is taken up again when its claim expires: ${claimError}`,
            ),
          );
      }
    };

    for (
      let batch = 0;
      batch < maxBatches && !stopping() && Date.now() < claimUntil;
      batch++
    ) {
      const claimed = await store.claimDue({
        limit: config.batchSize,
        now,
        leaseSeconds,
        workerId: this.workerId,
      });
      if (claimed.length === 0) {
        break;
      }
      result.claimed += claimed.length;
      claimed.forEach(queued => this.held.add(queued.entityRef));
      const notStarted: string[] = [];
      await Promise.all(
        claimed.map(queued =>
          limit(async () => {
            if (stopping()) {
              notStarted.push(queued.entityRef);
              return;
            }
            try {
              await processClaim(queued);
            } finally {
              this.held.delete(queued.entityRef);
            }
          }),
        ),
      );
      if (notStarted.length > 0) {
        notStarted.forEach(ref => this.held.delete(ref));
        result.released += await this.release(notStarted);
      }
    }
    await store.finishCycle(cycleId, {
      finishedAt: new Date(),
      evaluated: result.rescored + result.unchanged,
      failed: result.failed,
    });
    const handedBack =
      result.released > 0
        ? `, ${result.released} handed back (${
            this.shuttingDown.aborted ? 'shutting down' : 'stopped'
          })`
        : '';
    const superseded =
      result.superseded > 0
        ? `, ${result.superseded} with facts pushed while collecting (scored in the next cycle)`
        : '';
    const notListed =
      result.notListed > 0
        ? `, ${result.notListed} queued after the catalog was read (scored in the next cycle)`
        : '';
    logger.info(
      `MLOps maturity cycle: ${entities.length} selected (+${sync.added} ~${sync.changed} -${sync.removed}), ` +
        `${result.claimed} due, ${result.rescored} re-scored, ${result.unchanged} unchanged, ${result.failed} failed${superseded}${handedBack}${notListed}`,
    );
    if (firstReset) {
      logger.warn(
        `MLOps maturity cycle: ${
          result.waiting
        } services wait for a spent upstream rate limit; their last facts are kept, marked stale, and they are due again when it resets (first at ${firstReset.toISOString()})`,
      );
    }
    return result;
  }

  /** Hands claims back for another replica to take at once; on failure they end with the lease. */
  private async release(entityRefs: string[]): Promise<number> {
    try {
      return await this.options.store.releaseClaims(entityRefs, this.workerId);
    } catch (error) {
      this.options.logger.warn(
        `MLOps maturity could not hand back ${entityRefs.length} claimed services; they are taken up again when their claims expire: ${error}`,
      );
      return 0;
    }
  }

  /**
   * Winds the refresh down when the backend stops: running cycles start no new service,
   * hand back the services they did not start, and get `graceMs` to finish the ones in
   * flight; whatever they still hold after that is handed back too. True if a cycle was
   * running.
   */
  async shutdown(graceMs = SHUTDOWN_GRACE_MS): Promise<boolean> {
    this.stop.abort();
    if (this.activeCycles.size === 0) {
      return false;
    }
    let timer: NodeJS.Timeout | undefined;
    const settled = await Promise.race([
      Promise.allSettled([...this.activeCycles]).then(() => true),
      new Promise<false>(resolve => {
        timer = setTimeout(() => resolve(false), graceMs);
      }),
    ]);
    clearTimeout(timer);
    if (!settled && this.held.size > 0) {
      const unfinished = [...this.held];
      const released = await this.release(unfinished);
      this.options.logger.warn(
        `MLOps maturity: stopped with ${unfinished.length} claimed services unfinished after ${graceMs} ms; handed back ${released} of their claims`,
      );
    }
    return true;
  }

  /**
   * How long a replica holds the services it claimed: as long as the scheduler lets a cycle
   * run, so a replica that died mid-cycle hands its services to another one soon after.
   */
  private leaseSeconds(): number {
    const timeout = this.options.config.schedule.timeout;
    const ms =
      'toMillis' in timeout && typeof timeout.toMillis === 'function'
        ? timeout.toMillis()
        : durationToMilliseconds(timeout as HumanDuration);
    return Math.max(1, Math.ceil(ms / 1000));
  }

  private nextDue(from: Date): Date {
    return new Date(
      from.getTime() + this.options.config.recollectAfterHours * 3600_000,
    );
  }

  /**
   * Collects every source for one entity, re-scores it, and stores the result. Requests
   * for a service whose refresh is under way share it rather than call the upstreams again.
   */
  refreshEntity(entity: Entity): Promise<Scorecard> {
    const entityRef = stringifyEntityRef(entity);
    let refresh = this.refreshing.get(entityRef);
    if (!refresh) {
      refresh = this.collectAndScore(entity).finally(() =>
        this.refreshing.delete(entityRef),
      );
      this.refreshing.set(entityRef, refresh);
    }
    return refresh;
  }

  private async collectAndScore(entity: Entity): Promise<Scorecard> {
    const entityRef = stringifyEntityRef(entity);
    await this.options.store.ensureQueued(
      entityRef,
      hashOf(entity),
      new Date(),
    );
    const outcome = await this.process(entity, {
      lookup: this.entityLookup(),
      previousInputsHash: null,
      force: true,
      now: new Date(),
    });
    if (outcome.waitUntil) {
      this.options.logger.warn(
        `Refreshing ${entityRef}: a source waits for a spent rate limit until ${outcome.waitUntil.toISOString()}; its last facts are kept and marked stale`,
      );
    }
    // Facts were pushed while collecting; the collected ones are stored, so the
    // stored facts are now the newest of both.
    return outcome.scorecard ?? this.rescoreFromStoredFacts(entity);
  }

  /**
   * Re-scores from the stored facts, after a push: only the catalog is read again.
   * A push that lands meanwhile starts it over, so the newest facts are the ones scored.
   */
  async rescoreFromStoredFacts(entity: Entity): Promise<Scorecard> {
    const entityRef = stringifyEntityRef(entity);
    const { store } = this.options;
    await store.ensureQueued(entityRef, hashOf(entity), new Date());
    const lookup = this.entityLookup();
    for (let attempt = 1; ; attempt++) {
      const now = new Date();
      const stored = await store.getFacts(entityRef);
      const { collected, failed } = await this.collect(
        entity,
        this.collectors.filter(c => c.source === 'catalog'),
        stored,
        lookup,
      );
      const facts = mergeFacts(stored, collected, failed, entityRef);
      const { scorecard, approvedWaivers } = await this.scoreWithWaivers(
        entity,
        facts,
        now,
        await this.approvedWaivers(entityRef, now),
      );
      const recorded = await store.recordRefresh({
        entityRef,
        basedOn: stored,
        collected,
        failed,
        scorecard: {
          scorecard,
          inputsHash: this.inputsHash(entity, facts, approvedWaivers, now),
        },
      });
      if (recorded) {
        return scorecard;
      }
      if (attempt === MAX_RESCORE_ATTEMPTS) {
        // Pushes keep landing: the next cycle scores the newest facts.
        await store.markDue(entityRef, now);
        return scorecard;
      }
    }
  }

  /** The sources a collector reads live for the entity (the rest were pushed or sampled). */
  liveSourcesFor(entity: Entity): Set<string> {
    return new Set(
      this.collectors.filter(c => c.appliesTo(entity)).map(c => c.source),
    );
  }

  private get collectors() {
    return this.options.collectors;
  }

  private inputsHash(
    entity: Entity,
    facts: FactSet[],
    approvedWaivers: Waiver[],
    now: Date,
  ): string {
    // The waivers that hold now: one that expires changes the inputs, so the service is
    // scored again without it even when nothing else changed.
    const activeWaivers = [
      ...parseWaivers(entity.metadata.annotations?.[ANNOTATIONS.waivers])
        .waivers,
      ...approvedWaivers,
    ]
      .filter(waiver => waiver.expiresAt >= now)
      .map(waiver => `${waiver.checkId}:${waiver.expiresAt.toISOString()}`)
      .sort();
    return hashOf({
      entity: hashOf(entity),
      checks: this.options.scoringHash,
      facts: [...facts]
        .sort((a, b) => a.source.localeCompare(b.source))
        .map(scoringInputOf),
      waivers: activeWaivers,
    });
  }

  /**
   * Runs the collectors that apply to the entity, one after another, and returns what
   * they found; nothing is stored. A collector that throws leaves its source's previous
   * facts, and one whose rate limit is spent says when it resets.
   */
  private async collect(
    entity: Entity,
    collectors: FactCollector[],
    previousFacts: FactSet[],
    lookup: (ref: string) => Promise<Entity | undefined>,
  ): Promise<{
    collected: FactSet[];
    failed: CollectionFailure[];
    waitUntil?: Date;
  }> {
    const { logger } = this.options;
    const entityRef = stringifyEntityRef(entity);
    const previousBySource = new Map(previousFacts.map(f => [f.source, f]));
    const collected: FactSet[] = [];
    const failed: CollectionFailure[] = [];
    let waitUntil: Date | undefined;
    for (const collector of collectors) {
      if (!collector.appliesTo(entity)) {
        continue;
      }
      const { source } = collector;
      try {
        const facts = await collector.collect({
          entity,
          previous: previousBySource.get(source),
          logger,
          lookupEntity: lookup,
        });
        if (facts !== factsUnchanged) {
          collected.push({
            source,
            entityRef,
            facts,
            collectedAt: new Date().toISOString(),
            origin: 'collector',
          });
        }
      } catch (error) {
        const message = (error as Error).message ?? String(error);
        const resetAt = rateLimitResetOf(error);
        if (resetAt) {
          // Pacing, not an outage: the cycle reports how many services wait, once.
          waitUntil = waitUntil && waitUntil < resetAt ? waitUntil : resetAt;
          logger.debug(
            `Collecting ${source} for ${entityRef} waits for a rate limit: ${message}`,
          );
        } else {
          // Warn, not debug: an outage must show in the log, with the upstream's own words.
          logger.warn(
            `Collecting ${source} for ${entityRef} failed, the last known facts are kept and marked stale: ${message}`,
          );
        }
        failed.push({ source, error: message, attemptedAt: new Date() });
      }
    }
    return { collected, failed, waitUntil };
  }

  /**
   * Collects every source for one service, scores it when its inputs changed, and
   * stores all of it in one write. Without a scorecard in the result, facts were pushed
   * while collecting and the service is due again.
   */
  private async process(
    entity: Entity,
    options: {
      lookup: (ref: string) => Promise<Entity | undefined>;
      previousInputsHash: string | null;
      force: boolean;
      /** The cycle's clock: due times and evaluation time follow it, so a cycle is consistent. */
      now: Date;
      /** The claiming worker, in a cycle; a manual refresh holds no claim. */
      workerId?: string;
    },
  ): Promise<{
    result: 'rescored' | 'unchanged' | 'superseded';
    scorecard?: Scorecard;
    waitUntil?: Date;
  }> {
    const { store } = this.options;
    const entityRef = stringifyEntityRef(entity);
    const { now, workerId } = options;
    const previousFacts = await store.getFacts(entityRef);
    const { collected, failed, waitUntil } = await this.collect(
      entity,
      this.collectors,
      previousFacts,
      options.lookup,
    );
    const facts = mergeFacts(previousFacts, collected, failed, entityRef);
    const approvedWaivers = await this.approvedWaivers(entityRef, now);
    const inputsHash = this.inputsHash(entity, facts, approvedWaivers, now);
    const claim = {
      nextDueAt: this.dueAfter(now, waitUntil),
      error: null,
      workerId,
      // After this cycle's clock, so this cycle does not claim it again.
      supersededDueAt: new Date(now.getTime() + 1),
    };
    const record = { entityRef, basedOn: previousFacts, collected, failed };
    // A stored scorecard always goes with the queue's hash (both are deleted together),
    // so an equal hash means the stored scorecard is current.
    if (!options.force && inputsHash === options.previousInputsHash) {
      const recorded = await store.recordRefresh({
        ...record,
        claim: { ...claim, inputsHash },
      });
      return { result: recorded ? 'unchanged' : 'superseded', waitUntil };
    }
    const scored = await this.scoreWithWaivers(
      entity,
      facts,
      now,
      approvedWaivers,
    );
    // A waiver that stopped applying changed the inputs.
    const savedHash =
      scored.approvedWaivers === approvedWaivers
        ? inputsHash
        : this.inputsHash(entity, facts, scored.approvedWaivers, now);
    const recorded = await store.recordRefresh({
      ...record,
      scorecard: { scorecard: scored.scorecard, inputsHash: savedHash },
      claim: { ...claim, inputsHash: savedHash },
    });
    return recorded
      ? { result: 'rescored', scorecard: scored.scorecard, waitUntil }
      : { result: 'superseded', waitUntil };
  }

  /** The usual next collection, or the reset of a spent rate limit when that comes first. */
  private dueAfter(now: Date, waitUntil: Date | undefined): Date {
    const usual = this.nextDue(now);
    return waitUntil && waitUntil < usual ? waitUntil : usual;
  }
}
