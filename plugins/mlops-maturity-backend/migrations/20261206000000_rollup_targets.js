// @ts-check

// The target level of each scored service (mlopsMaturity.targets), so that rollups can
// count the services that meet their target, its lifecycle, which campaigns select by, and
// the persona of its owning team, which the org page rolls up by. Rows written before stay without a target
// until their service is scored again; the targets are part of the scoring hash, so a
// refresh re-scores them.

/**
 * @param {import('knex').Knex} knex
 * @returns {Promise<void>}
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('mlops_rollup_services', table => {
    table.integer('target_level').nullable();
    table.string('lifecycle', 255).nullable();
    table.string('team_persona', 32).nullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 * @returns {Promise<void>}
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('mlops_rollup_services', table => {
    table.dropColumn('target_level');
    table.dropColumn('lifecycle');
    table.dropColumn('team_persona');
  });
};
