import type { SessionUser } from '../auth/accounts';
import type { CaseDetail, CaseSummary } from '../workflow/views';
import { type ConsoleContext, caller, can } from './context';
import { type Html, html, when, words } from './html';

/**
 * The queues each role works through. Urgent items come first and carry a red "Urgent" badge and border; each
 * queue refreshes in place (see the script in html.ts). Reading goes through the workflow as the signed-in member
 * of staff, so a queue holds only what they may see.
 */

const DONE = new Set(['closed', 'not_breach', 'breach']);
const urgentFirst = (xs: CaseSummary[]) =>
  [...xs].sort((a, b) => Number(b.urgency === 'urgent') - Number(a.urgency === 'urgent') || (a.message.receivedAt < b.message.receivedAt ? 1 : -1));

export function caseCard(c: CaseSummary, extra?: Html): Html {
  const urgent = c.urgency === 'urgent';
  const excerpt = c.message.body.length > 180 ? `${c.message.body.slice(0, 180)}…` : c.message.body;
  return html`<article class="card${urgent ? ' urgent' : ''}">
<p>${urgent ? html`<span class="badge urgent">Urgent</span>` : ''}<span class="badge">${c.kind}</span><span class="badge">${c.topic}</span>${c.flags.map((f) => html`<span class="badge flag">${f}</span>`)}${extra ?? ''}
<span class="muted">${words(c.state)} · ${c.parent?.name ?? c.message.from} · ${c.message.channel.toUpperCase()} · ${when(c.message.receivedAt)}${c.assignee ? ` · ${c.assignee.name ?? c.assignee.staffId}` : ''}</span></p>
<p><a href="/console/cases/${c.id}">${excerpt}</a></p></article>`;
}

const section = (id: string, title: string, cases: CaseSummary[], link?: string, card: (c: CaseSummary) => Html = (c) => caseCard(c)) =>
  html`<section aria-labelledby="q-${id}"><h2 id="q-${id}">${title} <span class="muted">(${cases.length})</span></h2>
${cases.length ? urgentFirst(cases).map(card) : html`<p class="muted">Nothing waiting.</p>`}${link ? html`<p><a href="${link}">Open ${title}</a></p>` : ''}</section>`;

export function queueRoutes(ctx: ConsoleContext): void {
  const { deps } = ctx;

  async function open(u: SessionUser): Promise<CaseSummary[]> {
    const all = (await deps.workflow.listCases(caller(u), {}, { limit: 500 })).items;
    return all.filter((c) => !DONE.has(c.state));
  }
  const pending = (cs: CaseSummary[]) => cs.filter((c) => c.state === 'reply_pending_approval');
  const safeguarding = (cs: CaseSummary[]) => cs.filter((c) => c.kind === 'enquiry' && c.topic === 'safeguarding');
  const reviews = (cs: CaseSummary[]) => cs.filter((c) => c.kind === 'review');
  const mine = (u: SessionUser, cs: CaseSummary[]) => cs.filter((c) => c.kind === 'enquiry' && c.assignee?.staffId === u.staffId && c.state !== 'reply_pending_approval');

  const frame = (title: string, path: string, intro: Html, body: Html, u: SessionUser, interval = deps.refreshSeconds ?? 15) => ({
    partial: body,
    full: ctx.shell(
      u,
      title,
      html`<h1>${title}</h1>${intro}<div id="queue" data-refresh="${path}" data-interval="${interval}" aria-live="polite">${body}</div>`,
      path,
    ),
  });

  // Every queue the user has, on one page.
  ctx.get('/console', null, async (u) => {
    const cs = await open(u);
    const parts: Html[] = [];
    if (can.approvals(u)) parts.push(section('approvals', 'Approvals', pending(cs), '/console/approvals'));
    if (can.safeguarding(u)) parts.push(section('safeguarding', 'Safeguarding', safeguarding(cs), '/console/safeguarding'));
    if (can.review(u)) parts.push(section('review', 'Review', reviews(cs), '/console/review'));
    parts.push(section('mine', 'My enquiries', mine(u, cs), '/console/enquiries'));
    return frame('Queues', '/console', html`<p class="muted">Urgent items are first in every queue. This page updates itself.</p>`, html`${parts}`, u);
  });

  // Approvals: each reply with its message, and approve / edit and approve / reject right here.
  ctx.get('/console/approvals', can.approvals, async (u) => {
    const cs = urgentFirst(pending(await open(u)));
    const details = await Promise.all(cs.map((c) => deps.workflow.getCase(c.id, caller(u))));
    const csrf = ctx.csrfField(u);
    const cards = details.flatMap((c: CaseDetail) =>
      c.replies
        .filter((r) => r.state === 'awaiting_approval')
        .map(
          (r) => html`<article class="card${c.urgency === 'urgent' ? ' urgent' : ''}" aria-labelledby="r-${r.id}">
<h2 id="r-${r.id}">${c.urgency === 'urgent' ? html`<span class="badge urgent">Urgent</span>` : ''}Reply to ${c.parent?.name ?? c.message.from} <span class="muted">· ${c.topic} · by ${c.assignee?.name ?? r.authorId}</span></h2>
<p class="muted">They wrote (${when(c.message.receivedAt)}):</p><blockquote>${c.message.body}</blockquote>
<form method="post" action="/console/replies/${r.id}/approve">${csrf}<input type="hidden" name="_back" value="/console/approvals">
<label for="edit-${r.id}">Reply (edit before approving if needed)</label><textarea id="edit-${r.id}" name="editedBody" maxlength="1600">${r.body}</textarea>
<button type="submit">Approve and send</button></form>
<form method="post" action="/console/replies/${r.id}/reject">${csrf}<input type="hidden" name="_back" value="/console/approvals">
<label for="rej-${r.id}">Reason for rejecting</label><input id="rej-${r.id}" name="reason" required minlength="3">
<button class="secondary" type="submit">Reject</button></form>
<p><a href="/console/cases/${c.id}">Open the case</a></p></article>`,
        ),
    );
    const body = html`<p class="muted">${cards.length} waiting.</p>${cards.length ? cards : html`<p class="muted">Nothing waiting.</p>`}`;
    return frame('Approvals', '/console/approvals', html`<p>Only an approved reply is sent. You cannot approve a reply you wrote.</p>`, body, u);
  });

  ctx.get('/console/enquiries', null, async (u) => {
    const cs = await open(u);
    const body = html`${section('mine', 'Waiting for your reply', mine(u, cs))}${section(
      'sent-for-approval',
      'Sent for approval',
      pending(cs).filter((c) => c.assignee?.staffId === u.staffId),
    )}`;
    return frame('My enquiries', '/console/enquiries', html`<p class="muted">Messages routed to you. Words a reviewer held back are left out.</p>`, body, u);
  });

  ctx.get('/console/review', can.review, async (u) => {
    const cs = reviews(await open(u));
    const body = section('review', 'Flagged messages', cs, undefined, (c) => caseCard(c, c.state === 'escalated' ? html`<span class="badge">escalated to the head</span>` : undefined));
    return frame('Review', '/console/review', html`<p class="muted">Messages that may breach the code of conduct. Open one for the evidence, the sender's history and the decision.</p>`, body, u);
  });

  ctx.get('/console/safeguarding', can.safeguarding, async (u) => {
    const cs = safeguarding(await open(u));
    const details = await Promise.all(cs.map((c) => deps.workflow.getCase(c.id, caller(u))));
    const ack = new Map(details.map((d) => [d.id, d.safeguarding?.acknowledged ?? null]));
    const body = section('safeguarding', 'Open concerns', cs, undefined, (c) => {
      const a = ack.get(c.id);
      return caseCard(c, a ? html`<span class="badge">acknowledged by ${a.by}</span>` : html`<span class="badge flag">not acknowledged</span>`);
    });
    return frame(
      'Safeguarding',
      '/console/safeguarding',
      html`<p class="muted">Every concern, for the DSL and deputies (and the head teacher, the last step of escalation). Acknowledge each one: until then it escalates.</p>`,
      body,
      u,
    );
  });
}
