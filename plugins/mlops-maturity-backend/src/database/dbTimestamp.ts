/** SQLite returns timestamps as epoch milliseconds or as text; PostgreSQL as Date. */
export type DbTimestamp = Date | number | string;

export function toDate(value: DbTimestamp): Date {
  if (value instanceof Date) {
    return value;
  }
  if (typeof value === 'number') {
    return new Date(value);
  }
  if (/^\d+$/.test(value)) {
    return new Date(Number(value));
  }
  // SQLite's CURRENT_TIMESTAMP is UTC without a zone designator.
  const hasZone = /(Z|[+-]\d\d(:?\d\d)?)$/.test(value);
  return new Date(hasZone ? value : `${value.replace(' ', 'T')}Z`);
}
