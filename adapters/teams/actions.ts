import type { AlertPurpose } from '../../src/alerts/alert-channel';
import { alertRecipient, caseAlert } from '../../src/alerts/case-alert';
import type { School } from '../../src/config/load-school';
import type { StaffMember } from '../../src/config/school-schema';
import { isSchoolgateError, SchoolgateError } from '../../src/errors';
import type { StaffCaller, WorkflowApi } from '../../src/workflow/views';
import { type AdaptiveCard, alertCard, refusalCard } from './cards/index';
import { staffAt, type TeamsUser } from './people';
import { ActionData, INPUT, type RenderOptions, VERB, type Verb, VERBS } from './types';

/**
 * Card buttons (Action.Execute, arriving as `adaptiveCard/action` invokes) → the one workflow service. The adapter
 * resolves who pressed (their Teams ids → a member of staff in the school file of the card's school), converts the
 * card's inputs into the workflow's input, calls WorkflowApi as that member of staff, and answers with the card
 * redrawn from the case's new state, which Teams puts in place of the old one. It decides nothing: a press by
 * someone without the role is refused by the workflow, and its FORBIDDEN message is shown on the card.
 */

export interface TeamsActionDeps {
  workflow: WorkflowApi;
  schools: ReadonlyMap<string, School>;
  render: (schoolId: string) => RenderOptions;
  log?: { info?(obj: object, msg: string): void; warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

/** What Teams sends in an `adaptiveCard/action` invoke (botbuilder's AdaptiveCardInvokeValue, the part we read). */
export interface CardPress {
  action: { verb?: string; data?: unknown };
}

type Inputs = Record<string, unknown>;

interface Presser {
  school: School;
  member: StaffMember;
  caller: StaffCaller;
}

const PURPOSE: Record<Verb, AlertPurpose> = {
  [VERB.notBreach]: 'review',
  [VERB.breach]: 'review',
  [VERB.escalate]: 'review',
  [VERB.acknowledge]: 'safeguarding',
  [VERB.writeReply]: 'enquiry',
  [VERB.approve]: 'approval',
  [VERB.editApprove]: 'approval',
  [VERB.reject]: 'approval',
};

const GENERIC_FAILURE = 'Schoolgate could not do this just now, and nothing was changed by this press. Try again, or use the console.';

const str = (inputs: Inputs, id: string): string | undefined => {
  const v = inputs[id];
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
};
/** A multi-select ChoiceSet answers with its values joined by commas. */
const many = (inputs: Inputs, id: string): string[] => (str(inputs, id) ?? '').split(',').map((s) => s.trim()).filter(Boolean);

function required(replyId: string | undefined): string {
  if (!replyId) throw new SchoolgateError('INPUT_INVALID', 'This button is not about a reply; use the buttons on the approval card.');
  return replyId;
}

/** The breach form's answers → the workflow's review decision (validated by the workflow, every problem at once). */
export function decisionInput(verb: typeof VERB.notBreach | typeof VERB.breach, inputs: Inputs, timezoneOffset: (date: string, time: string) => string | undefined): Record<string, unknown> {
  if (verb === VERB.notBreach) {
    const forwardedText = str(inputs, INPUT.notBreachForwarded);
    return { outcome: 'not_breach', reason: str(inputs, INPUT.notBreachReason) ?? '', ...(forwardedText ? { forwardedText } : {}) };
  }
  const forwardedText = str(inputs, INPUT.breachForwarded);
  const responses = many(inputs, INPUT.breachResponses).map((kind) => {
    switch (kind) {
      case 'meeting': {
        const date = str(inputs, INPUT.meetingDate);
        const at = date ? timezoneOffset(date, str(inputs, INPUT.meetingTime) ?? '09:00') : undefined;
        return { kind, withStaffId: str(inputs, INPUT.meetingWith) ?? '', ...(at ? { proposedAt: at } : {}) };
      }
      case 'managed_contact':
        return {
          kind,
          designatedContactId: str(inputs, INPUT.contact) ?? '',
          allowedTopics: many(inputs, INPUT.contactTopics),
          reviewDate: str(inputs, INPUT.contactReviewDate) ?? '',
        };
      case 'police': {
        const reference = str(inputs, INPUT.policeReference);
        return { kind, grounds: str(inputs, INPUT.policeGrounds) ?? '', ...(reference ? { reference } : {}) };
      }
      default:
        return { kind };
    }
  });
  return {
    outcome: 'breach',
    reason: str(inputs, INPUT.breachReason) ?? '',
    breachedFlags: many(inputs, INPUT.breachFlags),
    responses,
    ...(forwardedText ? { forwardedText } : {}),
  };
}

/** A local date and time in the school's time zone → an ISO time with its offset (what the workflow takes). */
export function localToIso(date: string, time: string, timezone: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return undefined;
  const asUtc = Date.parse(`${date}T${time}:00Z`);
  if (Number.isNaN(asUtc)) return undefined;
  // The zone's offset at that moment (twice, so a time near a clock change settles on the right side).
  const offsetAt = (t: number) => {
    const p = Object.fromEntries(
      new Intl.DateTimeFormat('en-GB', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
        .formatToParts(new Date(t))
        .map((x) => [x.type, x.value]),
    );
    return Date.parse(`${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:00Z`) - t;
  };
  const first = asUtc - offsetAt(asUtc);
  const t = asUtc - offsetAt(first);
  return new Date(t).toISOString();
}

export class TeamsActions {
  constructor(private readonly deps: TeamsActionDeps) {}

  /** One press: the card to put in place of the one pressed (the case as it is now, or the refusal). */
  async handle(from: TeamsUser, press: CardPress): Promise<AdaptiveCard> {
    const verb = press.action.verb as Verb;
    const parsed = ActionData.safeParse(press.action.data);
    if (!VERBS.includes(verb) || !parsed.success) return refusalCard('This button is not one of Schoolgate’s current buttons.');
    const data = parsed.data;
    const inputs = press.action.data as Inputs;
    const presser = this.presser(data, from);
    if (!presser.ok) return refusalCard(presser.message, this.deps.schools.get(data.s)?.name);
    const p = presser.value;
    try {
      const headline = await this.run(verb, data, inputs, p);
      this.log(verb, data, p, 'done');
      return await this.redraw(p, data, PURPOSE[verb], { headline });
    } catch (e) {
      const code = isSchoolgateError(e) ? e.code : 'INTERNAL';
      this.log(verb, data, p, code);
      if (!isSchoolgateError(e)) this.deps.log?.error({ component: 'teams', verb, caseId: data.c, err: (e as Error)?.message?.slice(0, 200) }, 'a Teams action failed');
      const refusal = refusalText(e);
      try {
        // The card as the presser may see the case now, the refusal at its top; what they typed is kept in the form.
        return keepInputs(await this.redraw(p, data, PURPOSE[verb], { refusal }), inputs);
      } catch {
        return refusalCard(refusal, p.school.name);
      }
    }
  }

  private async run(verb: Verb, d: ActionData, inputs: Inputs, p: Presser): Promise<string> {
    const w = this.deps.workflow;
    const who = p.caller;
    const guard = { expectedVersion: d.v };
    switch (verb) {
      case VERB.notBreach:
      case VERB.breach: {
        const tz = p.school.timezone;
        await w.decideReview(d.c, who, decisionInput(verb, inputs, (date, time) => localToIso(date, time, tz)), guard);
        return verb === VERB.notBreach ? 'You decided: not a breach.' : 'You decided: breach.';
      }
      case VERB.escalate:
        await w.escalateReview(d.c, who, { reason: str(inputs, INPUT.escalateReason) ?? '' }, guard);
        return 'You escalated this to the head teacher.';
      case VERB.acknowledge:
        await w.acknowledgeSafeguarding(d.c, who, guard);
        return 'You acknowledged this concern.';
      case VERB.writeReply:
        await w.writeReply(d.c, who, { body: str(inputs, INPUT.replyBody) ?? '' }, guard);
        return 'You sent a reply for approval.';
      case VERB.approve:
        await w.approveReply(required(d.r), who, {}, guard);
        return 'You approved the reply; it is being sent.';
      case VERB.editApprove:
        await w.approveReply(required(d.r), who, { editedBody: str(inputs, INPUT.editedBody) ?? '' }, guard);
        return 'You edited and approved the reply; it is being sent.';
      case VERB.reject:
        await w.rejectReply(required(d.r), who, { reason: str(inputs, INPUT.rejectReason) ?? '' }, guard);
        return 'You did not approve the reply; its author is told.';
    }
  }

  /** Who pressed: a member of staff of the card's school, which must use Teams. */
  private presser(d: ActionData, from: TeamsUser): { ok: true; value: Presser } | { ok: false; message: string } {
    const school = this.deps.schools.get(d.s);
    if (!school) return { ok: false, message: `This card is about a school this Schoolgate does not serve (“${d.s}”).` };
    if (!school.file.alerts.teams) return { ok: false, message: `${school.name} does not use Teams for Schoolgate (alerts.teams is off in its school file). Use the console.` };
    const member = staffAt(school, from);
    if (!member)
      return {
        ok: false,
        message: `Your Teams account is not linked to a member of staff at ${school.name}. Ask whoever keeps the school file to add your Microsoft Entra object id${from.aadObjectId ? ` (${from.aadObjectId})` : ''} as contact.teams_user_id on your entry.`,
      };
    return { ok: true, value: { school, member, caller: { kind: 'staff', staffId: member.id, schoolId: school.id, via: 'teams' } } };
  }

  /** The card for the case as it is now, as the presser may see it. */
  private async redraw(p: Presser, d: ActionData, purpose: AlertPurpose, o: { headline?: string; refusal?: string }): Promise<AdaptiveCard> {
    const detail = await this.deps.workflow.getCase(d.c, p.caller);
        const alert = await caseAlert(this.deps.workflow, p.caller, detail, { purpose, reason: 'updated', recipient: alertRecipient(p.member), replyId: d.r, headline: o.headline });
    return alertCard(alert, this.deps.render(p.school.id), { refusal: o.refusal });
  }

  private log(verb: string, d: ActionData, p: Presser, outcome: string) {
    // Ids only: never the words of a message, a reply or a reason.
    this.deps.log?.info?.({ component: 'teams', verb, schoolId: p.school.id, caseId: d.c, staffId: p.member.id, outcome }, 'teams action');
  }
}

export function refusalText(e: unknown): string {
  if (!isSchoolgateError(e)) return GENERIC_FAILURE;
  switch (e.code) {
    case 'FORBIDDEN':
    case 'INPUT_INVALID':
    case 'NOT_FOUND':
      return e.message;
    case 'CONFLICT':
    case 'ILLEGAL_TRANSITION':
      return `This case has moved on since the card was sent (${e.message}). The card now shows where it stands.`;
    default:
      return GENERIC_FAILURE;
  }
}

/** Put what the presser typed back into the redrawn card's inputs, so a refused form is not lost. */
export function keepInputs(card: AdaptiveCard, inputs: Inputs): AdaptiveCard {
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit);
    if (!node || typeof node !== 'object') return node;
    const o = node as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) out[k] = k === 'data' ? v : visit(v);
    if (typeof o.type === 'string' && o.type.startsWith('Input.') && typeof o.id === 'string' && typeof inputs[o.id] === 'string' && inputs[o.id] !== '') out.value = inputs[o.id];
    return out;
  };
  return visit(card) as AdaptiveCard;
}
