import { can, enquiryStatus } from '../../../src/alerts/case-status';
import type { StaffAlert } from '../../../src/alerts/alert-channel';
import { type ActionData, INPUT, type RenderOptions, VERB } from '../types';
import { consoleLink, footer, latestReply, replyLine, safe, sender, when } from './common';
import { type AdaptiveCard, banner, type CardElement, card, execute, facts, inputText, LIMITS, quote, showCard, text } from './elements';
import { capital, truncate, words } from './text';

/**
 * An enquiry for its assignee: the text forwarded to them (the workflow's view for this recipient, never the words a
 * reviewer flagged), and Write reply: the reply goes to the office for approval, never straight to the parent.
 */
export function enquiryCard(alert: StaffAlert, o: RenderOptions = {}, draft?: string): AdaptiveCard {
  const c = alert.case;
  const data: ActionData = { s: alert.schoolId, c: c.id, v: c.version };
  const reply = latestReply(c);
  const body: (CardElement | null)[] = [
    banner(`${alert.urgent ? 'Urgent: ' : ''}Enquiry for you`, alert.urgent ? 'warning' : 'accent', alert.headline && safe(alert.headline)),
    facts([
      ['From', sender(c)],
      ['Received', when(c.message.receivedAt, o)],
      ['Topic', capital(words(c.topic))],
      ['Status', enquiryStatus(c)],
    ]),
    quote(c.message.body),
    c.message.redacted ? text('Passed on by a senior reviewer: this is the part of the message for you to answer.', { size: 'Small', isSubtle: true }) : null,
    c.why ? text(safe(truncate(c.why, LIMITS.why)), { size: 'Small', isSubtle: true }) : null,
    reply ? text(safe(replyLine(reply, o)), { weight: 'Bolder' }) : null,
    footer(alert, o),
  ];
  const write = can('enquiry', c.state, 'submit_reply')
    ? showCard(
        'Write reply',
        [
          inputText(INPUT.replyBody, 'Your reply to the parent (the office approves it before it is sent; at most 1,600 characters)', {
            multiline: true,
            maxLength: LIMITS.replyText,
            value: draft,
            required: 'Write the reply first.',
          }),
        ],
        [execute('Send for approval', VERB.writeReply, data, 'positive')],
        'positive',
      )
    : null;
  return card(body, [write, consoleLink(alert, o)], `${alert.urgent ? 'Urgent: ' : ''}An enquiry for you (${words(c.topic)}). Open Schoolgate to answer it.`);
}
