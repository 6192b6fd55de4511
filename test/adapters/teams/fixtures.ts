import { renderOptions } from '../../../adapters/teams/index';
import type { StaffAlert } from '../../../src/alerts/alert-channel';
import type { CaseDetail, MessageView, ReplyView } from '../../../src/workflow/views';
import { teamsSchool, USERS } from './helpers';

/** Hand-made alerts for the pure card builders, the previews and the alert channel: every field a card reads, set. */

export const school = teamsSchool();
export const schools = new Map([[school.id, school]]);
export const CONSOLE = 'https://gate.rossmore.example';
export const render = renderOptions(schools, CONSOLE)(school.id);

export const BODY = "Mr Hughes you are a useless teacher. Can Lily have her reading book changed please, she's read it three times.";
const start = BODY.indexOf('useless teacher');

export function reviewCase(over: Partial<CaseDetail> = {}): CaseDetail {
  return {
    id: 'case-review-1',
    schoolId: 'rossmore',
    kind: 'review',
    state: 'open',
    flags: ['abusive'],
    topic: 'learning',
    urgency: 'routine',
    assignee: { staffId: 'harrison', role: 'senior_reviewer', name: 'Mrs Harrison' },
    parent: { id: 'jones-lily', name: 'Sarah Jones' },
    message: { id: 'msg-1', from: '+447700900283', body: BODY, redacted: false, receivedAt: '2026-11-24T08:15:00.000Z', channel: 'sms' },
    forwardedText: null,
    reviewCaseId: null,
    version: 3,
    createdAt: '2026-11-24T08:15:02.000Z',
    updatedAt: '2026-11-24T08:15:02.000Z',
    closedAt: null,
    why: 'flagged: abusive',
    reasons: [
      {
        kind: 'flag',
        label: 'abusive',
        clause: '§3: Parents must not use abusive or insulting language towards staff.',
        evidence: { start, end: start + 'useless teacher'.length, text: 'useless teacher' },
        confidence: 0.9,
        note: null,
      },
      { kind: 'topic', label: 'learning', clause: 'reading books', evidence: null, confidence: 0.8, note: null },
    ],
    namedInEvidence: ['hughes'],
    heldEnquiry: { role: 'class_teacher', staffId: 'hughes' },
    releasedCaseId: null,
    replies: [],
    incident: null,
    audit: [],
    safeguarding: null,
    ...over,
  };
}

export const history: MessageView[] = [
  {
    id: 'msg-0',
    schoolId: 'rossmore',
    direction: 'inbound',
    channel: 'sms',
    from: '+447700900283',
    to: '+447700900001',
    body: 'Lily has swimming on Friday, is her kit needed? **Thanks** [me](https://x.example)',
    withheld: false,
    receivedAt: '2026-11-20T08:00:00.000Z',
    status: 'triaged',
    parent: { id: 'jones-lily', name: 'Sarah Jones' },
    triage: { flags: [], topic: 'general', urgency: 'routine', route: null, fellBack: false },
  },
  {
    id: 'msg-00',
    schoolId: 'rossmore',
    direction: 'inbound',
    channel: 'sms',
    from: '+447700900283',
    to: '+447700900001',
    body: null,
    withheld: true,
    receivedAt: '2026-11-19T08:00:00.000Z',
    status: 'triaged',
    parent: { id: 'jones-lily', name: 'Sarah Jones' },
    triage: { flags: ['abusive'], topic: 'none', urgency: 'routine', route: null, fellBack: false },
  },
];

export const recipient = { staffId: 'harrison', name: 'Mrs Harrison', roles: ['head_teacher', 'senior_reviewer'], teamsUserId: USERS.harrison.id };

export function alert(over: Partial<StaffAlert> & { case: CaseDetail }): StaffAlert {
  return { schoolId: 'rossmore', purpose: 'review', reason: 'opened', urgent: false, recipient, history: [], ...over };
}

export function reply(over: Partial<ReplyView> = {}): ReplyView {
  return {
    id: 'reply-1',
    caseId: 'case-enq-1',
    state: 'awaiting_approval',
    authorId: 'hughes',
    body: "Thanks for letting me know, I'll change Lily's book tomorrow.",
    approvedBody: null,
    attempt: 1,
    approvedBy: null,
    approvedAt: null,
    rejectedReason: null,
    version: 1,
    createdAt: '2026-11-24T09:00:00.000Z',
    updatedAt: '2026-11-24T09:00:00.000Z',
    delivery: null,
    ...over,
  };
}

export const enquiry = (over: Partial<CaseDetail> = {}) =>
  reviewCase({
    id: 'case-enq-1',
    kind: 'enquiry',
    flags: [],
    reasons: [],
    namedInEvidence: [],
    heldEnquiry: null,
    assignee: { staffId: 'hughes', role: 'class_teacher', name: 'Mr Hughes' },
    message: { id: 'msg-1', from: '+447700900283', body: "Can Lily have her reading book changed please, she's read it three times.", redacted: true, receivedAt: '2026-11-24T08:15:00.000Z', channel: 'sms' },
    forwardedText: "Can Lily have her reading book changed please, she's read it three times.",
    reviewCaseId: 'case-review-1',
    why: "learning goes to Mr Hughes, Rowan's class teacher",
    ...over,
  });

export const safeguardingCase = (acknowledged: { by: string; at: string } | null = null) =>
  enquiry({
    id: 'case-sg-1',
    topic: 'safeguarding',
    urgency: 'urgent',
    assignee: { staffId: 'macey', role: 'dsl', name: 'Miss Macey' },
    reviewCaseId: null,
    message: { id: 'msg-2', from: '+447700900158', body: 'I am worried about what Kai said about home last night.', redacted: false, receivedAt: '2026-11-24T08:05:00.000Z', channel: 'sms' },
    parent: { id: 'kai-mum', name: 'Amy Clarke' },
    forwardedText: 'I am worried about what Kai said about home last night.',
    why: 'safeguarding goes to Miss Macey at once',
    safeguarding: { acknowledged, actions: [], escalations: acknowledged ? [] : [{ step: 1, to: ['okafor'], at: '2026-11-24T08:21:00.000Z' }] },
  });

/** One alert of each card, as the README's previews show them. */
export function everyCard(): Record<string, StaffAlert> {
  return {
    review: alert({ case: reviewCase(), history }),
    safeguarding: alert({ purpose: 'safeguarding', urgent: true, recipient: { ...recipient, staffId: 'macey', name: 'Miss Macey' }, case: safeguardingCase() }),
    enquiry: alert({ purpose: 'enquiry', recipient: { ...recipient, staffId: 'hughes', name: 'Mr Hughes' }, case: enquiry() }),
    approval: alert({
      purpose: 'approval',
      reason: 'reply_awaiting_approval',
      recipient: { ...recipient, staffId: 'karen', name: 'Karen Wright' },
      case: enquiry({ state: 'reply_pending_approval', replies: [reply()] }),
      reply: reply(),
    }),
  };
}
