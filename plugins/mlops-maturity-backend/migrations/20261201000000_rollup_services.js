// @ts-check

// One compact row per service replaces the wide rollup row and its breakdown and
// blocker rows: the rollup store keeps a copy of these rows in memory and follows
// changes through `seq`, so a row is read once per change instead of once per request.
// The cells, breakdowns and blockers are JSON that names its dimensions and personas,
// so a new dimension or persona needs no migration.

// The cell columns of the previous layout, as that migration created them.
const DIMENSIONS = [
  'data',
  'experimentation',
  'pipeline',
  'registry',
  'deployment',
  'serving',
  'monitoring',
  'governance',
  'business',
  'llm-infrastructure',
  'llm-compliance',
  'llm-evaluation',
];
const PERSONAS = ['data-scientist', 'ml-engineer', 'devops'];
const CELLS = DIMENSIONS.flatMap(dimension =>
  PERSONAS.map(persona => {
    const cell = `${dimension}__${persona}`.replace(/-/g, '_');
    return { dimension, persona, total: `t__${cell}`, passed: `p__${cell}` };
  }),
);
const METRIC_COLUMNS = [
  'time_to_production_days',
  'deploys_last_30d',
  'model_age_days',
  'ci_success_rate',
];
/** Rows copied per statement: the wide rows bind 100 variables each. */
const BATCH = 200;

/**
 * @param {import('knex').Knex} knex
 * @returns {Promise<void>}
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('mlops_rollup_services', table => {
    table.comment(
      'One row per latest scorecard with everything rollups count, written in the transaction that saves the scorecard',
    );
    table.string('entity_ref', 255).primary().notNullable();
    table.string('flavor', 32).notNullable();
    table.integer('level').notNullable();
    table.double('score').notNullable();
    table.double('coverage').notNullable();
    for (const kind of ['domain', 'owner', 'system']) {
      table
        .bigInteger(`${kind}_chain`)
        .nullable()
        .comment('mlops_rollup_chain_keys.chain_id');
    }
    for (const column of METRIC_COLUMNS) {
      table.double(column).nullable();
    }
    table
      .text('cells')
      .notNullable()
      .comment(
        'JSON [dimension, persona, applicable checks, passing checks, dimension, ...] of the cells with applicable checks',
      );
    table
      .text('breakdowns')
      .notNullable()
      .comment(
        'JSON [persona or dimension, key, level, score, coverage, persona or dimension, ...] on the applicable checks of each',
      );
    table
      .text('blockers')
      .notNullable()
      .comment('JSON array of the check ids that block the next level');
    table
      .bigInteger('seq')
      .notNullable()
      .comment('mlops_rollup_state.seq when the row was last written');
    table.index(['seq'], 'mlops_rollup_services_seq_idx');
  });

  await knex.schema.createTable('mlops_rollup_removals', table => {
    table.comment(
      'Services whose scorecard was deleted, until they are scored again: copies of the rollup rows drop them, and trends leave out their snapshots',
    );
    table.string('entity_ref', 255).primary().notNullable();
    table.bigInteger('seq').notNullable();
    table.index(['seq'], 'mlops_rollup_removals_seq_idx');
  });

  await knex.schema.createTable('mlops_rollup_state', table => {
    table.comment('A single row of counters that rollup readers follow');
    table.integer('id').primary().notNullable();
    table
      .bigInteger('seq')
      .notNullable()
      .comment(
        'Incremented by every transaction that writes rollup rows or removals; taken last, so a row with seq n is visible once seq n is',
      );
    table
      .bigInteger('membership_seq')
      .notNullable()
      .comment(
        'The seq of the last change to which services are scored, or to their catalog entities; cached visibility is valid while it stays',
      );
  });
  await knex('mlops_rollup_state').insert({
    id: 1,
    seq: 1,
    membership_seq: 1,
  });

  // Copy the previous rows, keyset-paged; their breakdowns and blockers come along.
  let after = '';
  for (;;) {
    const rows = await knex('mlops_service_rollups')
      .where('entity_ref', '>', after)
      .orderBy('entity_ref')
      .limit(BATCH);
    if (rows.length === 0) {
      break;
    }
    after = rows[rows.length - 1].entity_ref;
    const refs = rows.map(row => row.entity_ref);
    const breakdowns = await knex('mlops_service_breakdowns')
      .whereIn('entity_ref', refs)
      .orderBy(['entity_ref', 'kind', 'key']);
    const blockers = await knex('mlops_service_blockers')
      .whereIn('entity_ref', refs)
      .orderBy(['entity_ref', 'check_id']);
    await knex('mlops_rollup_services').insert(
      rows.map(row => ({
        entity_ref: row.entity_ref,
        flavor: row.flavor,
        level: row.level,
        score: row.score,
        coverage: row.coverage,
        domain_chain: row.domain_chain,
        owner_chain: row.owner_chain,
        system_chain: row.system_chain,
        ...Object.fromEntries(METRIC_COLUMNS.map(c => [c, row[c]])),
        cells: JSON.stringify(
          CELLS.filter(cell => Number(row[cell.total]) > 0).flatMap(cell => [
            cell.dimension,
            cell.persona,
            Number(row[cell.total]),
            Number(row[cell.passed]),
          ]),
        ),
        breakdowns: JSON.stringify(
          breakdowns
            .filter(b => b.entity_ref === row.entity_ref)
            .flatMap(b => [b.kind, b.key, b.level, b.score, b.coverage]),
        ),
        blockers: JSON.stringify(
          blockers
            .filter(b => b.entity_ref === row.entity_ref)
            .map(b => b.check_id),
        ),
        seq: 1,
      })),
    );
  }

  // Services deleted before: trends left out their snapshots, and still do.
  await knex.raw(
    `INSERT INTO mlops_rollup_removals (entity_ref, seq)
     SELECT s.entity_ref, 1 FROM mlops_snapshot_services s
     WHERE NOT EXISTS (
       SELECT 1 FROM mlops_scorecards c WHERE c.entity_ref = s.entity_ref)`,
  );

  await knex.schema.dropTable('mlops_service_blockers');
  await knex.schema.dropTable('mlops_service_breakdowns');
  await knex.schema.dropTable('mlops_service_rollups');
  // Personas and dimensions are counted from the breakdowns, not through chains.
  await knex('mlops_rollup_chain_keys')
    .whereIn('kind', ['persona', 'dimension'])
    .delete();
};

/**
 * The previous tables come back empty: the previous rollup store fills them from the
 * scorecards when it starts.
 *
 * @param {import('knex').Knex} knex
 * @returns {Promise<void>}
 */
exports.down = async function down(knex) {
  await knex.schema.createTable('mlops_service_rollups', table => {
    table.string('entity_ref', 255).primary().notNullable();
    table.string('flavor', 32).notNullable();
    table.integer('level').notNullable();
    table.double('score').notNullable();
    table.double('coverage').notNullable();
    for (const kind of ['domain', 'owner', 'system', 'persona', 'dimension']) {
      table.bigInteger(`${kind}_chain`).nullable();
    }
    for (const column of METRIC_COLUMNS) {
      table.double(column).nullable();
    }
    for (const cell of CELLS) {
      table.integer(cell.total).notNullable().defaultTo(0);
      table.integer(cell.passed).notNullable().defaultTo(0);
    }
  });
  await knex.schema.createTable('mlops_service_breakdowns', table => {
    table.string('entity_ref', 255).notNullable();
    table.string('kind', 16).notNullable();
    table.string('key', 64).notNullable();
    table.integer('level').notNullable();
    table.double('score').notNullable();
    table.double('coverage').notNullable();
    table.primary(['entity_ref', 'kind', 'key']);
  });
  await knex.schema.createTable('mlops_service_blockers', table => {
    table.string('entity_ref', 255).notNullable();
    table.string('check_id', 255).notNullable();
    table.primary(['entity_ref', 'check_id']);
    table.index(['check_id'], 'mlops_service_blockers_check_idx');
  });
  await knex.schema.dropTable('mlops_rollup_state');
  await knex.schema.dropTable('mlops_rollup_removals');
  await knex.schema.dropTable('mlops_rollup_services');
};
