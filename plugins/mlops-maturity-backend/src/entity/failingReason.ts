/** The note `staleNote` (from -node) appends; its test holds the two together. */
const STALE_NOTE =
  / \(last known [^\s]+ facts from [^\s;)]+(?:; the latest collection failed: .*)?\)$/s;

/**
 * What stays the same while a check keeps failing for the same reason: its finding without
 * the counts and dates that change with every commit or run ("among 24 files", "18 of 19
 * runs") and without the note that a source was briefly unreachable. A waiver asks for
 * approval again only when this changes.
 */
export function failingReasonKey(reason: string): string {
  return reason.replace(STALE_NOTE, '').replace(/\d+/g, '#');
}
