import express from 'express';

export type CsvValue = string | number | boolean | null | undefined;

/** RFC 4180: a field with a comma, a quote or a line break is quoted, quotes doubled. */
function field(value: CsvValue): string {
  if (value === null || value === undefined) {
    return '';
  }
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A header row and records, each line ended by CRLF (RFC 4180). */
export function toCsv(header: string[], rows: CsvValue[][]): string {
  return [header, ...rows]
    .map(row => `${row.map(field).join(',')}\r\n`)
    .join('');
}

/** Answers with a CSV file download. */
export function sendCsv(
  res: express.Response,
  filename: string,
  csv: string,
): void {
  res
    .status(200)
    .type('text/csv; charset=utf-8; header=present')
    .attachment(filename)
    .send(csv);
}
