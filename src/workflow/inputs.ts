import { z } from 'zod';
import type { School } from '../config/load-school';
import { type ConfigProblem, zodProblems } from '../config/load-school';
import { localTime } from '../domain/local-time';
import { Flag, Topic } from '../domain/taxonomy';
import { err, ok, type Result, SchoolgateError } from '../errors';
import { MEETING_ROLES, hasRole } from './permissions';

/**
 * Everything staff send to the workflow, validated here so every surface (Teams, Slack, console, API) gets
 * the same errors. Shape problems come from zod; problems that need the school file or today's date
 * (unknown staff, a review date in the past, a response the breach does not allow) are checked after, and
 * all problems are reported together.
 */

const Why = (what: string) =>
  z
    .string({ message: `${what} is required` })
    .trim()
    .min(3, `${what} is required: a few words on why, for the audit trail`)
    .max(2000, `${what} must be at most 2,000 characters`);

/** What a reply or forwarded text may be: SMS-sized messages stitched together, never empty. */
export const MessageText = z
  .string({ message: 'the text is required' })
  .trim()
  .min(1, 'the text must not be empty')
  .max(1600, 'the text must be at most 1,600 characters (ten SMS segments)');

const StaffId = z.string().min(1, 'give the id of a staff member in the school file');

/** §4 "Send a warning letter to the parent". The letter is drafted from templates/warning-letter.md. */
export const WarningLetterResponse = z.strictObject({ kind: z.literal('warning_letter') });

/** §4 "Invite the parent into school to meet with a senior member of staff or the Head Teacher". */
export const MeetingResponse = z.strictObject({
  kind: z.literal('meeting'),
  withStaffId: StaffId,
  /** When, if already known; the letter otherwise says a time will be arranged. */
  proposedAt: z.iso.datetime({ offset: true, message: 'proposedAt must be an ISO 8601 time such as 2026-10-05T15:30:00+01:00' }).optional(),
});

/** §4 managed contact: one designated member of staff, the topics the parent may still raise, and a review date. */
export const ManagedContactResponse = z.strictObject({
  kind: z.literal('managed_contact'),
  designatedContactId: StaffId,
  allowedTopics: z.array(Topic.exclude(['none'])).min(1, 'list the topics the parent may still raise, such as ["absence", "medical"]'),
  reviewDate: z.iso.date({ message: 'reviewDate is required: a date written YYYY-MM-DD when the arrangement will be reviewed' }),
  note: z.string().trim().max(2000).optional(),
});

/** §4 police referral: threats or violence, or harassment of a member of the school community. */
export const PoliceResponse = z.strictObject({
  kind: z.literal('police'),
  grounds: z.enum(['threat', 'violence', 'harassment'], { message: 'grounds must be one of: threat, violence, harassment' }),
  reference: z.string().trim().max(200).optional(),
});

/** §4 "Seek advice from the local authority's legal team" for conduct that may be libellous or slanderous. */
export const LocalAuthorityResponse = z.strictObject({ kind: z.literal('local_authority') });

export const BreachResponse = z.discriminatedUnion('kind', [
  WarningLetterResponse,
  MeetingResponse,
  ManagedContactResponse,
  PoliceResponse,
  LocalAuthorityResponse,
]);
export type BreachResponse = z.infer<typeof BreachResponse>;
export type BreachResponseKind = BreachResponse['kind'];

export const NotBreachDecision = z.strictObject({
  outcome: z.literal('not_breach'),
  reason: Why('reason'),
  /** What the enquiry's assignee receives; a suggestion is made when it is left out. */
  forwardedText: MessageText.optional(),
});

export const BreachDecision = z.strictObject({
  outcome: z.literal('breach'),
  reason: Why('reason'),
  /** The flags the reviewer confirms; the letters quote their clauses. May differ from the classifier's. */
  breachedFlags: z.array(Flag).min(1, 'breachedFlags: confirm at least one flag (abusive, threat, ...) that was breached'),
  responses: z.array(BreachResponse).min(1, 'responses: choose at least one response from section 4 (warning_letter, meeting, ...)'),
  forwardedText: MessageText.optional(),
});

export const ReviewDecision = z.discriminatedUnion('outcome', [NotBreachDecision, BreachDecision], {
  message: 'outcome must be "breach" or "not_breach"',
});
export type ReviewDecision = z.infer<typeof ReviewDecision>;
export type BreachDecision = z.infer<typeof BreachDecision>;

export const EscalateInput = z.strictObject({ reason: Why('reason') });
export const ReassignInput = z.strictObject({ toStaffId: StaffId, reason: z.string().trim().max(2000).optional() });
export const CloseInput = z.strictObject({ reason: Why('reason for closing without a reply') });
export const RejectInput = z.strictObject({ reason: Why('reason for rejecting the reply') });
export const WriteReplyInput = z.strictObject({ body: MessageText });
export const ApproveInput = z.strictObject({ editedBody: MessageText.optional() });
export type ReassignInput = z.infer<typeof ReassignInput>;
export type ApproveInput = z.infer<typeof ApproveInput>;

function invalid(what: string, problems: ConfigProblem[]): SchoolgateError {
  const lines = problems.map((p) => `  - ${p.path}: ${p.message}`);
  return new SchoolgateError('INPUT_INVALID', `The ${what} has ${problems.length} problem${problems.length > 1 ? 's' : ''}:\n${lines.join('\n')}`, problems);
}

/** Parse any workflow input with its schema; INPUT_INVALID lists every problem with its path. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): Result<z.infer<S>> {
  const parsed = schema.safeParse(input);
  return parsed.success ? ok(parsed.data) : err(invalid(what, zodProblems(parsed.error)));
}

/** Checks on a valid-looking review decision that need the school file and today's date. */
export function checkReviewDecision(decision: ReviewDecision, ctx: { school: School; now: Date }): ConfigProblem[] {
  if (decision.outcome === 'not_breach') return [];
  const problems: ConfigProblem[] = [];
  const today = localTime(ctx.now, ctx.school.timezone).date;
  const seen = new Set<string>();
  decision.responses.forEach((r, i) => {
    const at = `responses[${i}]`;
    if (seen.has(r.kind)) problems.push({ path: at, message: `"${r.kind}" is chosen twice: choose each response once` });
    seen.add(r.kind);
    if (r.kind === 'meeting') {
      const s = ctx.school.staffById.get(r.withStaffId);
      if (!s) problems.push({ path: `${at}.withStaffId`, message: `no staff member has id "${r.withStaffId}"` });
      else if (!hasRole(s, MEETING_ROLES))
        problems.push({ path: `${at}.withStaffId`, message: `${s.name} is not a senior member of staff: the meeting is with a senior reviewer or the head teacher (§4)` });
      if (r.proposedAt && new Date(r.proposedAt) <= ctx.now) problems.push({ path: `${at}.proposedAt`, message: 'the meeting time must be in the future' });
    }
    if (r.kind === 'managed_contact') {
      if (!ctx.school.staffById.has(r.designatedContactId))
        problems.push({ path: `${at}.designatedContactId`, message: `no staff member has id "${r.designatedContactId}"` });
      if (r.reviewDate <= today) problems.push({ path: `${at}.reviewDate`, message: `the review date must be after today (${today})` });
    }
    if (r.kind === 'police' && r.grounds === 'threat' && !decision.breachedFlags.includes('threat'))
      problems.push({ path: `${at}.grounds`, message: 'a police referral for a threat needs "threat" among breachedFlags' });
    if (r.kind === 'local_authority' && !decision.breachedFlags.includes('defamatory'))
      problems.push({
        path: `${at}.kind`,
        message: 'the local authority legal team is for libel or slander: it needs "defamatory" among breachedFlags',
      });
  });
  return problems;
}

/** A review decision from any surface: shape, then school and date checks, every problem at once. */
export function parseReviewDecision(input: unknown, ctx: { school: School; now: Date }): Result<ReviewDecision> {
  const parsed = parseInput(ReviewDecision, input, 'review decision');
  if (!parsed.ok) return parsed;
  const problems = checkReviewDecision(parsed.value, ctx);
  return problems.length ? err(invalid('review decision', problems)) : parsed;
}
