import { can } from '../../../src/alerts/case-status';
import type { StaffAlert } from '../../../src/alerts/alert-channel';
import { type ActionData, INPUT, type RenderOptions, VERB } from '../types';
import { consoleLink, footer, latestReply, nameOf, safe, sender, when } from './common';
import { type AdaptiveCard, banner, type CardAction, type CardElement, card, execute, facts, inputText, LIMITS, quote, showCard, text } from './elements';
import { capital, truncate, words } from './text';

/** A reply waiting for approval: the enquiry, the reply, and Approve / Edit & approve / Reject with a reason. */
export function approvalCard(alert: StaffAlert, o: RenderOptions = {}): AdaptiveCard {
  const c = alert.case;
  const reply = alert.reply ?? c.replies.find((r) => r.state === 'awaiting_approval') ?? latestReply(c);
  const body: (CardElement | null)[] = [
    banner('Reply waiting for approval', 'accent', alert.headline && safe(alert.headline)),
    facts([
      ['To', sender(c)],
      ['Written by', reply ? nameOf(reply.authorId, o) : 'unknown'],
      ['Topic', capital(words(c.topic))],
      ['Reply', reply ? capital(words(reply.state)) : 'none'],
    ]),
    text('The enquiry', { weight: 'Bolder' }),
    quote(c.message.body),
    text('The reply', { weight: 'Bolder' }),
    reply ? quote(reply.approvedBody ?? reply.body) : text('No reply found on this case.', { isSubtle: true }),
  ];
  const actions: (CardAction | null)[] = [];
  if (reply) {
    if (reply.approvedBy)
      body.push(
        text(
          safe(`Approved by ${nameOf(reply.approvedBy, o)}${reply.approvedAt ? `, ${when(reply.approvedAt, o)}` : ''}${reply.approvedBody !== null && reply.approvedBody !== reply.body ? ' (edited)' : ''}`),
          { color: 'Good', weight: 'Bolder' },
        ),
      );
    if (reply.state === 'rejected') body.push(text(safe(`Not approved${reply.rejectedReason ? `: “${truncate(reply.rejectedReason, 300)}”` : ''}`), { color: 'Attention' }));
    if (reply.delivery) body.push(text(safe(`Delivery: ${words(reply.delivery.state)}${reply.delivery.lastError ? ` (${truncate(reply.delivery.lastError, 300)})` : ''}`), { size: 'Small', isSubtle: true }));
    const data: ActionData = { s: alert.schoolId, c: c.id, v: reply.version, r: reply.id };
    if (can('reply', reply.state, 'approve')) {
      actions.push(
        execute('Approve', VERB.approve, data, 'positive'),
        showCard(
          'Edit & approve',
          [inputText(INPUT.editedBody, 'The reply as it will be sent (sent as soon as you approve it)', { multiline: true, maxLength: LIMITS.replyText, value: reply.body, required: 'The reply must not be empty.' })],
          [execute('Approve and send', VERB.editApprove, data, 'positive')],
        ),
        showCard(
          'Reject',
          [inputText(INPUT.rejectReason, 'Why is it not approved? (its author is told)', { multiline: true, maxLength: LIMITS.reasonText, required: 'Say why, so the author can fix it.' })],
          [execute('Reject the reply', VERB.reject, data, 'destructive')],
          'destructive',
        ),
      );
    }
  }
  body.push(footer(alert, o));
  actions.push(consoleLink(alert, o));
  return card(body, actions, `A reply${reply ? ` by ${nameOf(reply.authorId, o)}` : ''} is waiting for approval in Schoolgate.`);
}
