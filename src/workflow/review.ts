import type { School } from '../config/load-school';
import { FLAG_CLAUSES, type Flag, orderFlags, type Role, type Topic } from '../domain/taxonomy';
import type { Reason } from '../domain/triage';
import { err, ok, type Result, SchoolgateError } from '../errors';
import type { Actor } from './actor';
import { type AuditEvent, applyEvent } from './audit';
import { evidenceIn, suggestForwardedText } from './forwarding';
import { type BreachResponse, parseReviewDecision, type ReviewDecision } from './inputs';
import { draftLetter, type LetterTemplates } from './letters';
import { type CaseFacts, canChooseResponse, canDecideReview } from './permissions';
import type { PlannedEnquiry } from './plan-cases';
import type { ReviewState } from './states';

/** One response as recorded on the incident; letters carry their drafted text for staff to check and send. */
export type IncidentResponse = BreachResponse & { letter?: string };

/** A managed-contact arrangement made by a breach decision, to be stored and applied to routing. */
export interface ManagedContactDraft {
  parentId: string;
  designatedContactId: string;
  allowedTopics: Exclude<Topic, 'none'>[];
  reviewDate: string;
  note: string | null;
}

/** A confirmed breach and the responses chosen: who decided, when and why. */
export interface IncidentDraft {
  id: string;
  caseId: string;
  messageId: string;
  /** The parent in the school file, or null for an unknown sender. */
  parentId: string | null;
  sender: string;
  breachedFlags: Flag[];
  /** The code-of-conduct clauses breached, quoted. */
  clauses: string[];
  reason: string;
  decidedBy: string;
  decidedAt: Date;
  responses: IncidentResponse[];
  managedContact: ManagedContactDraft | null;
}

export interface ReviewContext {
  school: School;
  templates: LetterTemplates;
  case: CaseFacts;
  message: { id: string; body: string; from: string; receivedAt: Date };
  reasons: readonly Reason[];
  /** The enquiry routed from this message and held for the review, if any. */
  heldEnquiry: { role: Role; staffId: string; why: string } | null;
  urgent: boolean;
  actor: Actor;
  now: Date;
  incidentId: string;
}

export interface ReviewOutcome {
  to: ReviewState;
  decision: ReviewDecision;
  /** The review's transition first, then the incident's opening when there is one. */
  audit: AuditEvent[];
  /** The held enquiry, now to be opened with the text the reviewer forwards. */
  release: PlannedEnquiry | null;
  incident: IncidentDraft | null;
}

const invalid = (message: string) => err(new SchoolgateError('INPUT_INVALID', message));

/**
 * What the held enquiry's assignee receives. The reviewer's text is checked: after a breach it may not
 * contain the flagged words; and the member of staff those words named never receives them, breach or not.
 */
export function forwardedTextFor(ctx: Pick<ReviewContext, 'school' | 'message' | 'reasons' | 'case'>, assigneeId: string, outcome: ReviewDecision['outcome'], text: string | undefined): Result<string> {
  const named = ctx.case.namedInEvidence.includes(assigneeId);
  const protect = outcome === 'breach' || named;
  if (text === undefined) return ok(protect ? suggestForwardedText(ctx.message.body, ctx.reasons) : ctx.message.body);
  const left = protect ? evidenceIn(text, ctx.reasons) : [];
  if (left.length) {
    const who = ctx.school.staffById.get(assigneeId)?.name ?? assigneeId;
    const because = named ? `they were aimed at ${who}, who will receive this enquiry` : 'the review confirmed them as a breach';
    return invalid(`The forwarded text still contains ${left.map((w) => `"${w}"`).join(', ')}: remove the flagged words (${because}).`);
  }
  return ok(text);
}

function draftIncident(ctx: ReviewContext, decision: Extract<ReviewDecision, { outcome: 'breach' }>, reviewerName: string): Result<IncidentDraft> {
  const parent = ctx.school.parentByAddress.get(ctx.message.from) ?? null;
  const flags = orderFlags(decision.breachedFlags);
  const responses: IncidentResponse[] = [];
  let managedContact: ManagedContactDraft | null = null;
  const facts = {
    schoolName: ctx.school.name,
    timezone: ctx.school.timezone,
    parentName: parent?.name ?? null,
    messageAt: ctx.message.receivedAt,
    now: ctx.now,
    breachedFlags: flags,
    signatory: reviewerName,
  };
  for (const r of decision.responses) {
    if (r.kind === 'warning_letter') {
      const letter = draftLetter(ctx.templates, 'warning_letter', facts);
      if (!letter.ok) return letter;
      responses.push({ ...r, letter: letter.value });
    } else if (r.kind === 'meeting') {
      const withName = ctx.school.staffById.get(r.withStaffId)?.name ?? r.withStaffId;
      const letter = draftLetter(ctx.templates, 'meeting', {
        ...facts,
        meeting: { withName, ...(r.proposedAt ? { at: new Date(r.proposedAt) } : {}) },
      });
      if (!letter.ok) return letter;
      responses.push({ ...r, letter: letter.value });
    } else if (r.kind === 'managed_contact') {
      if (!parent)
        return invalid(`Managed contact needs a known parent, but ${ctx.message.from} is not in the school file: add the parent there first.`);
      managedContact = {
        parentId: parent.id,
        designatedContactId: r.designatedContactId,
        allowedTopics: r.allowedTopics,
        reviewDate: r.reviewDate,
        note: r.note ?? null,
      };
      responses.push(r);
    } else {
      responses.push(r);
    }
  }
  return ok({
    id: ctx.incidentId,
    caseId: ctx.case.id,
    messageId: ctx.message.id,
    parentId: parent?.id ?? null,
    sender: ctx.message.from,
    breachedFlags: flags,
    clauses: flags.map((f) => FLAG_CLAUSES[f]),
    reason: decision.reason,
    decidedBy: ctx.actor.kind === 'staff' ? ctx.actor.staffId : 'system',
    decidedAt: ctx.now,
    responses,
    managedContact,
  });
}

/**
 * A reviewer's decision on a review case, worked out without touching storage: permission, input checks,
 * the transition, the released enquiry and the incident, with their audit events. The service stores it.
 */
export function decideReview(ctx: ReviewContext, input: unknown): Result<ReviewOutcome> {
  const reviewer = canDecideReview(ctx.school, ctx.actor, ctx.case);
  if (!reviewer.ok) return reviewer;
  const parsed = parseReviewDecision(input, { school: ctx.school, now: ctx.now });
  if (!parsed.ok) return parsed;
  const decision = parsed.value;
  if (decision.outcome === 'breach') {
    for (const r of decision.responses) {
      const allowed = canChooseResponse(ctx.school, ctx.actor, r.kind);
      if (!allowed.ok) return allowed;
    }
  }
  const moved = applyEvent({
    kind: 'review',
    entityId: ctx.case.id,
    from: ctx.case.state,
    event: decision.outcome === 'breach' ? 'decide_breach' : 'decide_not_breach',
    actor: ctx.actor,
    at: ctx.now,
    data: {
      reason: decision.reason,
      ...(decision.outcome === 'breach' ? { breachedFlags: decision.breachedFlags, responses: decision.responses.map((r) => r.kind) } : {}),
      released: ctx.heldEnquiry ? { role: ctx.heldEnquiry.role, staffId: ctx.heldEnquiry.staffId } : null,
      forwardedTextEdited: decision.forwardedText !== undefined,
    },
  });
  if (!moved.ok) return moved;

  let release: PlannedEnquiry | null = null;
  if (ctx.heldEnquiry) {
    const text = forwardedTextFor(ctx, ctx.heldEnquiry.staffId, decision.outcome, decision.forwardedText);
    if (!text.ok) return text;
    release = { role: ctx.heldEnquiry.role, assigneeId: ctx.heldEnquiry.staffId, forwardedText: text.value, urgent: ctx.urgent, why: ctx.heldEnquiry.why };
  } else if (decision.forwardedText !== undefined) {
    return invalid(`Case ${ctx.case.id} has no enquiry waiting to be forwarded (the message asked for nothing, or its safeguarding concern already went to the DSL): leave out forwardedText.`);
  }

  const audit = [moved.value.audit];
  let incident: IncidentDraft | null = null;
  if (decision.outcome === 'breach') {
    const drafted = draftIncident(ctx, decision, reviewer.value.name);
    if (!drafted.ok) return drafted;
    incident = drafted.value;
    audit.push({
      action: 'incident.opened',
      entityType: 'incident',
      entityId: incident.id,
      actor: ctx.actor,
      at: ctx.now,
      data: { caseId: ctx.case.id, breachedFlags: incident.breachedFlags, responses: incident.responses.map((r) => r.kind), reason: decision.reason },
    });
  }
  return ok({ to: moved.value.to as ReviewState, decision, audit, release, incident });
}
