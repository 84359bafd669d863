// @ts-check

// Each history point names the rubric (checks and level rules) it was scored with, so a
// trend can mark where the rubric changed: a drop from a stricter rule is not a regression.

/**
 * @param {import('knex').Knex} knex
 * @returns {Promise<void>}
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('mlops_scorecard_history', table => {
    // Null for points recorded before rubrics were stored.
    table.string('rubric_version', 128).nullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 * @returns {Promise<void>}
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('mlops_scorecard_history', table => {
    table.dropColumn('rubric_version');
  });
};
