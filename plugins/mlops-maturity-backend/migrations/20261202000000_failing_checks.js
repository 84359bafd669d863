// @ts-check

// The services list filters by a failing check and shows each service's failing
// checks; nothing reads the other per-check rows, which made up three quarters of the
// rows written per scorecard (61 per service). Only failing checks keep a row; the
// status counts of every check are read from the scorecards.

/** Rows read per statement when moving rows between the layouts. */
const BATCH = 200;

/**
 * @param {import('knex').Knex} knex
 * @returns {Promise<void>}
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('mlops_failing_checks', table => {
    table.comment(
      'The checks with status fail in the latest scorecards, for the failing filter of the services list',
    );
    table.string('entity_ref', 255).notNullable();
    table.string('check_id', 255).notNullable();
    table.primary(['entity_ref', 'check_id']);
    // Covers the failing filter: the services failing a check, without the table.
    table.index(['check_id', 'entity_ref'], 'mlops_failing_checks_check_idx');
  });
  await knex.raw(
    `INSERT INTO mlops_failing_checks (entity_ref, check_id)
     SELECT entity_ref, check_id FROM mlops_check_results WHERE status = 'fail'`,
  );
  await knex.schema.dropTable('mlops_check_results');
};

/**
 * @param {import('knex').Knex} knex
 * @returns {Promise<void>}
 */
exports.down = async function down(knex) {
  await knex.schema.createTable('mlops_check_results', table => {
    table.comment(
      'Per-check rows of the latest scorecards, for filters and rollups',
    );
    table.string('entity_ref', 255).notNullable();
    table.string('check_id', 255).notNullable();
    table.string('status', 32).notNullable();
    table.string('dimension', 64).notNullable();
    table.string('persona', 64).notNullable();
    table.integer('level').notNullable();
    table.boolean('required').notNullable();
    table.double('weight').notNullable();
    table.primary(['entity_ref', 'check_id']);
    table.index(['check_id', 'status']);
  });
  // Every check of every scorecard again, keyset-paged.
  let after = '';
  for (;;) {
    const rows = await knex('mlops_scorecards')
      .select('entity_ref', 'scorecard')
      .where('entity_ref', '>', after)
      .orderBy('entity_ref')
      .limit(BATCH);
    if (rows.length === 0) {
      break;
    }
    after = rows[rows.length - 1].entity_ref;
    const checks = rows.flatMap(row =>
      JSON.parse(row.scorecard).checks.map(
        (/** @type {Record<string, any>} */ check) => ({
          entity_ref: row.entity_ref,
          check_id: check.id,
          status: check.status,
          dimension: check.dimension,
          persona: check.persona,
          level: check.level,
          required: check.required,
          weight: check.weight,
        }),
      ),
    );
    // Eight variables a row, below SQLite's limit of older builds.
    for (let i = 0; i < checks.length; i += 100) {
      await knex('mlops_check_results').insert(checks.slice(i, i + 100));
    }
  }
  await knex.schema.dropTable('mlops_failing_checks');
};
