import { parseEntityRef } from '@backstage/catalog-model';
import { humanizeEntityRef } from '@backstage/plugin-catalog-react';

const oneDecimal = new Intl.NumberFormat(undefined, {
  maximumFractionDigits: 1,
});
const signedOneDecimal = new Intl.NumberFormat(undefined, {
  maximumFractionDigits: 1,
  signDisplay: 'exceptZero',
});

/**
 * A domain, group or system ref as people say it: `payments` for
 * `domain:default/payments`, with the namespace only when it is not the default.
 */
export function displayRef(ref: string, defaultKind: string): string {
  try {
    return humanizeEntityRef(parseEntityRef(ref), { defaultKind });
  } catch {
    // Persona and dimension keys, or anything else that is not an entity ref.
    return ref;
  }
}

/** 63.42 → "63.4" */
export function formatNumber(value: number): string {
  return oneDecimal.format(value);
}

/** 4.25 → "+4.3", -2 → "-2", 0 → "0" */
export function formatSigned(value: number): string {
  return signedOneDecimal.format(value);
}

/** 0.5 → "50%", null → "–" */
export function formatShare(ratio: number | null): string {
  return ratio === null ? '–' : `${Math.round(ratio * 100)}%`;
}

const dayFormat = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeZone: 'UTC',
});

/**
 * A snapshot day in the user's locale, e.g. "Mar 3, 2026". Snapshot days are UTC
 * dates, so they are formatted in UTC: local time would show the day before in
 * the Americas.
 */
export function formatDay(date: string): string {
  return dayFormat.format(new Date(date));
}

/** The date part of a snapshot date or timestamp, e.g. "2026-03-14". */
export function dayOf(date: string): string {
  return date.slice(0, 10);
}
