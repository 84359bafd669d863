import {
  BusinessMetrics,
  PassRateCell,
  RollupDimension,
  RollupRow,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import {
  BreakdownKey,
  BreakdownSet,
  CELLS,
  Cell,
  Chain,
  ServiceRecord,
} from './RollupMirror';
import { byCodeUnits } from './byCodeUnits';
import { ChainKind, METRICS } from './rollupRows';
import { SortedValues, medianOf } from './SortedValues';

/**
 * Scores and coverages are summed as integer millionths: sums of integers are exact
 * in any order, so a total less some services is exactly the total of the others.
 */
const SCALE = 1e6;
const scaled = (value: number) => Math.round(value * SCALE);

/** Means and medians are rounded to 4 decimals, as the API has always reported them. */
const round4 = (value: number) => Math.round(value * 1e4) / 1e4;

type BreakdownKind = BreakdownKey['kind'];

/** Counts and sums over some services; `sign` -1 takes a service out. */
class Totals {
  services = 0;
  readonly levels = [0, 0, 0];
  scoreSum = 0;
  coverageSum = 0;
  /** Services with a target level, and those at or above it. */
  targeted = 0;
  meetingTarget = 0;

  /** `targetLevel` -1: the service has no target. */
  add(
    level: number,
    score: number,
    coverage: number,
    targetLevel: number,
    sign: number,
  ) {
    this.services += sign;
    this.levels[level] += sign;
    this.scoreSum += sign * scaled(score);
    this.coverageSum += sign * scaled(coverage);
    if (targetLevel >= 0) {
      this.targeted += sign;
      if (level >= targetLevel) {
        this.meetingTarget += sign;
      }
    }
  }

  less(other: Totals | undefined): Totals {
    const result = new Totals();
    result.services = this.services - (other?.services ?? 0);
    for (let level = 0; level < 3; level++) {
      result.levels[level] = this.levels[level] - (other?.levels[level] ?? 0);
    }
    result.scoreSum = this.scoreSum - (other?.scoreSum ?? 0);
    result.coverageSum = this.coverageSum - (other?.coverageSum ?? 0);
    result.targeted = this.targeted - (other?.targeted ?? 0);
    result.meetingTarget = this.meetingTarget - (other?.meetingTarget ?? 0);
    return result;
  }
}

/** Applicable, then passing checks of each of {@link CELLS}. */
const newCells = () => new Float64Array(CELLS.length * 2);

function addCells(sums: Float64Array, cells: Int32Array, sign: number) {
  for (let i = 0; i < cells.length; i += 3) {
    sums[cells[i] * 2] += sign * cells[i + 1];
    sums[cells[i] * 2 + 1] += sign * cells[i + 2];
  }
}

const lessCells = (sums: Float64Array, other: Float64Array | undefined) =>
  other ? sums.map((value, index) => value - other[index]) : sums;

/** A value list per median: the score, then each of {@link METRICS}. */
const newValues = () =>
  Array.from({ length: 1 + METRICS.length }, () => new SortedValues());

function addValue(set: SortedValues, value: number, mode: Mode) {
  if (mode === 'insert') {
    set.insert(value);
  } else if (mode === 'push') {
    set.push(value);
  } else {
    set.remove(value);
  }
}

function addMetrics(values: SortedValues[], metrics: Float64Array, mode: Mode) {
  for (let m = 0; m < metrics.length; m++) {
    if (!Number.isNaN(metrics[m])) {
      addValue(values[m + 1], metrics[m], mode);
    }
  }
}

/**
 * How a service changes the aggregates: `push` while loading many (then sort),
 * `insert` one at a time, `remove` to take it out.
 */
type Mode = 'push' | 'insert' | 'remove';

/** A domain, owner group or system: its services, summed and sorted. */
interface ChainKeyAggregate {
  totals: Totals;
  cells: Float64Array;
  values: SortedValues[];
  /** Its services per chain, for the parent that the chains give the key. */
  chains: Map<Chain, number>;
}

/** A persona or dimension: the services' standing on its checks. */
interface BreakdownKeyAggregate {
  totals: Totals;
  scores: SortedValues;
}

function toRow(
  key: string,
  totals: Totals,
  cells: Float64Array,
  cellFilter: (cell: Cell) => boolean,
  medianScore: number | null,
  metricMedians: (number | null)[],
  parent: string | null,
): RollupRow {
  const medians: BusinessMetrics = {};
  METRICS.forEach((metric, index) => {
    const median = metricMedians[index];
    if (median !== null) {
      medians[metric] = round4(median);
    }
  });
  const passRates: PassRateCell[] = [];
  CELLS.forEach((cell, index) => {
    const total = cells[index * 2];
    const passed = cells[index * 2 + 1];
    if (total > 0 && cellFilter(cell)) {
      passRates.push({
        dimension: cell.dimension,
        persona: cell.persona,
        passed,
        total,
        rate: passed / total,
      });
    }
  });
  return {
    key,
    services: totals.services,
    levelCounts: {
      0: totals.levels[0],
      1: totals.levels[1],
      2: totals.levels[2],
    },
    meanScore: round4(totals.scoreSum / SCALE / totals.services),
    medianScore: medianScore === null ? null : round4(medianScore),
    coverage: round4(totals.coverageSum / SCALE / totals.services),
    passRates,
    metricMedians: medians,
    ...(parent !== null && { parent }),
    ...(totals.targeted > 0 && {
      target: { services: totals.targeted, meeting: totals.meetingTarget },
    }),
  };
}

/**
 * Rollup aggregates of a set of services, per key of each kind: counts, exact sums,
 * pass-rate cells, and sorted values for the medians. Rows for all of the services are
 * read off per key; rows for all but a few subtract those few, medians included.
 *
 * Domains and owners count a service in every key of its chain. Personas and
 * dimensions count its standing on those checks; their metric medians are over the
 * services with such checks, gathered per set of keys ({@link BreakdownSet}) so that a
 * service's metrics are held once, not once per dimension.
 */
export class RollupAggregates {
  private readonly chainKeys = {
    domain: new Map<string, ChainKeyAggregate>(),
    owner: new Map<string, ChainKeyAggregate>(),
    system: new Map<string, ChainKeyAggregate>(),
  };
  /** By the persona of the owning team: one key per service, no hierarchy. */
  private readonly teamPersonas = new Map<string, ChainKeyAggregate>();
  private readonly breakdownKeys = {
    persona: new Map<number, BreakdownKeyAggregate>(),
    dimension: new Map<number, BreakdownKeyAggregate>(),
  };
  private readonly breakdownSets = {
    persona: new Map<BreakdownSet, SortedValues[]>(),
    dimension: new Map<BreakdownSet, SortedValues[]>(),
  };
  private readonly cells = newCells();

  /**
   * @param options.kinds - the kinds to aggregate (all by default);
   * @param options.within - by domain (owner): only that key and the keys below it.
   */
  constructor(
    private readonly keys: () => readonly BreakdownKey[],
    private readonly options: {
      kinds?: RollupDimension[];
      within?: string;
    } = {},
  ) {}

  private wants(kind: RollupDimension): boolean {
    return !this.options.kinds || this.options.kinds.includes(kind);
  }

  /** Counts the services in. With `push`, call {@link RollupAggregates.sort} after. */
  add(services: Iterable<ServiceRecord>, mode: 'push' | 'insert') {
    for (const service of services) {
      this.change(service, mode);
    }
  }

  remove(service: ServiceRecord) {
    this.change(service, 'remove');
  }

  sort() {
    const sets: SortedValues[][] = [];
    for (const kind of ['domain', 'owner', 'system'] as const) {
      for (const aggregate of this.chainKeys[kind].values()) {
        sets.push(aggregate.values);
      }
    }
    for (const aggregate of this.teamPersonas.values()) {
      sets.push(aggregate.values);
    }
    for (const kind of ['persona', 'dimension'] as const) {
      for (const aggregate of this.breakdownKeys[kind].values()) {
        sets.push([aggregate.scores]);
      }
      sets.push(...this.breakdownSets[kind].values());
    }
    sets.flat().forEach(set => set.sort());
  }

  private change(service: ServiceRecord, mode: Mode) {
    const sign = mode === 'remove' ? -1 : 1;
    addCells(this.cells, service.cells, sign);
    for (const kind of ['domain', 'owner', 'system'] as const) {
      if (this.wants(kind)) {
        this.changeChainKeys(kind, service, mode, sign);
      }
    }
    for (const kind of ['persona', 'dimension'] as const) {
      if (this.wants(kind)) {
        this.changeBreakdowns(kind, service, mode, sign);
      }
    }
    if (this.wants('team-persona') && service.teamPersona !== null) {
      this.changeKey(
        this.teamPersonas,
        service.teamPersona,
        service,
        mode,
        sign,
      );
    }
  }

  private changeChainKeys(
    kind: ChainKind,
    service: ServiceRecord,
    mode: Mode,
    sign: number,
  ) {
    const chain = service.chains[kind];
    if (!chain) {
      return;
    }
    const within = this.options.within;
    const limit =
      within === undefined || kind === 'system'
        ? Infinity
        : chain.keys.find(k => k.key === within)?.depth ?? -1;
    for (const { key, depth } of chain.keys) {
      if (depth <= limit) {
        this.changeKey(this.chainKeys[kind], key, service, mode, sign, chain);
      }
    }
  }

  /** Counts the service in (or out of) one key; `chain` is how it belongs there. */
  private changeKey(
    keys: Map<string, ChainKeyAggregate>,
    key: string,
    service: ServiceRecord,
    mode: Mode,
    sign: number,
    chain?: Chain,
  ) {
    let aggregate = keys.get(key);
    if (!aggregate) {
      aggregate = {
        totals: new Totals(),
        cells: newCells(),
        values: newValues(),
        chains: new Map(),
      };
      keys.set(key, aggregate);
    }
    aggregate.totals.add(
      service.level,
      service.score,
      service.coverage,
      service.targetLevel,
      sign,
    );
    addCells(aggregate.cells, service.cells, sign);
    addValue(aggregate.values[0], service.score, mode);
    addMetrics(aggregate.values, service.metrics, mode);
    if (chain) {
      const count = (aggregate.chains.get(chain) ?? 0) + sign;
      if (count === 0) {
        aggregate.chains.delete(chain);
      } else {
        aggregate.chains.set(chain, count);
      }
    }
    if (aggregate.totals.services === 0) {
      keys.delete(key);
    }
  }

  private changeBreakdowns(
    kind: BreakdownKind,
    service: ServiceRecord,
    mode: Mode,
    sign: number,
  ) {
    const set = service.breakdownSets[kind];
    if (set) {
      let values = this.breakdownSets[kind].get(set);
      if (!values) {
        values = newValues();
        this.breakdownSets[kind].set(set, values);
      }
      addMetrics(values, service.metrics, mode);
    }
    const keys = this.keys();
    const { breakdowns } = service;
    for (let i = 0; i < breakdowns.length; i += 4) {
      const index = breakdowns[i];
      if (keys[index].kind !== kind) {
        continue;
      }
      let aggregate = this.breakdownKeys[kind].get(index);
      if (!aggregate) {
        aggregate = { totals: new Totals(), scores: new SortedValues() };
        this.breakdownKeys[kind].set(index, aggregate);
      }
      aggregate.totals.add(
        breakdowns[i + 1],
        breakdowns[i + 2],
        breakdowns[i + 3],
        service.targetLevel,
        sign,
      );
      addValue(aggregate.scores, breakdowns[i + 2], mode);
      if (aggregate.totals.services === 0) {
        this.breakdownKeys[kind].delete(index);
      }
    }
  }

  /**
   * Rollup rows of the services, less `excluded` (some of them, aggregated the same
   * way), limited to `keys` when given, ordered by key.
   */
  rows(
    by: RollupDimension,
    options: { excluded?: RollupAggregates; keys?: ReadonlySet<string> } = {},
  ): RollupRow[] {
    let rows: RollupRow[];
    if (by === 'persona' || by === 'dimension') {
      rows = this.breakdownRows(by, options.excluded);
    } else if (by === 'team-persona') {
      rows = this.keyRows(
        this.teamPersonas,
        options.excluded?.teamPersonas,
        options.keys,
      );
    } else {
      rows = this.keyRows(
        this.chainKeys[by],
        options.excluded?.chainKeys[by],
        options.keys,
      );
    }
    return rows.sort((a, b) => byCodeUnits(a.key, b.key));
  }

  private keyRows(
    aggregates: Map<string, ChainKeyAggregate>,
    excluded: Map<string, ChainKeyAggregate> | undefined,
    keys: ReadonlySet<string> | undefined,
  ): RollupRow[] {
    const rows: RollupRow[] = [];
    for (const [key, aggregate] of aggregates) {
      if (keys && !keys.has(key)) {
        continue;
      }
      const less = excluded?.get(key);
      const totals = aggregate.totals.less(less?.totals);
      if (totals.services === 0) {
        continue;
      }
      // The greatest parent of the chains that still have services, as SQL's MAX would.
      let parent: string | null = null;
      for (const [chain, count] of aggregate.chains) {
        const chainParent =
          count > (less?.chains.get(chain) ?? 0)
            ? chain.keys.find(k => k.key === key)?.parent ?? null
            : null;
        if (
          chainParent !== null &&
          (parent === null || byCodeUnits(chainParent, parent) > 0)
        ) {
          parent = chainParent;
        }
      }
      const medians = aggregate.values.map((values, index) =>
        medianOf([values], less?.values[index]),
      );
      rows.push(
        toRow(
          key,
          totals,
          lessCells(aggregate.cells, less?.cells),
          () => true,
          medians[0],
          medians.slice(1),
          parent,
        ),
      );
    }
    return rows;
  }

  private breakdownRows(
    kind: BreakdownKind,
    excluded: RollupAggregates | undefined,
  ): RollupRow[] {
    const keys = this.keys();
    const cells = lessCells(this.cells, excluded?.cells);
    // Keys in the same sets have the same metric medians: computed once.
    const metricMedians = new Map<string, (number | null)[]>();
    const rows: RollupRow[] = [];
    for (const [index, aggregate] of this.breakdownKeys[kind]) {
      const less = excluded?.breakdownKeys[kind].get(index);
      const totals = aggregate.totals.less(less?.totals);
      if (totals.services === 0) {
        continue;
      }
      const sets = [...this.breakdownSets[kind]].filter(([set]) =>
        set.keys.includes(index),
      );
      const signature = sets.map(([set]) => set.keys.join(',')).join('/');
      let medians = metricMedians.get(signature);
      if (!medians) {
        // The excluded services' metrics in these sets, gathered as one.
        const lessSets = sets.flatMap(([set]) => {
          const values = excluded?.breakdownSets[kind].get(set);
          return values ? [values] : [];
        });
        medians = METRICS.map((_, m) =>
          medianOf(
            sets.map(([, values]) => values[m + 1]),
            lessSets.length > 0
              ? SortedValues.from(
                  lessSets.flatMap(values => {
                    const set = values[m + 1];
                    return Array.from({ length: set.length }, (_v, i) =>
                      set.at(i),
                    );
                  }),
                )
              : undefined,
          ),
        );
        metricMedians.set(signature, medians);
      }
      const { key } = keys[index];
      rows.push(
        toRow(
          key,
          totals,
          cells,
          cell => (kind === 'persona' ? cell.persona : cell.dimension) === key,
          medianOf([aggregate.scores], less?.scores),
          medians,
          null,
        ),
      );
    }
    return rows;
  }
}
