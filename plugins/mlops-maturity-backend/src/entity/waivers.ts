import { ANNOTATIONS } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';

export interface Waiver {
  checkId: string;
  /** End of the last day the waiver is active (UTC). */
  expiresAt: Date;
}

/**
 * Parses `mlops-maturity.io/waivers: "check.id:YYYY-MM-DD, other.id:YYYY-MM-DD"`.
 * A waiver must expire: an exemption nobody revisits is how maturity rots.
 */
export function parseWaivers(value: string | undefined): {
  waivers: Waiver[];
  errors: string[];
} {
  const waivers: Waiver[] = [];
  const errors: string[] = [];
  if (!value) {
    return { waivers, errors };
  }
  for (const entry of value
    .split(',')
    .map(e => e.trim())
    .filter(Boolean)) {
    const match = /^([a-z0-9][a-z0-9.-]*):(\d{4}-\d{2}-\d{2})$/.exec(entry);
    const expiresAt = match ? new Date(`${match[2]}T23:59:59.999Z`) : undefined;
    if (!match || Number.isNaN(expiresAt!.getTime())) {
      errors.push(
        `"${entry}" in ${ANNOTATIONS.waivers} is not <check-id>:<YYYY-MM-DD>`,
      );
      continue;
    }
    waivers.push({ checkId: match[1], expiresAt: expiresAt! });
  }
  return { waivers, errors };
}
