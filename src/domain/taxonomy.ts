import { z } from 'zod';

/** The labels are a contract (../shared/taxonomy.md): classifier, routing, alerts, eval and benchmarks all use these names. */
export const FLAGS = ['abusive', 'threat', 'discriminatory', 'profanity', 'defamatory', 'vexatious'] as const;
export const TOPICS = [
  'absence',
  'medical',
  'transport',
  'family',
  'safeguarding',
  'learning',
  'send',
  'complaint',
  'general',
  'none',
] as const;
export const URGENCIES = ['urgent', 'routine'] as const;
export const CHANNELS = ['sms', 'teams'] as const;

export const Flag = z.enum(FLAGS);
export const Topic = z.enum(TOPICS);
export const Urgency = z.enum(URGENCIES);
export const Channel = z.enum(CHANNELS);
export type Flag = z.infer<typeof Flag>;
export type Topic = z.infer<typeof Topic>;
export type Urgency = z.infer<typeof Urgency>;
export type Channel = z.infer<typeof Channel>;

/** Staff roles named in the school file. */
export const ROLES = [
  'office',
  'attendance',
  'medical_lead',
  'class_teacher',
  'senco',
  'dsl',
  'deputy_dsl',
  'head_teacher',
  'senior_reviewer',
] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** Sort flags in the taxonomy's order, without duplicates. */
export function orderFlags(flags: Iterable<Flag>): Flag[] {
  const set = new Set(flags);
  return FLAGS.filter((f) => set.has(f));
}

/**
 * The code-of-conduct clause each flag may breach (section 3 of code-of-conduct.txt), quoted so a
 * reviewer sees the policy text, not our paraphrase.
 */
export const FLAG_CLAUSES: Record<Flag, string> = {
  abusive: '§3 Sending abusive, rude or disrespectful messages to staff',
  threat: '§3 Threatening another member of the school community',
  discriminatory: '§3 Using swear words or discriminatory or racist language',
  profanity: '§3 Swearing or using offensive language towards staff undertaking their roles',
  defamatory: '§3 Posting defamatory, offensive or derogatory comments about the school, its staff or any member of its community',
  vexatious:
    '§3 Placing school staff under unreasonable pressure or intimidation through the repeated or inappropriate use of email, SMS, or any other form of communication',
};

/** The default role each topic is routed to (taxonomy.md); a school may override it in its school file. */
export const DEFAULT_ROUTING: Record<Exclude<Topic, 'none'>, Role> = {
  absence: 'attendance',
  medical: 'medical_lead',
  transport: 'office',
  family: 'class_teacher',
  safeguarding: 'dsl',
  learning: 'class_teacher',
  send: 'senco',
  complaint: 'head_teacher',
  general: 'office',
};
