import { z } from 'zod';
import { Flag, Role, Topic, Urgency } from './taxonomy';

/** Where in the message a decision's evidence is: [start, end) character offsets into the body, and the text. */
export const Evidence = z.object({
  start: z.number().int().min(0),
  end: z.number().int().min(0),
  text: z.string(),
});
export type Evidence = z.infer<typeof Evidence>;

/**
 * Why one label was given. Every flag has at least one reason; the topic and urgency have one each.
 * `clause` quotes the code of conduct (flags) or names the taxonomy rule (topic, urgency).
 */
export const Reason = z.object({
  kind: z.enum(['flag', 'topic', 'urgency']),
  label: z.string(),
  clause: z.string(),
  evidence: Evidence.nullable(),
  confidence: z.number().min(0).max(1),
  note: z.string().nullable(),
});
export type Reason = z.infer<typeof Reason>;

/** What a classifier decides about one message. Local and OpenAI classifiers return exactly this. */
export const TriageDecision = z.object({
  flags: z.array(Flag),
  topic: Topic,
  urgency: Urgency,
  reasons: z.array(Reason),
});
export type TriageDecision = z.infer<typeof TriageDecision>;

export const Route = z.object({ role: Role, staffId: z.string() });
export type Route = z.infer<typeof Route>;

/** A decision plus where the enquiry goes: one line of `schoolgate triage` output. */
export const TriageResult = TriageDecision.extend({
  id: z.string(),
  route: Route.nullable(),
});
export type TriageResult = z.infer<typeof TriageResult>;

/** A previous message from the same sender, as the classifier sees it (vexatious needs the history). */
export const HistoryEntry = z.object({
  receivedAt: z.string(),
  body: z.string(),
  channel: z.string(),
  flags: z.array(Flag),
  topic: Topic,
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;
