// @ts-check

// Governed waivers: requested through the API by a service's team, approved or rejected by
// whoever holds the approval permission (a platform team), with an audit log of every step.

/**
 * @param {import('knex').Knex} knex
 * @returns {Promise<void>}
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('mlops_waivers', table => {
    table.comment('Waivers requested through the API, and their current state');
    table.string('id', 64).primary();
    table.string('entity_ref', 255).notNullable();
    table.string('check_id', 255).notNullable();
    table.text('reason').notNullable();
    table
      .string('status', 16)
      .notNullable()
      .comment(
        'pending, approved, rejected, revoked or closed (its check passes); an approved one past expires_at is expired',
      );
    table.string('requested_by', 255).notNullable();
    table.timestamp('requested_at', { useTz: true }).notNullable();
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.string('decided_by', 255).nullable();
    table.timestamp('decided_at', { useTz: true }).nullable();
    table
      .text('failing_reason')
      .nullable()
      .comment(
        'What the check found when the waiver was first applied; another reason asks for approval again',
      );
    table.index(['entity_ref', 'status'], 'mlops_waivers_entity_idx');
  });
  await knex.schema.createTable('mlops_waiver_events', table => {
    table.comment(
      'Audit log: every request, approval, rejection and revocation',
    );
    table.increments('id');
    table.string('waiver_id', 64).notNullable().index();
    table.timestamp('at', { useTz: true }).notNullable();
    table.string('actor', 255).notNullable();
    table.string('action', 16).notNullable();
    table.text('note').nullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 * @returns {Promise<void>}
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('mlops_waiver_events');
  await knex.schema.dropTable('mlops_waivers');
};
