import { randomUUID } from 'node:crypto';
import type { ParentChannelSender } from '../channels/parent-channel';
import type { Db } from '../store/open';
import { sql } from 'drizzle-orm';
import { type ConsoleContext, caller, str } from './context';
import { type Html, html, when, words } from './html';

/**
 * The simulator (SCHOOLGATE_SIMULATOR=on), for the IT lead and for demos: type a text as a parent would and
 * watch it be stored, triaged, routed and acknowledged. It goes through the real ingest as an SMS with a
 * provider id starting "SIM", so everything after is the real pipeline; only the SMS sender is bypassed for it
 * (see simulatedSmsGuard), so no parent's phone ever receives anything from a simulated conversation.
 */
export const SIMULATED_ID_PREFIX = 'SIM';

/**
 * Wraps the SMS sender: a send that answers a simulated text (an acknowledgement or a reply to it) is recorded
 * as sent without reaching Twilio; everything else goes to the real sender (or fails as before when none is set).
 */
export function simulatedSmsGuard(db: Db, inner: ParentChannelSender | undefined): ParentChannelSender {
  const simulated = async (idempotencyKey: string): Promise<boolean> => {
    const rows = await db.execute(sql`
      select 1 as hit from outbox o
        left join replies r on r.id = o.reply_id
        left join cases c on c.id = r.case_id
        join messages m on m.id = coalesce(o.message_id, c.message_id)
      where o.idempotency_key = ${idempotencyKey} and m.provider_message_id like ${`${SIMULATED_ID_PREFIX}%`} limit 1`);
    // PGlite gives {rows}, node-postgres a QueryResult with rows: both have `rows`.
    return ((rows as unknown as { rows?: unknown[] }).rows?.length ?? 0) > 0;
  };
  return {
    channel: 'sms',
    async send(message) {
      if (await simulated(message.idempotencyKey)) return { ok: true, providerMessageId: `${SIMULATED_ID_PREFIX}OUT${randomUUID().replaceAll('-', '')}`, status: 'sent' };
      if (!inner) return { ok: false, retryable: false, maybeSent: false, message: 'no sms sender is configured (set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_PHONE_NUMBER)' };
      return inner.send(message);
    },
    async findRecentlySent(query) {
      return inner ? inner.findRecentlySent(query) : { ok: true, messages: [] };
    },
  };
}

export function simulatorRoutes(ctx: ConsoleContext): void {
  const { app, deps } = ctx;
  const sim = deps.simulator;
  if (!sim) return;

  const allowed = (u: { admin: boolean }) => u.admin;

  ctx.get('/console/simulator', allowed, async (u, request) => {
    const school = ctx.school(u);
    const q = request.query as { from?: string; at?: string };
    const parentsWithPhones = school.file.parents.filter((p) => p.phones.length);
    let result: Html = html``;
    if (q.from && q.at) result = await outcome(u, q.from, q.at);
    const form = html`<form method="post" action="/console/simulator" class="card">${ctx.csrfField(u)}
<label for="simFrom">Send as</label><select id="simFrom" name="from">${parentsWithPhones.map((p) => html`<option value="${p.phones[0]}"${p.phones[0] === q.from ? html` selected` : ''}>${p.name} (${p.phones[0]})</option>`)}<option value="+447700900999">An unknown number (+447700900999)</option></select>
<label for="simBody">Their text</label><textarea id="simBody" name="body" required maxlength="1600"></textarea>
<button type="submit">Send the text</button></form>`;
    const full = ctx.shell(
      u,
      'Simulator',
      html`<h1>Simulator</h1><p>Type a text as a parent would and watch Schoolgate triage and route it. It goes through the real pipeline; nothing is sent to any phone. Turn it off (SCHOOLGATE_SIMULATOR) outside demos: simulated messages are kept like real ones.</p>
${form}<div id="sim-result" data-refresh="/console/simulator?${new URLSearchParams(q.from && q.at ? { from: q.from, at: q.at } : {}).toString()}" data-interval="${Math.min(deps.refreshSeconds ?? 2, 2)}" aria-live="polite">${result}</div>`,
      '/console/simulator',
    );
    return { partial: result, full };
  });

  async function outcome(u: Parameters<typeof caller>[0], from: string, at: string): Promise<Html> {
    const me = caller(u);
    const found = (await deps.workflow.listMessages(me, { from }, { limit: 20 })).items.find((m) => m.receivedAt === at);
    if (!found) return html`<p class="card" role="status">Stored; waiting for triage…</p>`;
    if (found.status === 'received') return html`<p class="card" role="status">Stored; waiting for triage…</p>`;
    const m = await deps.workflow.getMessage(found.id, me);
    const t = m.triage;
    const school = ctx.school(u);
    const ack = m.parent ? (await deps.workflow.getParent(m.parent.id, me).catch(() => null))?.thread.find((e) => e.kind === 'acknowledgement' && e.at >= at) : undefined;
    return html`<section class="card" aria-labelledby="sim-h"><h2 id="sim-h">What Schoolgate did</h2>
<p>${t?.urgency === 'urgent' ? html`<span class="badge urgent">Urgent</span>` : ''}${t ? html`<span class="badge">${t.topic}</span>` : ''}${t?.flags.map((f) => html`<span class="badge flag">${f}</span>`) ?? ''}<span class="muted">${words(m.status)}${m.parent ? ` · from ${m.parent.name}` : ' · unknown sender'}</span></p>
<p>Routed to: <strong>${t?.route ? `${school.staffById.get(t.route.staffId)?.name ?? t.route.staffId} (${words(t.route.role)})` : 'nobody: nothing to answer'}</strong></p>
${m.reasons?.length ? html`<ul>${m.reasons.map((r) => html`<li>${r.label}${r.clause ? `: ${r.clause}` : ''}${r.evidence ? html` — “<mark>${r.evidence.text}</mark>”` : ''}</li>`)}</ul>` : ''}
<p>Cases: ${m.cases.length ? m.cases.map((c) => html`<a href="/console/cases/${c.id}">${c.kind} (${words(c.state)})</a> `) : 'none'}</p>
${ack ? html`<p>Acknowledgement (${ack.status}, not sent to any phone):</p><blockquote>${ack.body}</blockquote>` : ''}<p class="muted">${when(m.receivedAt, school.timezone)}</p></section>`;
  }

  app.post('/console/simulator', async (request, reply) => {
    const ok = await ctx.requireForm(request, reply);
    if (!ok) return reply;
    if (!allowed(ok.user)) return ctx.send(reply, ctx.shell(ok.user, 'Not available', html`<h1>Not available</h1><p class="error" role="alert">Only an admin can use the simulator.</p>`), 403);
    const school = ctx.school(ok.user);
    const from = str(ok.form, 'from').trim();
    const body = str(ok.form, 'body');
    if (!/^\+[1-9]\d{6,14}$/.test(from) || !body.trim())
      return ctx.send(reply, ctx.shell(ok.user, 'Simulator', html`<h1>Simulator</h1><p class="error" role="alert">Choose who sends it and type the text.</p><p><a href="/console/simulator">Back</a></p>`), 400);
    const receivedAt = ctx.now.toISOString();
    await sim.ingest.acceptInbound({
      channel: 'sms',
      providerMessageId: `${SIMULATED_ID_PREFIX}${randomUUID().replaceAll('-', '')}`,
      from,
      to: school.file.school.phone_numbers[0] ?? '+440000000000',
      body,
      media: [],
      receivedAt,
    });
    return reply.redirect(`/console/simulator?${new URLSearchParams({ from, at: receivedAt }).toString()}`, 303);
  });
}
