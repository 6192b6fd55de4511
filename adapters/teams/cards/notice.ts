import { enquiryStatus, reviewStatus } from '../../../src/alerts/case-status';
import type { StaffAlert } from '../../../src/alerts/alert-channel';
import type { RenderOptions } from '../types';
import { consoleLink, footer, latestReply, replyLine, safe, sender } from './common';
import { type AdaptiveCard, banner, type CardElement, card, facts, quote, text } from './elements';
import { capital, words } from './text';

const NOTICE_TITLES: Record<string, string> = {
  reply_rejected: 'A reply was not approved',
  reply_failed: 'A reply could not be sent',
  reassigned: 'A case was passed to you',
  escalated: 'A case was escalated to you',
};

/** Anything else worth telling (a reply rejected or failed, a case reassigned): what happened, no buttons but the console. */
export function noticeCard(alert: StaffAlert, o: RenderOptions = {}): AdaptiveCard {
  const c = alert.case;
  const title = NOTICE_TITLES[alert.reason] ?? 'A case changed';
  const reply = alert.reply ?? latestReply(c);
  const body: (CardElement | null)[] = [
    banner(title, alert.reason === 'reply_failed' ? 'warning' : 'accent', alert.headline && safe(alert.headline)),
    facts([
      ['From', sender(c)],
      ['Topic', capital(words(c.topic))],
      ['Status', c.kind === 'review' ? reviewStatus(c, o.staffName) : enquiryStatus(c)],
    ]),
    quote(c.message.body),
    reply && (alert.reason === 'reply_rejected' || alert.reason === 'reply_failed') ? text(safe(replyLine(reply, o)), { weight: 'Bolder' }) : null,
    footer(alert, o),
  ];
  return card(body, [consoleLink(alert, o)], `${title}. Open Schoolgate to see it.`);
}
