const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'short',
});
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** A timestamp in the user's locale and time zone, e.g. "Mar 3, 2026, 9:12 AM". */
export function formatDateTime(iso: string): string {
  return dateTimeFormat.format(new Date(iso));
}

/** A day in the user's locale, e.g. "Mar 3, 2026". */
export function formatDate(iso: string): string {
  return dateFormat.format(new Date(iso));
}

/** 0.875 → 88 */
export function toPercent(ratio: number): number {
  return Math.round(ratio * 100);
}
