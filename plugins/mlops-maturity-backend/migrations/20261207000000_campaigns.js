// @ts-check

// Campaigns (a goal for a part of the organisation by a deadline) need to know, per
// service, whether it passes a given check. Failing checks already had a row; every
// other status that is not a pass (unknown, waived, not-applicable) now has one too,
// so a service without a row for a check passes it. Rows saved before this kept fails
// only: `mlops_rollup_services.statuses_recorded` says which services have every status,
// and campaigns report the others as not yet known until they are scored again.

/**
 * @param {import('knex').Knex} knex
 * @returns {Promise<void>}
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('mlops_failing_checks', table => {
    table.dropIndex([], 'mlops_failing_checks_check_idx');
  });
  await knex.schema.renameTable('mlops_failing_checks', 'mlops_check_statuses');
  await knex.schema.alterTable('mlops_check_statuses', table => {
    table.comment(
      'The checks that do not pass in the latest scorecards, with their status',
    );
    table.string('status', 32).notNullable().defaultTo('fail');
    // The services failing a check (services list) or not passing it (campaigns).
    table.index(
      ['check_id', 'status', 'entity_ref'],
      'mlops_check_statuses_check_idx',
    );
  });
  await knex.schema.alterTable('mlops_rollup_services', table => {
    table.boolean('statuses_recorded').notNullable().defaultTo(false);
  });

  await knex.schema.createTable('mlops_campaigns', table => {
    table.comment(
      'Campaigns created through the API; app-config holds the others',
    );
    table.string('id', 128).primary();
    table.text('title').notNullable();
    table.text('description').nullable();
    table
      .text('scope')
      .notNullable()
      .comment('JSON: domain, owner, system, flavor, lifecycle');
    table.text('goal').notNullable().comment('JSON: { level } or { check }');
    table.string('deadline', 10).notNullable().comment('YYYY-MM-DD');
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
  });
  await knex.schema.createTable('mlops_campaign_snapshots', table => {
    table.comment(
      'Per day, each service in a campaign and whether it met the goal, for progress over time',
    );
    table.string('campaign_id', 128).notNullable();
    table.string('snapshot_date', 10).notNullable();
    table.string('entity_ref', 255).notNullable();
    table.boolean('met').notNullable();
    table.primary(['campaign_id', 'snapshot_date', 'entity_ref']);
  });
};

/**
 * @param {import('knex').Knex} knex
 * @returns {Promise<void>}
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('mlops_campaign_snapshots');
  await knex.schema.dropTable('mlops_campaigns');
  await knex.schema.alterTable('mlops_rollup_services', table => {
    table.dropColumn('statuses_recorded');
  });
  await knex('mlops_check_statuses').whereNot('status', 'fail').delete();
  await knex.schema.alterTable('mlops_check_statuses', table => {
    table.dropIndex([], 'mlops_check_statuses_check_idx');
    table.dropColumn('status');
  });
  await knex.schema.renameTable('mlops_check_statuses', 'mlops_failing_checks');
  await knex.schema.alterTable('mlops_failing_checks', table => {
    table.index(['check_id', 'entity_ref'], 'mlops_failing_checks_check_idx');
  });
};
