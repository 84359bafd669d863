// @ts-check

// JSON is stored as text so the same schema works on SQLite and PostgreSQL.

/**
 * @param {import('knex').Knex} knex
 * @returns {Promise<void>}
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('mlops_services', table => {
    table.comment('Refresh queue: one row per selected ML service');
    table.string('entity_ref', 255).primary().notNullable();
    table.string('entity_hash', 255).notNullable();
    table
      .string('inputs_hash', 255)
      .nullable()
      .comment('Hash of what the last scorecard was computed from');
    table.timestamp('next_due_at', { useTz: true }).notNullable().index();
    table.string('claimed_by', 255).nullable();
    table
      .timestamp('claimed_until', { useTz: true })
      .nullable()
      .comment('Lease end; an expired lease makes the row claimable again');
    table.text('last_error').nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('mlops_facts', table => {
    table.comment(
      'Latest facts per entity and source, kept when a fetch fails',
    );
    table.string('entity_ref', 255).notNullable();
    table.string('source', 255).notNullable();
    table.text('facts').notNullable();
    table.timestamp('collected_at', { useTz: true }).notNullable();
    table.timestamp('attempted_at', { useTz: true }).notNullable();
    table.text('error').nullable();
    table.boolean('stale').notNullable().defaultTo(false);
    table.boolean('sample').notNullable().defaultTo(false);
    table.string('origin', 32).notNullable();
    table.primary(['entity_ref', 'source']);
  });

  await knex.schema.createTable('mlops_scorecards', table => {
    table.comment('Latest scorecard per entity');
    table.string('entity_ref', 255).primary().notNullable();
    table.string('flavor', 32).notNullable();
    table.integer('level').notNullable();
    table.double('score').notNullable();
    table.double('coverage').notNullable();
    table.string('owner', 255).nullable().index();
    table.string('system', 255).nullable().index();
    table.string('domain', 255).nullable().index();
    table.timestamp('evaluated_at', { useTz: true }).notNullable();
    table.string('inputs_hash', 255).notNullable();
    table.boolean('contains_sample').notNullable().defaultTo(false);
    table.text('scorecard').notNullable();
  });

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

  await knex.schema.createTable('mlops_scorecard_history', table => {
    table.comment(
      'One point per evaluation; kept when a service is deselected',
    );
    table.increments('id');
    table.string('entity_ref', 255).notNullable();
    table.timestamp('evaluated_at', { useTz: true }).notNullable();
    table.integer('level').notNullable();
    table.double('score').notNullable();
    table.double('coverage').notNullable();
    table.text('dimensions').notNullable();
    table.text('personas').notNullable();
    table.index(['entity_ref', 'evaluated_at']);
  });

  await knex.schema.createTable('mlops_cycles', table => {
    table.comment('Evaluation cycles of the scheduler');
    table.increments('id');
    table.timestamp('started_at', { useTz: true }).notNullable();
    table.timestamp('finished_at', { useTz: true }).nullable();
    table.integer('evaluated').notNullable().defaultTo(0);
    table.integer('failed').notNullable().defaultTo(0);
  });
};

/**
 * @param {import('knex').Knex} knex
 * @returns {Promise<void>}
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('mlops_cycles');
  await knex.schema.dropTable('mlops_scorecard_history');
  await knex.schema.dropTable('mlops_check_results');
  await knex.schema.dropTable('mlops_scorecards');
  await knex.schema.dropTable('mlops_facts');
  await knex.schema.dropTable('mlops_services');
};
