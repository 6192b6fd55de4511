import { can, reviewStatus } from '../../../src/alerts/case-status';
import type { StaffAlert } from '../../../src/alerts/alert-channel';
import { FLAGS, TOPICS } from '../../../src/domain/taxonomy';
import { MEETING_ROLES } from '../../../src/workflow/permissions';
import type { CaseDetail } from '../../../src/workflow/views';
import { type ActionData, INPUT, type RenderOptions, VERB } from '../types';
import { consoleLink, footer, historyItem, nameOf, safe, sender, when } from './common';
import {
  type AdaptiveCard,
  banner,
  type CardAction,
  type CardElement,
  card,
  choiceSet,
  container,
  execute,
  facts,
  inputDate,
  inputText,
  inputTime,
  LIMITS,
  quote,
  richText,
  showCard,
  text,
} from './elements';
import { capital, truncate, words } from './text';

/** §4 of the code of conduct: the responses a reviewer may choose (the workflow checks which fit the breach). */
const RESPONSES = [
  { title: 'Warning letter', value: 'warning_letter' },
  { title: 'Invite to a meeting', value: 'meeting' },
  { title: 'Managed contact (head teacher only)', value: 'managed_contact' },
  { title: 'Refer to the police', value: 'police' },
  { title: 'Local authority legal advice', value: 'local_authority' },
];

function forwardedInput(id: string, c: CaseDetail, o: RenderOptions): CardElement | null {
  if (!c.heldEnquiry) return null;
  return inputText(id, `What ${nameOf(c.heldEnquiry.staffId, o)} receives (leave empty for the suggested text, without the flagged words)`, {
    multiline: true,
    maxLength: LIMITS.replyText,
  });
}

const reasonInput = (id: string, label: string) =>
  inputText(id, label, { multiline: true, maxLength: LIMITS.reasonText, placeholder: 'A few words for the audit trail', required: 'Say why, in a few words: it goes in the audit trail.' });

/** The reviewer's three decisions, each a form behind its button (Teams shows one at a time). */
function decisionActions(c: CaseDetail, data: ActionData, o: RenderOptions): CardAction[] {
  const out: CardAction[] = [];
  const staff = o.staff ?? [];
  const staffChoice = (s: { id: string; name: string; roles: readonly string[] }) => ({ title: `${s.name} (${s.roles.map(words).join(', ')})`, value: s.id });
  // An empty choice set is not a valid card: without the school's staff (no render options) the field is left out.
  const seniors = staff.filter((s) => s.roles.some((r) => (MEETING_ROLES as readonly string[]).includes(r))).map(staffChoice);
  if (can('review', c.state, 'decide_not_breach'))
    out.push(
      showCard('Not a breach', [reasonInput(INPUT.notBreachReason, 'Why is it not a breach?'), forwardedInput(INPUT.notBreachForwarded, c, o)], [
        execute('Record: not a breach', VERB.notBreach, data, 'positive'),
      ]),
    );
  if (can('review', c.state, 'decide_breach'))
    out.push(
      showCard(
        'Breach, with a response',
        [
          reasonInput(INPUT.breachReason, 'Why is it a breach? (quoted in any letter)'),
          choiceSet(
            INPUT.breachFlags,
            'Flags breached',
            FLAGS.map((f) => ({ title: capital(f), value: f })),
            { multi: true, expanded: true, value: c.flags.join(','), required: 'Confirm at least one flag that was breached.' },
          ),
          choiceSet(INPUT.breachResponses, 'Responses (code of conduct §4)', RESPONSES, { multi: true, expanded: true, required: 'Choose at least one response.' }),
          text('For a meeting', { weight: 'Bolder', separator: true }),
          seniors.length ? choiceSet(INPUT.meetingWith, 'Meeting with', seniors, { placeholder: 'A senior member of staff or the head teacher' }) : null,
          inputDate(INPUT.meetingDate, 'Meeting date (optional: the letter otherwise says a time will be arranged)'),
          inputTime(INPUT.meetingTime, 'Meeting time'),
          text('For managed contact', { weight: 'Bolder', separator: true }),
          staff.length ? choiceSet(INPUT.contact, 'Designated contact', staff.map(staffChoice), { placeholder: 'Who handles all of this parent’s messages' }) : null,
          choiceSet(
            INPUT.contactTopics,
            'Topics the parent may still raise',
            TOPICS.filter((t) => t !== 'none').map((t) => ({ title: capital(words(t)), value: t })),
            { multi: true },
          ),
          inputDate(INPUT.contactReviewDate, 'Review date'),
          text('For a police referral', { weight: 'Bolder', separator: true }),
          choiceSet(INPUT.policeGrounds, 'Grounds', [
            { title: 'Threat', value: 'threat' },
            { title: 'Violence', value: 'violence' },
            { title: 'Harassment', value: 'harassment' },
          ]),
          inputText(INPUT.policeReference, 'Police reference (optional)', { maxLength: LIMITS.policeReference }),
          forwardedInput(INPUT.breachForwarded, c, o),
        ],
        [execute('Record: breach', VERB.breach, data, 'destructive')],
      ),
    );
  if (can('review', c.state, 'escalate'))
    out.push(showCard('Escalate', [reasonInput(INPUT.escalateReason, 'Why does the head teacher need to decide?')], [execute('Escalate to the head teacher', VERB.escalate, data)]));
  return out;
}

/** A flagged message for a senior reviewer: flags, the clauses, the evidence highlighted, the sender's recent history. */
export function reviewCard(alert: StaffAlert, o: RenderOptions = {}): AdaptiveCard {
  const c = alert.case;
  const flagReasons = c.reasons.filter((r) => r.kind === 'flag');
  const evidence = flagReasons.flatMap((r) => (r.evidence ? [r.evidence] : []));
  const data: ActionData = { s: alert.schoolId, c: c.id, v: c.version };
  const why: CardElement[] = flagReasons.flatMap((r) => [
    text(safe(`${capital(words(r.label))}${r.evidence ? `: “${truncate(r.evidence.text, LIMITS.evidence)}”` : ''}`), { weight: 'Bolder', spacing: 'Small' }),
    { ...richText(truncate(r.clause, LIMITS.clause), [], { italic: true, subtle: true }), spacing: 'None' },
  ]);
  const body: (CardElement | null)[] = [
    banner(`${alert.urgent ? 'Urgent: ' : ''}Flagged message for review`, 'attention', alert.headline && safe(alert.headline)),
    facts([
      ['From', sender(c)],
      ['Received', when(c.message.receivedAt, o)],
      ['Flags', c.flags.length ? c.flags.join(', ') : 'none'],
      ['Status', reviewStatus(c, o.staffName)],
    ]),
    quote(c.message.body, evidence),
    text('Why it was flagged (code of conduct)', { weight: 'Bolder', spacing: 'Medium' }),
    ...(why.length ? why : [text('No reasons were recorded.', { isSubtle: true })]),
    c.namedInEvidence.length ? text(safe(`Staff named in the flagged words: ${c.namedInEvidence.map((id) => nameOf(id, o)).join(', ')}`), { size: 'Small', isSubtle: true }) : null,
    c.heldEnquiry
      ? text(safe(`The message also asks something: it goes to ${nameOf(c.heldEnquiry.staffId, o)} once this is decided, without the flagged words.`), { size: 'Small', isSubtle: true })
      : null,
    container(
      [
        text('The sender’s recent messages', { weight: 'Bolder' }),
        ...(alert.history.length ? alert.history.slice(0, LIMITS.historyItems).flatMap((m) => historyItem(m, o)) : [text('None before this one.', { isSubtle: true, spacing: 'Small' })]),
      ],
      { separator: true, spacing: 'Medium' },
    ),
    footer(alert, o),
  ];
  const flags = c.flags.length ? ` (${c.flags.join(', ')})` : '';
  return card(body, [...decisionActions(c, data, o), consoleLink(alert, o)], `${alert.urgent ? 'Urgent: ' : ''}A flagged message needs review${flags}. Open Schoolgate to see it.`);
}
