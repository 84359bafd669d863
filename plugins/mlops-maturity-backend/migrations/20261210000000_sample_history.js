// @ts-check

// A demo can load a sample history (mlopsMaturity.sampleHistory) so that trends tell a
// story on a fresh start. Its rows are marked, so that every trend built from them can
// say which part of it is sample data.

/**
 * @param {import('knex').Knex} knex
 * @returns {Promise<void>}
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('mlops_scorecard_history', table => {
    table.boolean('sample').notNullable().defaultTo(false);
  });
  await knex.schema.alterTable('mlops_service_snapshots', table => {
    table.boolean('sample').notNullable().defaultTo(false);
  });
  await knex.schema.alterTable('mlops_rollup_snapshots', table => {
    table
      .integer('sample_services')
      .notNullable()
      .defaultTo(0)
      .comment('How many of the services were counted from sample history');
  });
  // A trend subtracts the snapshots of services the caller may not read from this
  // index alone, so it holds the sample flag too.
  await knex.schema.alterTable('mlops_service_snapshots', table => {
    table.dropIndex([], 'mlops_service_snapshots_cover_idx');
  });
  await knex.schema.alterTable('mlops_service_snapshots', table => {
    table.index(
      [
        'entity_ref',
        'snapshot_date',
        'domain_chain',
        'owner_chain',
        'level',
        'score',
        'sample',
      ],
      'mlops_service_snapshots_cover_idx',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 * @returns {Promise<void>}
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('mlops_service_snapshots', table => {
    table.dropIndex([], 'mlops_service_snapshots_cover_idx');
  });
  await knex.schema.alterTable('mlops_service_snapshots', table => {
    table.dropColumn('sample');
    table.index(
      [
        'entity_ref',
        'snapshot_date',
        'domain_chain',
        'owner_chain',
        'level',
        'score',
      ],
      'mlops_service_snapshots_cover_idx',
    );
  });
  await knex.schema.alterTable('mlops_rollup_snapshots', table => {
    table.dropColumn('sample_services');
  });
  await knex.schema.alterTable('mlops_scorecard_history', table => {
    table.dropColumn('sample');
  });
};
