// @ts-check

// PostgreSQL compresses the scorecard JSON (tens of kilobytes) with pglz by default;
// lz4 writes it about four times faster for a tenth more space. Servers without lz4
// (before PostgreSQL 14, or built without it) keep pglz, as does SQLite, which does
// not compress.

/** @param {import('knex').Knex} knex */
async function hasLz4(knex) {
  if (knex.client.dialect !== 'postgresql') {
    return false;
  }
  const { rows } = await knex.raw(
    `SELECT 1 FROM pg_settings
     WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)`,
  );
  return rows.length > 0;
}

/**
 * @param {import('knex').Knex} knex
 * @returns {Promise<void>}
 */
exports.up = async function up(knex) {
  if (await hasLz4(knex)) {
    await knex.raw(
      'ALTER TABLE mlops_scorecards ALTER COLUMN scorecard SET COMPRESSION lz4',
    );
  }
};

/**
 * @param {import('knex').Knex} knex
 * @returns {Promise<void>}
 */
exports.down = async function down(knex) {
  if (await hasLz4(knex)) {
    await knex.raw(
      'ALTER TABLE mlops_scorecards ALTER COLUMN scorecard SET COMPRESSION default',
    );
  }
};
