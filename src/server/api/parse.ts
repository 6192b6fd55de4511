import { z } from 'zod';
import { statesOf } from '../../workflow/states';
import { parseInput } from '../../workflow/inputs';
import { MAX_PAGE } from '../../workflow/paging';
import type { Guard } from '../../workflow/views';
import { SchoolgateError } from '../../errors';

/** Parse a request part with its schema; INPUT_INVALID (400) lists every problem with its path. */
export function parse<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const r = parseInput(schema, input, what);
  if (!r.ok) throw r.error;
  return r.value;
}

export const IdParams = z.strictObject({ id: z.guid({ message: 'the id in the path must be a UUID, as the API returns it' }) });

const Limit = z.coerce
  .number({ message: `limit must be a whole number from 1 to ${MAX_PAGE}` })
  .int(`limit must be a whole number from 1 to ${MAX_PAGE}`)
  .min(1, `limit must be a whole number from 1 to ${MAX_PAGE}`)
  .max(MAX_PAGE, `limit must be at most ${MAX_PAGE}`)
  .default(50);
const Cursor = z.string().min(1).max(500).optional();
const Slug = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be an id from the school file, such as "rossmore"');

const CASE_STATES = [...new Set([...statesOf('review'), ...statesOf('enquiry')])] as [string, ...string[]];

export const ListCasesQuery = z.strictObject({
  state: z.enum(CASE_STATES).optional(),
  kind: z.enum(['review', 'enquiry']).optional(),
  assignee: Slug.optional(),
  urgency: z.enum(['urgent', 'routine']).optional(),
  school: Slug.optional(),
  limit: Limit,
  cursor: Cursor,
});

export const ListMessagesQuery = z.strictObject({
  school: Slug.optional(),
  status: z.enum(['received', 'triaged', 'triage_failed', 'consent']).optional(),
  from: z.string().min(1).max(200).optional(),
  limit: Limit,
  cursor: Cursor,
});

export const ListIncidentsQuery = z.strictObject({ school: Slug.optional(), limit: Limit, cursor: Cursor });

export const ListAuditQuery = z.strictObject({
  school: Slug.optional(),
  entityType: z.enum(['case', 'reply', 'incident', 'managed_contact', 'message', 'outbox']).optional(),
  entityId: z.string().min(1).max(100).optional(),
  limit: Limit,
  cursor: Cursor,
});

export const ListParentsQuery = z.strictObject({ q: z.string().trim().min(1).max(200).optional(), school: Slug.optional(), limit: Limit, cursor: Cursor });
export const ParentParams = z.strictObject({ id: z.string().min(1).max(200) });
export const ParentQuery = z.strictObject({ school: Slug.optional() });

export const FailedJobsQuery = z.strictObject({
  queue: z.string().min(1).max(40).optional(),
  limit: z.coerce.number({ message: 'limit must be a whole number from 1 to 500' }).int().min(1).max(500, 'limit must be at most 500').default(50),
});

/** A retry takes nothing but the optional expectedVersion. */
export const RetryBody = z.strictObject({});

const ExpectedVersion = z.number({ message: 'expectedVersion must be the version number the case or reply had when you read it' }).int().positive();

/**
 * A body's optional `expectedVersion` (refuse with 409 if the case or reply moved since it was read), split from
 * the rest, which goes to the workflow as the action's input.
 */
export function splitGuard(body: unknown): { input: unknown; guard: Guard } {
  if (body === undefined || body === null) return { input: {}, guard: {} };
  if (typeof body !== 'object' || Array.isArray(body)) throw new SchoolgateError('INPUT_INVALID', 'The request body must be a JSON object.');
  const { expectedVersion, ...input } = body as Record<string, unknown>;
  if (expectedVersion === undefined) return { input, guard: {} };
  return { input, guard: { expectedVersion: parse(ExpectedVersion, expectedVersion, 'expectedVersion') } };
}
