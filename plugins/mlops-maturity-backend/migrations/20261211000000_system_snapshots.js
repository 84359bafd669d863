// @ts-check

// Daily snapshots follow systems too, so a System page has a trend like a domain or a
// team. Days recorded before this migration have no system: a system's trend starts at
// the first snapshot after it.

const COVER_INDEX = 'mlops_service_snapshots_cover_idx';

/**
 * @param {import('knex').Knex} knex
 * @returns {Promise<void>}
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('mlops_service_snapshots', table => {
    table.bigInteger('system_chain').nullable();
    table.dropIndex([], COVER_INDEX);
  });
  // A trend subtracts the snapshots of services the caller may not read from this index
  // alone, so it holds every chain.
  await knex.schema.alterTable('mlops_service_snapshots', table => {
    table.index(
      [
        'entity_ref',
        'snapshot_date',
        'domain_chain',
        'owner_chain',
        'system_chain',
        'level',
        'score',
        'sample',
      ],
      COVER_INDEX,
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 * @returns {Promise<void>}
 */
exports.down = async function down(knex) {
  await knex('mlops_rollup_snapshots').where('kind', 'system').delete();
  await knex.schema.alterTable('mlops_service_snapshots', table => {
    table.dropIndex([], COVER_INDEX);
  });
  await knex.schema.alterTable('mlops_service_snapshots', table => {
    table.dropColumn('system_chain');
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
      COVER_INDEX,
    );
  });
};
