// @ts-check

// Rows derived from each latest scorecard, written in the same transaction, so that
// org-wide rollups are SQL aggregates over one compact row per service. Scorecards
// saved before this migration are filled in by the rollup store when it starts.

// The dimensions and personas of the common package when this migration was written;
// a new one needs a migration that adds its pass-count columns.
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

/**
 * @param {import('knex').Knex} knex
 * @returns {Promise<void>}
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('mlops_rollup_chain_keys', table => {
    table.comment(
      'The keys a membership chain counts in: a domain and its parent domains, an owner group and its parents, a system, or the personas or dimensions a service has checks for',
    );
    table
      .bigInteger('chain_id')
      .notNullable()
      .comment('Hash of the kind and the chain, as stored on service rows');
    table.string('kind', 16).notNullable();
    table.string('key', 255).notNullable();
    table.integer('depth').notNullable().comment('0 for the closest key');
    table.string('parent', 255).nullable().comment('The next key of the chain');
    table.primary(['chain_id', 'key']);
    table.index(['kind', 'key'], 'mlops_rollup_chain_keys_key_idx');
  });

  await knex.schema.createTable('mlops_service_rollups', table => {
    table.comment(
      'One row per latest scorecard with everything rollups aggregate; wide so that a rollup reads one row per service',
    );
    table.string('entity_ref', 255).primary().notNullable();
    table.string('flavor', 32).notNullable();
    table.integer('level').notNullable();
    table.double('score').notNullable();
    table.double('coverage').notNullable();
    for (const kind of ['domain', 'owner', 'system', 'persona', 'dimension']) {
      table.bigInteger(`${kind}_chain`).nullable();
    }
    table.double('time_to_production_days').nullable();
    table.double('deploys_last_30d').nullable();
    table.double('model_age_days').nullable();
    table.double('ci_success_rate').nullable();
    for (const dimension of DIMENSIONS) {
      for (const persona of PERSONAS) {
        const cell = `${dimension}__${persona}`.replace(/-/g, '_');
        // Applicable checks, and those that pass or are waived.
        table.integer(`t__${cell}`).notNullable().defaultTo(0);
        table.integer(`p__${cell}`).notNullable().defaultTo(0);
      }
    }
  });

  await knex.schema.createTable('mlops_service_breakdowns', table => {
    table.comment(
      'Level, score and coverage of a service on the applicable checks of one persona or one dimension',
    );
    table.string('entity_ref', 255).notNullable();
    table.string('kind', 16).notNullable().comment('persona or dimension');
    table.string('key', 64).notNullable();
    table
      .integer('level')
      .notNullable()
      .comment('The level these required checks allow');
    table.double('score').notNullable();
    table.double('coverage').notNullable();
    table.primary(['entity_ref', 'kind', 'key']);
  });

  await knex.schema.createTable('mlops_service_blockers', table => {
    table.comment('Checks that keep a service from its next level');
    table.string('entity_ref', 255).notNullable();
    table.string('check_id', 255).notNullable();
    table.primary(['entity_ref', 'check_id']);
    table.index(['check_id'], 'mlops_service_blockers_check_idx');
  });

  await knex.schema.createTable('mlops_service_snapshots', table => {
    table.comment(
      'Level, score and memberships of every service once per day (UTC)',
    );
    table.string('entity_ref', 255).notNullable();
    table.string('snapshot_date', 10).notNullable().comment('YYYY-MM-DD');
    table.integer('level').notNullable();
    table.double('score').notNullable();
    table.bigInteger('domain_chain').nullable();
    table.bigInteger('owner_chain').nullable();
    table.primary(['entity_ref', 'snapshot_date']);
    table.index(['snapshot_date'], 'mlops_service_snapshots_date_idx');
  });

  await knex.schema.createTable('mlops_rollup_snapshots', table => {
    table.comment(
      'The service snapshots of a day summed per chain; a trend subtracts the services the caller may not read',
    );
    table.string('kind', 16).notNullable().comment('domain or owner');
    table.bigInteger('chain_id').notNullable();
    table.string('snapshot_date', 10).notNullable();
    table.integer('services').notNullable();
    table.integer('level0').notNullable();
    table.integer('level1').notNullable();
    table.integer('level2').notNullable();
    table.double('score_sum').notNullable();
    table.primary(['kind', 'chain_id', 'snapshot_date']);
    table.index(['snapshot_date'], 'mlops_rollup_snapshots_date_idx');
  });

  await knex.schema.createTable('mlops_snapshot_services', table => {
    table.comment('Every service that has a kept snapshot');
    table.string('entity_ref', 255).primary().notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 * @returns {Promise<void>}
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('mlops_snapshot_services');
  await knex.schema.dropTable('mlops_rollup_snapshots');
  await knex.schema.dropTable('mlops_service_snapshots');
  await knex.schema.dropTable('mlops_service_blockers');
  await knex.schema.dropTable('mlops_service_breakdowns');
  await knex.schema.dropTable('mlops_service_rollups');
  await knex.schema.dropTable('mlops_rollup_chain_keys');
};
