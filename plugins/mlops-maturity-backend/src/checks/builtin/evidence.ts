import { JsonObject, JsonValue } from '@backstage/types';
import {
  ANNOTATIONS,
  CatalogFacts,
  CiActivity,
  CiFacts,
  CiJobAttributes,
  CiRunStats,
  CiTrigger,
  Evidence,
  FACT_SOURCES,
  FactSet,
  K8sResourceAttributes,
  RepoRejection,
  RepoSignal,
  RepoSignalKind,
  RepositoryFacts,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import {
  booleanParam,
  CheckContext,
  CheckOutcome,
  decide,
  evidenceFrom,
  FactsView,
  fail,
  MaturityCheck,
  notApplicable,
  numberParam,
  observedOnly,
  pass,
  staleSuffix,
  stringParam,
  stringsParam,
  unknown,
  unusableSetReason,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-node';

// The check-writing toolkit lives in -node, where module authors use it too; the
// built-in checks take it from here with the rest of their helpers.
export {
  booleanParam,
  decide,
  evidenceFrom,
  fail,
  notApplicable,
  numberParam,
  observedOnly,
  pass,
  staleSuffix,
  stringParam,
  stringsParam,
  unknown,
};

const DOCS_BASE =
  'https://github.com/mlops-maturity/backstage-plugins/blob/main/docs/checks.md';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Anchor of a check in the check reference: dots become dashes. */
function docsUrlFor(checkId: string): string {
  return `${DOCS_BASE}#${checkId.replace(/\./g, '-')}`;
}

/** A built-in check as written in this folder; `defineCheck` completes it. */
export type BuiltinCheck = Omit<MaturityCheck, 'docsUrl' | 'evaluate'> & {
  evaluate(context: CheckContext): CheckOutcome;
};

/**
 * Completes a built-in check: the docs link is derived from the id so the two never
 * drift apart. (`requireObserved` is held by the engine, for every check.)
 */
export function defineCheck(check: BuiltinCheck): MaturityCheck {
  return { ...check, docsUrl: docsUrlFor(check.id) };
}

/* ----------------------------------------------------------------- catalog */

export class CatalogView {
  constructor(readonly set: FactSet<CatalogFacts>) {}

  get facts(): CatalogFacts {
    return this.set.facts;
  }

  evidence(detail: string, location?: string): Evidence {
    return evidenceFrom(this.set, 'declared', detail, location);
  }

  /** The reason an annotation could not be parsed, if it is malformed. */
  annotationError(annotation: string): string | undefined {
    return this.facts.annotationErrors?.[annotation];
  }

  /** `unknown` quoting the annotation error, as DESIGN §8 asks for invalid annotations. */
  malformed(annotation: string): CheckOutcome | undefined {
    const error = this.annotationError(annotation);
    if (error === undefined) {
      return undefined;
    }
    const reason = `annotation ${annotation} is invalid: ${error}`;
    return unknown(reason, [this.evidence(reason)]);
  }
}

/** The catalog facts of the entity, or the outcome explaining why they are missing. */
export function withCatalog(
  ctx: CheckContext,
  evaluate: (catalog: CatalogView) => CheckOutcome,
): CheckOutcome {
  const set = ctx.facts.get<CatalogFacts>(FACT_SOURCES.catalog);
  if (!set) {
    const reason = 'catalog facts were not collected for this entity';
    return unknown(reason, [
      { source: FACT_SOURCES.catalog, strength: 'declared', detail: reason },
    ]);
  }
  const unusable = unusableSetReason(set);
  if (unusable) {
    return unknown(unusable, [evidenceFrom(set, 'declared', unusable)]);
  }
  return evaluate(new CatalogView(set));
}

/* -------------------------------------------------------------- repository */

export interface CiJob {
  signal: RepoSignal;
  job: CiJobAttributes;
}

export interface K8sResource {
  signal: RepoSignal;
  resource: K8sResourceAttributes;
}

export function stringList(value: JsonValue | undefined): string[] {
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : [];
}

function numberOrNull(value: JsonValue | undefined): number | null {
  return typeof value === 'number' ? value : null;
}

/** Stored facts may predate an attribute; read them with the contract's defaults. */
function toCiJob(attributes: JsonObject): CiJobAttributes {
  return {
    system: String(attributes.system ?? ''),
    workflow: String(attributes.workflow ?? ''),
    job: String(attributes.job ?? ''),
    triggers: stringList(attributes.triggers) as CiJobAttributes['triggers'],
    branches: stringList(attributes.branches),
    manualGate: attributes.manualGate === true,
    activities: stringList(
      attributes.activities,
    ) as CiJobAttributes['activities'],
  };
}

function toK8sResource(attributes: JsonObject): K8sResourceAttributes {
  return {
    apiVersion: String(attributes.apiVersion ?? ''),
    resourceKind: String(attributes.resourceKind ?? ''),
    name: String(attributes.name ?? ''),
    replicas: numberOrNull(attributes.replicas),
    minReplicas: numberOrNull(attributes.minReplicas),
    maxReplicas: numberOrNull(attributes.maxReplicas),
    hasResourceRequests: attributes.hasResourceRequests === true,
    hasResourceLimits: attributes.hasResourceLimits === true,
    gpu: attributes.gpu === true,
    canaryTrafficPercent: numberOrNull(attributes.canaryTrafficPercent),
    revisionHistoryLimit: numberOrNull(attributes.revisionHistoryLimit),
  };
}

const NORMAL_DEPENDENCY = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Normalises a dependency name the way PyPI does, so `azure_ai_ml` equals `azure-ai-ml`. */
export function normalizeDependency(name: string): string {
  // Most names are already normal; three replacements each cost more than this test.
  if (NORMAL_DEPENDENCY.test(name)) {
    return name;
  }
  return name
    .trim()
    .replace(/\[.*$/, '')
    .replace(/[-_.]+/g, '-')
    .toLowerCase();
}

/** Items grouped by kind, in their original order. */
function byKind<T extends { kind: RepoSignalKind }>(
  items: T[] | undefined,
): Map<RepoSignalKind, T[]> {
  const grouped = new Map<RepoSignalKind, T[]>();
  for (const item of items ?? []) {
    const list = grouped.get(item.kind);
    if (list) {
      list.push(item);
    } else {
      grouped.set(item.kind, [item]);
    }
  }
  return grouped;
}

const NONE: readonly never[] = [];

/**
 * The repository facts as checks read them. About 40 checks read the same facts in one
 * evaluation, so the view groups signals and rejections by kind, reads CI jobs and
 * Kubernetes resources with the contract's defaults and normalises the dependencies once,
 * on first use, instead of on every call. What it returns is shared between the checks
 * of the evaluation, hence read-only.
 */
export class RepositoryView {
  private signalsByKind?: Map<RepoSignalKind, RepoSignal[]>;
  private rejectionsByKind?: Map<RepoSignalKind, RepoRejection[]>;
  private allCiJobs?: CiJob[];
  private allK8sResources?: K8sResource[];
  private normalizedDependencies?: string[];
  private derived?: Map<(repo: RepositoryView) => unknown, unknown>;

  constructor(readonly set: FactSet<RepositoryFacts>) {}

  /** What several checks derive from the repository facts, worked out once per view. */
  derive<T>(compute: (repo: RepositoryView) => T): T {
    this.derived ??= new Map();
    if (!this.derived.has(compute)) {
      this.derived.set(compute, compute(this));
    }
    return this.derived.get(compute) as T;
  }

  get facts(): RepositoryFacts {
    return this.set.facts;
  }

  signals(
    kinds: RepoSignalKind | RepoSignalKind[],
    accept?: (signal: RepoSignal) => boolean,
  ): readonly RepoSignal[] {
    let found: readonly RepoSignal[];
    if (typeof kinds === 'string') {
      this.signalsByKind ??= byKind(this.facts.signals);
      found = this.signalsByKind.get(kinds) ?? NONE;
    } else {
      // Several kinds keep the order of the facts, which messages list them in.
      found = (this.facts.signals ?? []).filter(s => kinds.includes(s.kind));
    }
    return accept ? found.filter(accept) : found;
  }

  rejections(
    kinds: RepoSignalKind | RepoSignalKind[],
  ): readonly RepoRejection[] {
    if (typeof kinds === 'string') {
      this.rejectionsByKind ??= byKind(this.facts.rejections);
      return this.rejectionsByKind.get(kinds) ?? NONE;
    }
    return (this.facts.rejections ?? []).filter(r => kinds.includes(r.kind));
  }

  ciJobs(accept?: (job: CiJobAttributes) => boolean): readonly CiJob[] {
    this.allCiJobs ??= this.signals('ci-job').map(signal => ({
      signal,
      job: toCiJob(signal.attributes ?? {}),
    }));
    return accept
      ? this.allCiJobs.filter(({ job }) => accept(job))
      : this.allCiJobs;
  }

  k8sResources(
    accept?: (resource: K8sResourceAttributes) => boolean,
  ): readonly K8sResource[] {
    this.allK8sResources ??= this.signals('k8s-resource').map(signal => ({
      signal,
      resource: toK8sResource(signal.attributes ?? {}),
    }));
    return accept
      ? this.allK8sResources.filter(({ resource }) => accept(resource))
      : this.allK8sResources;
  }

  dependencies(): readonly string[] {
    this.normalizedDependencies ??= (this.facts.dependencies ?? []).map(
      normalizeDependency,
    );
    return this.normalizedDependencies;
  }

  /** Declared evidence for a recognised signal, located at its file. */
  found(signal: RepoSignal, detail?: string): Evidence {
    return evidenceFrom(
      this.set,
      'declared',
      detail ?? signal.detail,
      signal.path,
    );
  }

  /** What was looked for and not found, with the size of the search. */
  missing(what: string): Evidence {
    return this.notFound(what).evidence;
  }

  /**
   * `missing(what)` and the message that leads with it ("No Dockerfile among 57 files of
   * the repository"), capitalised as it is built: capitalising the built text copies it.
   * The repository's location goes with the evidence, not into the sentence, so the page
   * can link it rather than print a server's path.
   */
  notFound(what: string): { message: string; evidence: Evidence } {
    const truncated = this.facts.truncated
      ? ' (the file listing was truncated, so some files were not inspected)'
      : '';
    const searched = `${what} among ${this.facts.fileCount} files of the repository${truncated}`;
    return {
      message: `No ${searched}`,
      evidence: evidenceFrom(
        this.set,
        'declared',
        `no ${searched}`,
        this.facts.location,
      ),
    };
  }

  rejected(rejection: RepoRejection): Evidence {
    return evidenceFrom(
      this.set,
      'declared',
      describeRejection(rejection),
      rejection.path,
    );
  }

  /** Declared evidence about the repository as a whole. */
  about(detail: string): Evidence {
    return evidenceFrom(this.set, 'declared', detail, this.facts.location);
  }
}

/** Why the repository facts are missing, from the catalog's point of view. */
function missingRepositoryReason(ctx: CheckContext): string {
  const catalog = ctx.facts.get<CatalogFacts>(FACT_SOURCES.catalog)?.facts;
  const annotationError =
    catalog?.annotationErrors?.[ANNOTATIONS.sourceLocation];
  if (annotationError) {
    return `annotation ${ANNOTATIONS.sourceLocation} is invalid: ${annotationError}`;
  }
  const location =
    catalog?.sourceLocation ??
    ctx.entity.metadata.annotations?.[ANNOTATIONS.sourceLocation];
  if (!location) {
    return `no ${ANNOTATIONS.sourceLocation} annotation: the repository cannot be inspected`;
  }
  return `the repository at ${location} has not been read yet`;
}

/** The repository facts of the entity, or `unknown` saying why they are missing. */
export function withRepository(
  ctx: CheckContext,
  evaluate: (repo: RepositoryView) => CheckOutcome,
): CheckOutcome {
  const repo = repositoryOf(ctx);
  if (repo instanceof RepositoryView) {
    return evaluate(repo);
  }
  return unknown(repo.reason, [
    {
      source: FACT_SOURCES.repository,
      strength: 'declared',
      detail: repo.reason,
    },
  ]);
}

/**
 * The repository view the checks of the current evaluation share. The engine runs the
 * checks of an evaluation one after another against one facts view, so the view built by
 * the first check serves the rest; another facts view or fact set gets a view of its own.
 * (A WeakMap keyed by the facts view cost more than the indexes saved.)
 */
let shared: { facts: FactsView; view: RepositoryView } | undefined;

/** The repository view, or the reason it is unavailable (for supplementary evidence). */
export function repositoryOf(
  ctx: CheckContext,
): RepositoryView | { reason: string } {
  const set = ctx.facts.get<RepositoryFacts>(FACT_SOURCES.repository);
  if (!set) {
    return { reason: missingRepositoryReason(ctx) };
  }
  const unusable = unusableSetReason(set);
  if (unusable) {
    return { reason: unusable };
  }
  if (shared?.facts !== ctx.facts || shared.view.set !== set) {
    shared = { facts: ctx.facts, view: new RepositoryView(set) };
  }
  return shared.view;
}

/**
 * Declared CI jobs, when the repository is readable, to cite next to observed runs
 * ("deploy.yml declares a deploy job, but CI saw no successful run").
 */
export function declaredCiJobs(
  ctx: CheckContext,
  accept: (job: CiJobAttributes) => boolean,
): { jobs: readonly CiJob[]; evidence: Evidence[]; names: string } {
  const repo = repositoryOf(ctx);
  if (!(repo instanceof RepositoryView)) {
    return { jobs: [], evidence: [], names: '' };
  }
  const jobs = repo.ciJobs(accept);
  return {
    jobs,
    evidence: jobs.map(j => repo.found(j.signal)),
    names: jobs.map(describeJob).join(', '),
  };
}

/** Declared signals, when the repository is readable, to cite next to observed facts. */
export function declaredSignals(
  ctx: CheckContext,
  kinds: RepoSignalKind | RepoSignalKind[],
): { signals: readonly RepoSignal[]; evidence: Evidence[]; names: string } {
  const repo = repositoryOf(ctx);
  if (!(repo instanceof RepositoryView)) {
    return { signals: [], evidence: [], names: '' };
  }
  const signals = repo.signals(kinds);
  return {
    signals,
    evidence: signals.map(s => repo.found(s)),
    names: describeSignals(signals),
  };
}

/** A rejection's reason, naming the file unless the reason already does. */
function describeRejection(rejection: RepoRejection): string {
  return rejection.reason.includes(rejection.path)
    ? rejection.reason
    : `\`${rejection.path}\` ${rejection.reason}`;
}

/** Describes rejected look-alikes for a message: "; not counted: <reason>; <reason>". */
export function citeRejections(rejections: readonly RepoRejection[]): string {
  if (rejections.length === 0) {
    return '';
  }
  return `; not counted: ${rejections.map(describeRejection).join('; ')}`;
}

export interface SignalRequirement {
  kinds: RepoSignalKind | RepoSignalKind[];
  /** What is looked for, e.g. "Dockerfile" (reads: "no Dockerfile among 57 files"). */
  lookingFor: string;
  /** What a found signal shows, e.g. "container image defined". */
  foundMessage: string;
  accept?: (signal: RepoSignal) => boolean;
}

/**
 * The `evaluate` of a check that is decided by `requireSignals` alone. All such checks run
 * this one function: about a dozen copies of the same logic, compiled one per check, made
 * the engine slower than the logic itself.
 */
export function signalsRequired(
  requirement: SignalRequirement,
): BuiltinCheck['evaluate'] {
  return ctx => withRepository(ctx, repo => requireSignals(repo, requirement));
}

/**
 * Passes on declared signals of the given kinds; otherwise fails saying what was looked
 * for, where, and which look-alikes were rejected and why.
 */
export function requireSignals(
  repo: RepositoryView,
  requirement: SignalRequirement,
): CheckOutcome {
  const found = repo.signals(requirement.kinds, requirement.accept);
  if (found.length > 0) {
    return pass(
      `${requirement.foundMessage}: ${describeSignals(found)}`,
      found.map(s => repo.found(s)),
    );
  }
  const rejections = repo.rejections(requirement.kinds);
  const missing = repo.notFound(requirement.lookingFor);
  return fail(`${missing.message}${citeRejections(rejections)}`, [
    missing.evidence,
    ...rejections.map(r => repo.rejected(r)),
  ]);
}

export function describeSignals(
  signals: readonly RepoSignal[],
  limit = 3,
): string {
  let shown = '';
  for (let i = 0; i < Math.min(signals.length, limit); i++) {
    shown += `${i > 0 ? ', ' : ''}${signals[i].path} (${signals[i].tool})`;
  }
  return signals.length > limit
    ? `${shown} and ${signals.length - limit} more`
    : shown;
}

export function describeJob({ signal, job }: CiJob): string {
  return job.job ? `${signal.path} (job ${job.job})` : signal.path;
}

/** `1 replica`, `3 replicas`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/* ------------------------------------------------------------- automation */

/** Triggers that start a job without a person: a timer, an event or an upstream pipeline. */
const AUTOMATIC_TRIGGERS: CiTrigger[] = ['schedule', 'external', 'pipeline'];

/** The job's trigger lives in the CI system (a Cloud Build trigger, a CodeBuild webhook, a Jenkins job). */
export function triggerOutsideRepository(job: CiJob): boolean {
  return job.signal.attributes?.triggerOutsideRepository === true;
}

/**
 * Whether a job starts without a person. An `external` trigger counts only when the
 * repository declares the event (a webhook, an EventBridge rule); one merely configured
 * outside the repository could as well be started by hand.
 */
function startsAutomatically(job: CiJob): boolean {
  return job.job.triggers.some(
    trigger =>
      AUTOMATIC_TRIGGERS.includes(trigger) &&
      !(trigger === 'external' && triggerOutsideRepository(job)),
  );
}

/** Why a schedule does not count: it is switched off, or runs nothing that was recognised. */
function scheduleNotCounted(signal: RepoSignal): string | undefined {
  const attributes = signal.attributes ?? {};
  if (attributes.suspended === true || attributes.enabled === false) {
    return 'is switched off (suspended or disabled), so it never runs';
  }
  if (stringList(attributes.activities).length === 0) {
    return 'runs nothing that was recognised, and a schedule that runs nothing is not a trigger';
  }
  return undefined;
}

/** A schedule counts for `activity` only when it is on and is known to run it. */
function scheduleRuns(signal: RepoSignal, activity: CiActivity): boolean {
  return (
    scheduleNotCounted(signal) === undefined &&
    stringList(signal.attributes?.activities).includes(activity)
  );
}

/**
 * CI jobs started automatically and schedules that perform `activity`, plus the jobs that
 * perform it only when started by hand and the schedules that do not count (cited when
 * nothing automatic exists).
 */
export function triggeredActivity(
  repo: RepositoryView,
  activity: CiActivity,
  doing: string,
) {
  const jobs = repo.ciJobs(job => job.activities.includes(activity));
  const triggered = jobs.filter(startsAutomatically);
  const schedules = repo.signals('schedule', s => scheduleRuns(s, activity));
  return {
    triggered,
    schedules,
    /** The automatic jobs and schedules, as a message lists them. */
    descriptions: [
      ...triggered.map(describeJob),
      ...(schedules.length > 0 ? [describeSignals(schedules)] : []),
    ],
    evidence: [
      ...triggered.map(j => repo.found(j.signal)),
      ...schedules.map(s => repo.found(s)),
    ],
    /** What does not count and why, for the message when nothing automatic exists. */
    untriggered: () => {
      const untriggered = jobs.filter(j => !triggered.includes(j));
      const untriggeredTexts = untriggered.map(j => {
        const triggers = j.job.triggers;
        if (triggers.includes('external') && triggerOutsideRepository(j)) {
          return `${describeJob(
            j,
          )} ${doing} but its trigger is configured outside the repository, so it cannot be seen to start without a person`;
        }
        const when =
          triggers.length > 0 && triggers.every(t => t === 'manual')
            ? 'only when started by hand'
            : `only on ${triggers.join(', ') || 'no recognised trigger'}`;
        return `${describeJob(j)} ${doing} but runs ${when}`;
      });
      const idle = repo
        .signals('schedule')
        .map(signal => ({ signal, reason: scheduleNotCounted(signal) }))
        .filter(
          (s): s is { signal: RepoSignal; reason: string } =>
            s.reason !== undefined,
        );
      const idleTexts = idle.map(
        ({ signal, reason }) =>
          `schedule ${describeSignals([signal])} ${reason}`,
      );
      return {
        message: [...untriggeredTexts, ...idleTexts]
          .map(t => `; ${t}`)
          .join(''),
        evidence: [
          ...untriggered.map((j, index) =>
            repo.found(j.signal, untriggeredTexts[index]),
          ),
          ...idle.map(({ signal }, index) =>
            repo.found(signal, idleTexts[index]),
          ),
        ],
      };
    },
  };
}

/**
 * Passes when the repository performs `activity` without a person (a CI job it triggers, or a
 * schedule), citing them; otherwise fails with what is missing and the jobs and schedules
 * that perform it but do not count, and why.
 */
export function judgeTriggeredActivity(
  repo: RepositoryView,
  options: {
    activity: CiActivity;
    /** What a job of the activity does, e.g. "trains a model". */
    doing: string;
    /** The pass message, before the list of jobs and schedules. */
    passed: string;
    /** What the fail message says is missing. */
    missing: string;
  },
): CheckOutcome {
  const found = triggeredActivity(repo, options.activity, options.doing);
  if (found.evidence.length > 0) {
    return pass(
      `${options.passed}: ${found.descriptions.join(', ')}`,
      found.evidence,
    );
  }
  const missing = repo.notFound(options.missing);
  const untriggered = found.untriggered();
  return fail(`${missing.message}${untriggered.message}`, [
    missing.evidence,
    ...untriggered.evidence,
  ]);
}

/** Declared jobs that perform `activity` and start without a person, to cite next to observed runs. */
export function declaredAutomaticJobs(
  ctx: CheckContext,
  activity: CiActivity,
): ReturnType<typeof declaredCiJobs> {
  const declared = declaredCiJobs(ctx, job =>
    job.activities.includes(activity),
  );
  const automatic = declared.jobs.map(startsAutomatically);
  const jobs = declared.jobs.filter((_, index) => automatic[index]);
  return {
    jobs,
    evidence: declared.evidence.filter((_, index) => automatic[index]),
    names: jobs.map(describeJob).join(', '),
  };
}

/* ---------------------------------------------------------------- CI stats */

export function describeRuns(kind: string, stats: CiRunStats): string {
  const last = stats.lastSuccessAt
    ? `, last success ${stats.lastSuccessAt}`
    : '';
  return `${stats.succeeded} of ${stats.runs} ${kind} runs succeeded${last}`;
}

function workflowsLocation(stats: CiRunStats): string | undefined {
  return stats.workflows?.length > 0 ? stats.workflows.join(', ') : undefined;
}

export function runsEvidence(
  set: FactSet<CiFacts>,
  kind: string,
  stats: CiRunStats,
): Evidence {
  return evidenceFrom(
    set,
    'observed',
    describeRuns(kind, stats),
    workflowsLocation(stats),
  );
}

/**
 * Observed CI runs decide: a success passes; runs that never succeeded, or no runs at all,
 * fail, citing the declared jobs that should have produced them.
 */
export function judgeRuns(
  set: FactSet<CiFacts>,
  kind: string,
  stats: CiRunStats,
  /** Called only when the runs fail, the one case that cites them. */
  declaredJobs: () => ReturnType<typeof declaredCiJobs>,
): CheckOutcome {
  const observed = runsEvidence(set, kind, stats);
  if (stats.succeeded > 0) {
    return pass(capitalize(observed.detail), [observed]);
  }
  const declared = declaredJobs();
  if (stats.runs > 0) {
    return fail(
      `${capitalize(observed.detail)}: no ${kind} run has succeeded`,
      [observed, ...declared.evidence],
    );
  }
  const although = declared.jobs.length
    ? `, although ${declared.names} declare${
        declared.jobs.length === 1 ? 's' : ''
      } one`
    : '';
  return fail(`${set.facts.provider} saw no ${kind} runs${although}`, [
    observed,
    ...declared.evidence,
  ]);
}

/** Whole days from an ISO timestamp to `now`. */
export function daysSince(iso: string, now: Date): number {
  return Math.floor((now.getTime() - Date.parse(iso)) / DAY_MS);
}

/* ------------------------------------------------------------------ params */

/* --------------------------------------------------------------- matching */

/**
 * Compiled patterns by glob: the same allow-lists and branch patterns come back for every
 * service. Patterns also come from CI files, so the cache is bounded.
 */
const prefixPatterns = new Map<string, RegExp>();
const wholePatterns = new Map<string, RegExp>();
const MAX_COMPILED_PATTERNS = 1000;

/**
 * Glob-ish prefix match: `*` matches any characters, and the pattern must cover the
 * value up to a separator, so `python:3.12-slim` matches `python:3.12-slim-bookworm`
 * but `python:3.1` does not match `python:3.12`.
 */
export function matchesPrefixPattern(value: string, pattern: string): boolean {
  return compiled(
    prefixPatterns,
    pattern,
    source => new RegExp(`^${source}(?=$|[^A-Za-z0-9])`),
  ).test(value);
}

/** Whole-value match where `*` matches any characters. */
export function matchesPattern(value: string, pattern: string): boolean {
  return compiled(
    wholePatterns,
    pattern,
    source => new RegExp(`^${source}$`),
  ).test(value);
}

function compiled(
  cache: Map<string, RegExp>,
  pattern: string,
  compile: (source: string) => RegExp,
): RegExp {
  let regExp = cache.get(pattern);
  if (!regExp) {
    if (cache.size >= MAX_COMPILED_PATTERNS) {
      cache.clear();
    }
    regExp = compile(globSource(pattern));
    cache.set(pattern, regExp);
  }
  return regExp;
}

function globSource(pattern: string): string {
  return pattern
    .split('*')
    .map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
}

/** Every string inside an attribute value, for reading attributes whose shape varies by tool. */
export function textsOf(value: JsonValue | undefined): string[] {
  const texts: string[] = [];
  collectTexts(value, texts);
  return texts;
}

function collectTexts(value: JsonValue | undefined, texts: string[]) {
  if (typeof value === 'string') {
    texts.push(value);
  } else if (Array.isArray(value)) {
    for (const item of value) {
      collectTexts(item, texts);
    }
  } else if (value && typeof value === 'object') {
    for (const item of Object.values(value)) {
      collectTexts(item, texts);
    }
  }
}
