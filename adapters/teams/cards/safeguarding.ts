import { enquiryStatus } from '../../../src/alerts/case-status';
import type { StaffAlert } from '../../../src/alerts/alert-channel';
import { type ActionData, type RenderOptions, VERB } from '../types';
import { consoleLink, footer, nameOf, safe, sender, when } from './common';
import { type AdaptiveCard, banner, type CardElement, card, container, execute, facts, LIMITS, quote, text } from './elements';
import { truncate } from './text';

/** A safeguarding concern for the DSL and deputy: the concern, who has it, and Acknowledge until someone does. */
export function safeguardingCard(alert: StaffAlert, o: RenderOptions = {}): AdaptiveCard {
  const c = alert.case;
  const record = c.safeguarding;
  const acknowledged = record?.acknowledged ?? alert.acknowledged ?? null;
  const data: ActionData = { s: alert.schoolId, c: c.id, v: c.version };
  const escalations = (record?.escalations ?? []).map((e) =>
    text(safe(`Escalated to ${e.to.map((id) => nameOf(id, o)).join(', ')} ${when(e.at, o)} (step ${e.step})`), { size: 'Small', isSubtle: true, spacing: 'Small' }),
  );
  const body: (CardElement | null)[] = [
    banner('Safeguarding concern', 'attention', alert.headline && safe(alert.headline)),
    facts([
      ['From', sender(c)],
      ['Received', when(c.message.receivedAt, o)],
      ['With', c.assignee?.name ?? 'nobody yet'],
      ['Status', enquiryStatus(c)],
    ]),
    quote(c.message.body),
    c.why ? text(safe(truncate(c.why, LIMITS.why)), { size: 'Small', isSubtle: true }) : null,
    container(
      [
        acknowledged
          ? text(safe(`✔ Acknowledged by ${nameOf(acknowledged.by, o)}, ${when(acknowledged.at, o)}`), { weight: 'Bolder', color: 'Good' })
          : text('Not yet acknowledged. Acknowledge it to say you have it; otherwise it goes to the deputy DSL, then the head teacher.', { weight: 'Bolder', color: 'Attention' }),
        ...escalations,
      ],
      { style: acknowledged ? 'good' : 'warning', spacing: 'Medium' },
    ),
    footer(alert, o),
  ];
  const action = !acknowledged && c.state !== 'closed' ? execute('Acknowledge', VERB.acknowledge, data, 'positive') : null;
  return card(body, [action, consoleLink(alert, o)], acknowledged ? 'Safeguarding concern (acknowledged). Open Schoolgate to see it.' : 'Safeguarding concern: please acknowledge it now in Schoolgate.');
}
