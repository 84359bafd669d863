// @ts-check

// Indexes that let the org page's reads stop early or skip the table rows:
// - the services list orders by score or level, then entity ref, one page at a time;
// - a trend for a caller who may not read some services subtracts their snapshots,
//   ninety rows a service, which the covering index holds next to each other.

/**
 * @param {import('knex').Knex} knex
 * @returns {Promise<void>}
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('mlops_scorecards', table => {
    table.index(['score', 'entity_ref'], 'mlops_scorecards_score_idx');
    table.index(['level', 'entity_ref'], 'mlops_scorecards_level_idx');
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
  await knex.schema.alterTable('mlops_scorecards', table => {
    table.dropIndex([], 'mlops_scorecards_level_idx');
    table.dropIndex([], 'mlops_scorecards_score_idx');
  });
};
