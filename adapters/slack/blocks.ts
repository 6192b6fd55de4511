import type { types } from '@slack/bolt';
import type { StaffAlert } from '../../src/alerts/alert-channel';
import { actorName, can, enquiryStatus, reviewStatus } from '../../src/alerts/case-status';
import type { CaseDetail, MessageView, ReplyView } from '../../src/workflow/views';
import { capital, escapeMrkdwn, slackDate, spans, truncate, words } from './text';
import { ACTION, type ButtonValue, type RenderOptions } from './types';

/**
 * Block Kit messages for staff alerts: pure functions of a StaffAlert (and the school's names), so the same alert
 * always renders the same message, and a case that changed renders its new state when the message is updated in
 * place. The content and buttons match the Teams cards: review (flags, clauses, evidence, history; Not a breach /
 * Breach… / Escalate), safeguarding (Acknowledge), enquiry (the forwarded text only; Write reply), approval (Approve /
 * Edit & approve / Reject). Which buttons show follows the workflow's state machines; whether the presser may use
 * them is the workflow's decision when pressed.
 */

type Block = types.KnownBlock;

/** Block Kit limits this module keeps to (https://docs.slack.dev/reference/block-kit). */
export const LIMITS = {
  blocksPerMessage: 50,
  headerText: 150,
  sectionText: 3000,
  fieldText: 2000,
  fields: 10,
  contextElements: 10,
  buttonText: 75,
  buttonValue: 2000,
  actionsElements: 25,
  /** Our own cap on a quoted message: a text is 1,600 characters at most, a Teams message may be longer. */
  quotedBody: 2800,
  historyItems: 5,
  historyBody: 200,
  /** Slack truncates a message's top-level text (the notification) past 40,000; keep notifications short. */
  notificationText: 300,
} as const;

export interface SlackMessage {
  /** The notification and fallback text: says what it is about, never the parent's words. */
  text: string;
  blocks: Block[];
}

const plain = (text: string, max: number = LIMITS.headerText): types.PlainTextElement => ({ type: 'plain_text', text: truncate(text, max), emoji: true });
const mrkdwn = (text: string, max: number = LIMITS.sectionText): types.MrkdwnElement => ({ type: 'mrkdwn', text: truncate(text, max) });
const section = (text: string): types.SectionBlock => ({ type: 'section', text: mrkdwn(text) });
const context = (...texts: string[]): types.ContextBlock => ({
  type: 'context',
  elements: texts.slice(0, LIMITS.contextElements).map((t) => mrkdwn(t, LIMITS.fieldText)),
});
const fields = (pairs: [string, string][]): types.SectionBlock => ({
  type: 'section',
  fields: pairs.slice(0, LIMITS.fields).map(([k, v]) => mrkdwn(`*${k}*\n${v}`, LIMITS.fieldText)),
});

export function buttonValue(v: ButtonValue): string {
  return JSON.stringify(v);
}

function button(
  actionId: string,
  text: string,
  value: ButtonValue,
  style?: 'primary' | 'danger',
  confirm?: types.Confirm,
): types.Button {
  return {
    type: 'button',
    action_id: actionId,
    text: plain(text, LIMITS.buttonText),
    value: buttonValue(value),
    ...(style ? { style } : {}),
    ...(confirm ? { confirm } : {}),
  };
}

function consoleButton(alert: StaffAlert, o: RenderOptions): types.Button | null {
  if (!o.consoleUrl) return null;
  return {
    type: 'button',
    action_id: ACTION.openConsole,
    text: plain('Open in console', LIMITS.buttonText),
    url: `${o.consoleUrl.replace(/\/+$/, '')}/console/cases/${encodeURIComponent(alert.case.id)}`,
  };
}

function actions(blockId: string, elements: (types.Button | null)[]): types.ActionsBlock | null {
  const present = elements.filter((e): e is types.Button => e !== null);
  return present.length ? { type: 'actions', block_id: blockId, elements: present.slice(0, LIMITS.actionsElements) } : null;
}

/** A staff id or an audit actor ("staff:macey") → the name to show. */
function nameOf(idOrActor: string | null | undefined, o: RenderOptions): string {
  return actorName(idOrActor, o.staffName);
}

function sender(c: CaseDetail): string {
  return c.parent ? `${escapeMrkdwn(c.parent.name)} (${escapeMrkdwn(c.message.from)})` : `${escapeMrkdwn(c.message.from)} (not a known parent)`;
}

/** The parent's words as a quote, the given spans in bold; rich_text, so nothing they wrote is read as markup. */
export function quote(body: string, bold: readonly { start: number; end: number; text?: string }[] = []): types.RichTextBlock {
  const shown = truncate(body, LIMITS.quotedBody);
  const elements: types.RichTextText[] = [];
  let at = 0;
  for (const s of spans(shown, bold)) {
    if (s.start > at) elements.push({ type: 'text', text: shown.slice(at, s.start) });
    elements.push({ type: 'text', text: shown.slice(s.start, s.end), style: { bold: true } });
    at = s.end;
  }
  if (at < shown.length || elements.length === 0) elements.push({ type: 'text', text: shown.slice(at) || ' ' });
  return { type: 'rich_text', elements: [{ type: 'rich_text_quote', elements }] };
}

function footer(alert: StaffAlert, o: RenderOptions): types.ContextBlock {
  const school = o.schoolName ? `${escapeMrkdwn(o.schoolName)} · ` : '';
  return context(`${school}Schoolgate case \`${escapeMrkdwn(alert.case.id)}\` · updated ${slackDate(alert.case.updatedAt)}`);
}

function headline(alert: StaffAlert): Block[] {
  return alert.headline ? [section(`*${escapeMrkdwn(alert.headline)}*`)] : [];
}

function historyLine(m: MessageView): string {
  const flags = m.triage?.flags.length ? ` _(${m.triage.flags.join(', ')})_` : '';
  const body = m.withheld || m.body === null ? '_withheld: it names you, and another reviewer handles it_' : `“${escapeMrkdwn(truncate(m.body, LIMITS.historyBody))}”`;
  return `• ${slackDate(m.receivedAt)}${flags}: ${body}`;
}

/** A flagged message for a senior reviewer: flags, the clauses, the evidence in bold, the sender's recent history. */
export function reviewMessage(alert: StaffAlert, o: RenderOptions = {}): SlackMessage {
  const c = alert.case;
  const flagReasons = c.reasons.filter((r) => r.kind === 'flag');
  const evidence = flagReasons.flatMap((r) => (r.evidence ? [r.evidence] : []));
  const value: ButtonValue = { s: alert.schoolId, c: c.id, v: c.version };
  const decidable = can('review', c.state, 'decide_breach');
  const why = flagReasons.map((r) => {
    const seen = r.evidence ? `: “${escapeMrkdwn(truncate(r.evidence.text, 200))}”` : '';
    return `• *${escapeMrkdwn(capital(words(r.label)))}*${seen}\n    _${escapeMrkdwn(truncate(r.clause, 400))}_`;
  });
  const blocks: (Block | null)[] = [
    { type: 'header', text: plain(`${alert.urgent ? 'Urgent: ' : ''}Flagged message for review`) },
    ...headline(alert),
    fields([
      ['From', sender(c)],
      ['Received', slackDate(c.message.receivedAt)],
      ['Flags', c.flags.length ? c.flags.map((f) => escapeMrkdwn(f)).join(', ') : 'none'],
      ['Status', reviewStatus(c, o.staffName, escapeMrkdwn)],
    ]),
    quote(c.message.body, evidence),
    section(why.length ? `*Why it was flagged* (code of conduct)\n${why.join('\n')}` : '*Why it was flagged*\nNo reasons were recorded.'),
    c.namedInEvidence.length ? context(`Staff named in the flagged words: ${c.namedInEvidence.map((id) => escapeMrkdwn(nameOf(id, o))).join(', ')}`) : null,
    c.heldEnquiry
      ? context(`The message also asks something: it goes to ${escapeMrkdwn(nameOf(c.heldEnquiry.staffId, o))} once this is decided, without the flagged words.`)
      : null,
    { type: 'divider' },
    section(
      alert.history.length
        ? `*The sender’s recent messages*\n${alert.history.slice(0, LIMITS.historyItems).map(historyLine).join('\n')}`
        : '*The sender’s recent messages*\nNone before this one.',
    ),
    actions('sg_review', [
      decidable ? button(ACTION.notBreach, 'Not a breach', value, 'primary') : null,
      decidable ? button(ACTION.breach, 'Breach…', value, 'danger') : null,
      can('review', c.state, 'escalate') ? button(ACTION.escalate, 'Escalate', value) : null,
      consoleButton(alert, o),
    ]),
    footer(alert, o),
  ];
  const flags = c.flags.length ? ` (${c.flags.join(', ')})` : '';
  return { text: truncate(`${alert.urgent ? 'Urgent: ' : ''}a flagged message needs review${flags}`, LIMITS.notificationText), blocks: compact(blocks) };
}

/** A safeguarding concern for the DSL and deputy: the concern, who has it, and Acknowledge until someone does. */
export function safeguardingMessage(alert: StaffAlert, o: RenderOptions = {}): SlackMessage {
  const c = alert.case;
  const record = c.safeguarding;
  const acknowledged = record?.acknowledged ?? alert.acknowledged ?? null;
  const value: ButtonValue = { s: alert.schoolId, c: c.id, v: c.version };
  const escalations = (record?.escalations ?? []).map(
    (e) => `Escalated to ${e.to.map((id) => escapeMrkdwn(nameOf(id, o))).join(', ')} ${slackDate(e.at)} (step ${e.step})`,
  );
  const blocks: (Block | null)[] = [
    { type: 'header', text: plain('Safeguarding concern') },
    ...headline(alert),
    fields([
      ['From', sender(c)],
      ['Received', slackDate(c.message.receivedAt)],
      ['With', escapeMrkdwn(c.assignee?.name ?? 'nobody yet')],
      ['Status', enquiryStatus(c, escapeMrkdwn)],
    ]),
    quote(c.message.body),
    c.why ? context(escapeMrkdwn(truncate(c.why, 1000))) : null,
    section(
      acknowledged
        ? `:white_check_mark: *Acknowledged* by ${escapeMrkdwn(nameOf(acknowledged.by, o))} ${slackDate(acknowledged.at)}`
        : '*Not yet acknowledged.* Acknowledge it to say you have it; otherwise it goes to the deputy DSL, then the head teacher.',
    ),
    escalations.length ? context(...escalations) : null,
    actions('sg_safeguarding', [
      !acknowledged && c.state !== 'closed' ? button(ACTION.acknowledge, 'Acknowledge', value, 'primary') : null,
      consoleButton(alert, o),
    ]),
    footer(alert, o),
  ];
  return { text: acknowledged ? 'Safeguarding concern (acknowledged)' : 'Safeguarding concern: please acknowledge it now', blocks: compact(blocks) };
}

function latestReply(c: CaseDetail): ReplyView | undefined {
  return [...c.replies].sort((a, b) => a.createdAt.localeCompare(b.createdAt)).at(-1);
}

function replyLine(r: ReplyView, o: RenderOptions): string {
  const by = escapeMrkdwn(nameOf(r.authorId, o));
  switch (r.state) {
    case 'awaiting_approval':
      return `Reply by ${by}, waiting for approval`;
    case 'rejected':
      return `Reply by ${by} was not approved${r.rejectedReason ? `: “${escapeMrkdwn(truncate(r.rejectedReason, 300))}”` : ''}`;
    case 'failed':
      return `Reply by ${by} could not be sent${r.delivery?.lastError ? `: ${escapeMrkdwn(truncate(r.delivery.lastError, 300))}` : ''}`;
    default:
      return `Reply by ${by}: ${words(r.state)}${r.approvedBy ? `, approved by ${escapeMrkdwn(nameOf(r.approvedBy, o))}` : ''}`;
  }
}

/** An enquiry for its assignee: the text forwarded to them (never the words a reviewer flagged), and Write reply. */
export function enquiryMessage(alert: StaffAlert, o: RenderOptions = {}): SlackMessage {
  const c = alert.case;
  const value: ButtonValue = { s: alert.schoolId, c: c.id, v: c.version };
  const reply = latestReply(c);
  const blocks: (Block | null)[] = [
    { type: 'header', text: plain(`${alert.urgent ? 'Urgent: ' : ''}Enquiry for you`) },
    ...headline(alert),
    fields([
      ['From', sender(c)],
      ['Received', slackDate(c.message.receivedAt)],
      ['Topic', capital(words(c.topic))],
      ['Status', enquiryStatus(c, escapeMrkdwn)],
    ]),
    quote(c.message.body),
    c.message.redacted ? context('Passed on by a senior reviewer: this is the part of the message for you to answer.') : null,
    c.why ? context(escapeMrkdwn(truncate(c.why, 1000))) : null,
    reply ? section(replyLine(reply, o)) : null,
    actions('sg_enquiry', [can('enquiry', c.state, 'submit_reply') ? button(ACTION.writeReply, 'Write reply', value, 'primary') : null, consoleButton(alert, o)]),
    footer(alert, o),
  ];
  return { text: `${alert.urgent ? 'Urgent: ' : ''}an enquiry for you (${words(c.topic)})`, blocks: compact(blocks) };
}

/** A reply waiting for approval: the enquiry, the reply, and Approve / Edit & approve / Reject. */
export function approvalMessage(alert: StaffAlert, o: RenderOptions = {}): SlackMessage {
  const c = alert.case;
  const reply = alert.reply ?? c.replies.find((r) => r.state === 'awaiting_approval') ?? latestReply(c);
  const blocks: (Block | null)[] = [
    { type: 'header', text: plain('Reply waiting for approval') },
    ...headline(alert),
    fields([
      ['To', sender(c)],
      ['Written by', escapeMrkdwn(reply ? nameOf(reply.authorId, o) : 'unknown')],
      ['Topic', capital(words(c.topic))],
      ['Reply', reply ? capital(words(reply.state)) : 'none'],
    ]),
    section('*The enquiry*'),
    quote(c.message.body),
    section('*The reply*'),
    reply ? quote(reply.approvedBody ?? reply.body) : section('_No reply found on this case._'),
  ];
  if (reply) {
    if (reply.approvedBy) blocks.push(context(`Approved by ${escapeMrkdwn(nameOf(reply.approvedBy, o))}${reply.approvedAt ? ` ${slackDate(reply.approvedAt)}` : ''}${reply.approvedBody !== null && reply.approvedBody !== reply.body ? ', edited' : ''}`));
    if (reply.state === 'rejected') blocks.push(context(`Not approved${reply.rejectedReason ? `: “${escapeMrkdwn(truncate(reply.rejectedReason, 300))}”` : ''}`));
    if (reply.delivery) {
      const d = reply.delivery;
      blocks.push(context(`Delivery: ${words(d.state)}${d.lastError ? ` (${escapeMrkdwn(truncate(d.lastError, 300))})` : ''}`));
    }
    const value: ButtonValue = { s: alert.schoolId, c: c.id, v: reply.version, r: reply.id };
    const pending = can('reply', reply.state, 'approve');
    blocks.push(
      actions('sg_approval', [
        pending
          ? button(ACTION.approve, 'Approve', value, 'primary', {
              title: plain('Send this reply?', 100),
              text: mrkdwn('It goes to the parent as written.', 300),
              confirm: plain('Send it', 30),
              deny: plain('Not yet', 30),
            })
          : null,
        pending ? button(ACTION.editApprove, 'Edit & approve', value) : null,
        pending ? button(ACTION.reject, 'Reject', value, 'danger') : null,
        consoleButton(alert, o),
      ]),
    );
  }
  blocks.push(footer(alert, o));
  return { text: `A reply${reply ? ` by ${nameOf(reply.authorId, o)}` : ''} is waiting for approval`, blocks: compact(blocks) };
}

const NOTICE_TITLES: Record<string, string> = {
  reply_rejected: 'A reply was not approved',
  reply_failed: 'A reply could not be sent',
  reassigned: 'A case was passed to you',
  escalated: 'A case was escalated to you',
};

/** Anything else worth telling (a reply rejected or failed, a case reassigned): what happened, no buttons but the console. */
export function noticeMessage(alert: StaffAlert, o: RenderOptions = {}): SlackMessage {
  const c = alert.case;
  const title = NOTICE_TITLES[alert.reason] ?? 'A case changed';
  const reply = alert.reply ?? latestReply(c);
  const blocks: (Block | null)[] = [
    { type: 'header', text: plain(title) },
    ...headline(alert),
    fields([
      ['From', sender(c)],
      ['Topic', capital(words(c.topic))],
      ['Status', c.kind === 'review' ? reviewStatus(c, o.staffName, escapeMrkdwn) : enquiryStatus(c, escapeMrkdwn)],
    ]),
    quote(c.message.body),
    reply && (alert.reason === 'reply_rejected' || alert.reason === 'reply_failed') ? section(replyLine(reply, o)) : null,
    actions('sg_notice', [consoleButton(alert, o)]),
    footer(alert, o),
  ];
  return { text: title, blocks: compact(blocks) };
}

/** The message for an alert, by its purpose. */
export function alertMessage(alert: StaffAlert, o: RenderOptions = {}): SlackMessage {
  switch (alert.purpose) {
    case 'review':
      return reviewMessage(alert, o);
    case 'safeguarding':
      return safeguardingMessage(alert, o);
    case 'enquiry':
      return enquiryMessage(alert, o);
    case 'approval':
      return approvalMessage(alert, o);
    case 'notice':
      return noticeMessage(alert, o);
  }
}

function compact(blocks: (Block | null)[]): Block[] {
  return blocks.filter((b): b is Block => b !== null).slice(0, LIMITS.blocksPerMessage);
}
