import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

/** All rows of a CSV file with a header line, as objects keyed by column name. */
export function readCsv(path: string): Record<string, string>[] {
  return parse(readFileSync(path), { columns: true, skip_empty_lines: true, relax_quotes: false, bom: true }) as Record<string, string>[];
}
