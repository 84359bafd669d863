// @ts-check

// A scorecard repeated its checks' titles, remediation texts and links: half of its
// 48 KB, the same for every service. Each rubric (the effective check catalogue) is
// stored once; a scorecard keeps what its service's checks found and names its rubric.

/**
 * @param {import('knex').Knex} knex
 * @returns {Promise<void>}
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('mlops_rubrics', table => {
    table.string('version', 128).primary();
    table.text('definitions').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
  });
  await knex.schema.alterTable('mlops_scorecards', table => {
    // Null for a scorecard stored whole.
    table.string('rubric_version', 128).nullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 * @returns {Promise<void>}
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('mlops_scorecards', table => {
    table.dropColumn('rubric_version');
  });
  await knex.schema.dropTable('mlops_rubrics');
};
