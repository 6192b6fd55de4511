import { z } from 'zod';
import { SchoolgateError } from '../errors';

/**
 * Keyset pagination: a cursor is the sort key of the last row a page ended on, opaque to clients (base64url
 * JSON). Lists are newest first; a row inserted while someone pages is never skipped or shown twice.
 */

export const MAX_PAGE = 1000;

export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

const BAD_CURSOR = 'The cursor is not one this API gave out (or belongs to another list): start again without it.';

export function decodeCursor<S extends z.ZodType>(schema: S, cursor: string | undefined): z.infer<S> | null {
  if (cursor === undefined) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new SchoolgateError('INPUT_INVALID', BAD_CURSOR);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new SchoolgateError('INPUT_INVALID', BAD_CURSOR);
  return parsed.data;
}

/** (timestamp as Postgres printed it, uuid): exact, unlike a JS Date, which would drop the microseconds. */
export const TimeIdKey = z.tuple([z.string().min(1).max(64), z.guid()]);
export type TimeIdKey = z.infer<typeof TimeIdKey>;
export const SerialKey = z.tuple([z.number().int().positive()]);

export interface ScanOptions<R, K> {
  /** Rows strictly after `after` in list order, at most `n`. */
  fetch: (after: K | null, n: number) => Promise<R[]>;
  /** Whether the reader may see this row (rules that SQL cannot express exactly, checked by the workflow's own). */
  keep?: (row: R) => boolean;
  keyOf: (row: R) => K;
  limit: number;
  after: K | null;
  /** Stop after scanning this many rows even if the page is short; `next` then points past what was scanned. */
  budget?: number;
}

/**
 * One page of rows the reader may see. Without `keep`, a single query of limit + 1 rows. With it, rows are
 * fetched in batches and filtered; a short page with a cursor means "more may follow", never "the end".
 */
export async function scanPage<R, K>(o: ScanOptions<R, K>): Promise<{ items: R[]; next: K | null }> {
  if (!o.keep) {
    const rows = await o.fetch(o.after, o.limit + 1);
    const items = rows.slice(0, o.limit);
    return { items, next: rows.length > o.limit && items.length ? o.keyOf(items[items.length - 1]!) : null };
  }
  const batch = Math.min(Math.max((o.limit + 1) * 2, 100), 2000);
  const budget = o.budget ?? Math.max(batch * 5, 5000);
  const items: R[] = [];
  let after = o.after;
  let scanned = 0;
  for (;;) {
    const rows = await o.fetch(after, batch);
    for (const r of rows) {
      scanned++;
      if (o.keep(r)) {
        if (items.length === o.limit) return { items, next: o.keyOf(items[items.length - 1]!) };
        items.push(r);
      }
      after = o.keyOf(r);
    }
    if (rows.length < batch) return { items, next: null };
    if (scanned >= budget) return { items, next: after };
  }
}
