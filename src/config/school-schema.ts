import { z } from 'zod';
import { Role, Topic } from '../domain/taxonomy';

/**
 * The school file: one YAML document per school. Every object is strict, so a misspelt key fails at
 * start instead of being silently ignored. Cross-references (a routing role nobody holds, a child in a
 * class no teacher has) are checked in `checkSchoolReferences` after the shape is valid.
 */

const PHONE = /^\+[1-9]\d{6,14}$/;
export const PhoneNumber = z
  .string()
  .trim()
  .regex(PHONE, 'must be an international phone number in E.164 form, such as +447700900123');

const Slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be lower-case letters, digits, "-" or "_" (for example "macey" or "rowan-class")');

const IsoDate = z.iso.date({ message: 'must be a date written YYYY-MM-DD, such as 2026-10-26' });
const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time written HH:MM, such as 08:30');
const Weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const StaffMember = z.strictObject({
  id: Slug,
  name: z.string().min(1, 'give the name parents and staff know them by, such as "Miss Macey"'),
  roles: z.array(Role).min(1, 'give at least one role, such as [class_teacher]'),
  classes: z.array(z.string().min(1)).default([]),
  /** Other names parents use for them in messages ("Karen", "the SENCO"), for evidence and routing hints. */
  aliases: z.array(z.string().min(1)).default([]),
  contact: z
    .strictObject({
      teams_user_id: z.string().min(1).optional(),
      slack_user_id: z.string().min(1).optional(),
      email: z.email('must be an email address').optional(),
    })
    .default({}),
});
export type StaffMember = z.infer<typeof StaffMember>;

export const Child = z.strictObject({
  name: z.string().min(1),
  class: z.string().min(1, 'give the class name as the staff directory spells it, such as "Rowan"'),
});

export const Parent = z
  .strictObject({
    id: Slug,
    name: z.string().min(1),
    phones: z.array(PhoneNumber).default([]),
    teams_ids: z.array(z.string().min(1)).default([]),
    children: z.array(Child).default([]),
  })
  .refine((p) => p.phones.length + p.teams_ids.length > 0, {
    message: 'give at least one phone number or Teams id, or Schoolgate cannot recognise this parent',
    path: ['phones'],
  });
export type Parent = z.infer<typeof Parent>;

export const ManagedContact = z.strictObject({
  parent: Slug.describe('the id of a parent in `parents`'),
  designated_contact: Slug.describe('the id of the staff member who handles all of this parent’s messages'),
  allowed_topics: z.array(Topic).min(1, 'list the topics this parent may still raise, such as [absence, medical]'),
  review_date: IsoDate,
  note: z.string().optional(),
});
export type ManagedContact = z.infer<typeof ManagedContact>;

export const TermDates = z
  .strictObject({ name: z.string().min(1), start: IsoDate, end: IsoDate })
  .refine((t) => t.start <= t.end, { message: 'a term must not end before it starts', path: ['end'] });

export const OfficeHours = z.strictObject({
  days: z.array(Weekday).min(1).default(['mon', 'tue', 'wed', 'thu', 'fri']),
  open: ClockTime,
  close: ClockTime,
});

export const Acknowledgements = z.strictObject({
  /** Off by default would surprise no one; on by default because parents expect to know the text arrived. */
  enabled: z.boolean().default(true),
  office_hours: z.string().min(1).max(480),
  out_of_hours: z.string().min(1).max(480),
  managed_contact: z.string().min(1).max(480),
});

export const VexatiousThresholds = z.strictObject({
  /** How far back the sender's history counts towards a run of repeated demands. */
  window_hours: z.number().positive().max(168).default(8),
  /** The message that makes this many contacts on the same matter within the window is flagged. */
  repeat_count: z.number().int().min(2).max(20).default(2),
  /** An ultimatum with a deadline closer than this is unreasonable pressure. */
  ultimatum_max_hours: z.number().positive().max(72).default(24),
  /** Messages sent between these local times count as night-time bombarding when repeated. */
  night_start: ClockTime.default('22:00'),
  night_end: ClockTime.default('06:00'),
});

export const Alerts = z.strictObject({
  teams: z.boolean().default(false),
  slack: z.boolean().default(false),
  /** Minutes the DSL has to acknowledge a safeguarding alert before it escalates to the deputy, then the head. */
  safeguarding_ack_minutes: z.number().int().positive().max(240).default(15),
});

/**
 * Issue #7: which classifier decides this school's triage. `local` (default) never calls out; `openai` asks the
 * model and falls back to the local classifier on any failure; `both` lets the model decide and resolves any
 * disagreement on a flag, safeguarding or urgency towards the safer answer, marked for human review.
 */
export const CLASSIFIER_MODES = ['local', 'openai', 'both'] as const;
export type ClassifierMode = (typeof CLASSIFIER_MODES)[number];
export const ClassifierSettings = z.strictObject({
  mode: z.enum(CLASSIFIER_MODES).default('local'),
  /** Tokens the school may spend with the model per day (school time); past it triage falls back to local. */
  daily_token_budget: z.number().int().min(0).default(1_000_000),
});
export type ClassifierSettings = z.infer<typeof ClassifierSettings>;

/** Issue #7: how suggested replies to parents are worded (staff always edit and approve before anything is sent). */
export const ReplyDrafts = z.strictObject({
  tone: z
    .string()
    .min(1)
    .max(400)
    .default('warm, brief and plain: thank the parent, say what happens next and who will deal with it, no jargon, no promises the school cannot keep'),
  /** The last line of a suggested reply; the school's name when left out. */
  sign_off: z.string().min(1).max(120).optional(),
});

export const RoutingTable = z.partialRecord(Topic.exclude(['none']), Role);

export const SchoolFile = z.strictObject({
  school: z.strictObject({
    id: Slug,
    name: z.string().min(1),
    timezone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/London'),
    /** The school's own numbers (Twilio `To`): an inbound text is matched to its school by these. */
    phone_numbers: z.array(PhoneNumber).default([]),
    teams_tenant_id: z.string().min(1).optional(),
  }),
  term_dates: z.array(TermDates).default([]),
  office_hours: OfficeHours,
  staff: z.array(StaffMember).min(1, 'list at least the office and the designated safeguarding lead'),
  routing: RoutingTable.default({}),
  parents: z.array(Parent).default([]),
  managed_contacts: z.array(ManagedContact).default([]),
  acknowledgements: Acknowledgements,
  vexatious: VexatiousThresholds.default({
    window_hours: 8,
    repeat_count: 2,
    ultimatum_max_hours: 24,
    night_start: '22:00',
    night_end: '06:00',
  }),
  alerts: Alerts.default({ teams: false, slack: false, safeguarding_ack_minutes: 15 }),
  classifier: ClassifierSettings.default({ mode: 'local', daily_token_budget: 1_000_000 }),
  reply_drafts: ReplyDrafts.default({
    tone: 'warm, brief and plain: thank the parent, say what happens next and who will deal with it, no jargon, no promises the school cannot keep',
  }),
});
export type SchoolFile = z.infer<typeof SchoolFile>;
