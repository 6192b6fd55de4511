import { localTime } from '../domain/local-time';
import { isSchoolgateError } from '../errors';
import type { ParentDetail } from '../workflow/views';
import { type ConsoleContext, caller, can } from './context';
import { html, when, words } from './html';

/**
 * Parents (one parent's whole thread across SMS and Teams, their incidents, managed-contact status and review
 * date) and Audit (who did what, when). Both read through the workflow, which decides who may see them.
 */
export function peopleRoutes(ctx: ConsoleContext): void {
  const { deps } = ctx;

  ctx.get('/console/parents', can.parents, async (u, request) => {
    const q = ((request.query as { q?: string }).q ?? '').slice(0, 200);
    const cursor = (request.query as { cursor?: string }).cursor;
    const pageOf = await deps.workflow.listParents(caller(u), q.trim() ? { q } : {}, { limit: 50, ...(cursor ? { cursor } : {}) });
    const rows = pageOf.items.map(
      (p) => html`<tr><td><a href="/console/parents/${encodeURIComponent(p.id)}">${p.name}</a></td><td>${p.children.map((c) => `${c.name} (${c.className})`).join(', ')}</td>
<td>${p.addresses.map((a) => html`<span class="badge">${a.channel.toUpperCase()}</span>${a.address} `)}</td>
<td>${p.managedContact ? html`<span class="badge flag">managed contact</span> review ${p.managedContact.reviewDate}` : ''}</td><td>${when(p.lastMessageAt)}</td></tr>`,
    );
    return ctx.shell(
      u,
      'Parents',
      html`<h1>Parents</h1>
<form method="get" action="/console/parents" class="card" role="search"><label for="q">Find a parent (name, child's name or phone number)</label><input id="q" name="q" value="${q}"><button type="submit">Search</button></form>
<div class="table"><table><caption class="muted">${pageOf.items.length} parent${pageOf.items.length === 1 ? '' : 's'}</caption><thead><tr><th scope="col">Parent</th><th scope="col">Children</th><th scope="col">Reached on</th><th scope="col">Arrangements</th><th scope="col">Last message</th></tr></thead><tbody>${rows}</tbody></table></div>
${pageOf.nextCursor ? html`<p><a href="/console/parents?${new URLSearchParams({ ...(q ? { q } : {}), cursor: pageOf.nextCursor }).toString()}">More parents</a></p>` : ''}`,
      '/console/parents',
    );
  });

  ctx.get('/console/parents/:id', can.parents, async (u, request) => {
    const key = (request.params as { id: string }).id;
    let p: ParentDetail;
    try {
      p = await deps.workflow.getParent(key, caller(u));
    } catch (e) {
      if (!isSchoolgateError(e, 'NOT_FOUND')) throw e;
      return unknownSender(u, key);
    }
    const school = ctx.school(u);
    const today = localTime(ctx.now, school.timezone).date;
    const staffName = (id: string) => school.staffById.get(id)?.name ?? id;
    const mc = p.managedContact;
    const thread = p.thread.map((e) =>
      e.direction === 'inbound'
        ? html`<article class="card in"><p>${e.triage?.urgency === 'urgent' ? html`<span class="badge urgent">Urgent</span>` : ''}<span class="badge">${e.channel.toUpperCase()}</span>${e.triage ? html`<span class="badge">${e.triage.topic}</span>` : ''}${e.triage?.flags.map((f) => html`<span class="badge flag">${f}</span>`) ?? ''}
<span class="muted">from ${e.address} · ${when(e.at, school.timezone)} · ${words(e.status)}</span></p>
<blockquote>${e.withheld ? html`<span class="muted">(withheld: the flagged words name you; another reviewer handles it)</span>` : e.body}</blockquote>
${e.cases.length ? html`<p>${e.cases.map((c) => html`<a href="/console/cases/${c.id}">${c.kind} (${words(c.state)})</a> `)}</p>` : ''}</article>`
        : html`<article class="card outb"><p><span class="badge out">${e.kind === 'reply' ? 'reply' : 'acknowledgement'}</span><span class="badge">${e.channel.toUpperCase()}</span><span class="muted">to ${e.address} · ${when(e.at, school.timezone)} · ${e.status}</span></p><blockquote>${e.body}</blockquote></article>`,
    );
    return ctx.shell(
      u,
      p.name,
      html`<h1>${p.name}</h1>
<section class="card grid"><div><h2>Children</h2><ul>${p.children.map((c) => html`<li>${c.name} (${c.className})</li>`)}</ul></div>
<div><h2>Reached on</h2><ul>${p.addresses.map((a) => html`<li>${a.channel === 'sms' ? 'SMS' : 'Teams'}: ${a.address}</li>`)}</ul></div>
<div><h2>Managed contact</h2>${
        mc
          ? html`<p><span class="badge flag">In force</span> Contact only through ${staffName(mc.designatedStaffId)}, about ${mc.allowedTopics.join(', ')}.</p>
<p>Review date: <strong>${mc.reviewDate}</strong>${mc.reviewDate <= today ? html` <span class="badge urgent">review due</span>` : ''} <span class="muted">(${mc.source === 'school_file' ? 'from the school file' : 'from an incident'})</span></p>`
          : html`<p>None in force.</p>`
      }${p.managedContacts.filter((m) => !m.active).length ? html`<p class="muted">${p.managedContacts.filter((m) => !m.active).length} earlier arrangement(s) ended.</p>` : ''}</div></section>
${
  p.incidents === null
    ? ''
    : html`<section class="card"><h2>Incidents (${p.incidents.length})</h2>${
        p.incidents.length
          ? html`<ul>${p.incidents.map(
              (i) => html`<li>${when(i.createdAt, school.timezone)}: ${i.flags.map((f) => html`<span class="badge flag">${f}</span>`)} ${i.responses.map((r) => words(r.kind)).join(', ')} — ${i.reason} <a href="/console/cases/${i.caseId}">the review</a></li>`,
            )}</ul>`
          : html`<p>None.</p>`
      }</section>`
}
<section><h2>Messages, newest first (${p.thread.length})</h2>${thread.length ? thread : html`<p class="muted">No messages yet.</p>`}</section>`,
      '/console/parents',
    );
  });

  /** A sender no parent record has: every message from that address, as the message log shows it. */
  async function unknownSender(u: Parameters<typeof caller>[0], address: string): Promise<string> {
    const msgs = await deps.workflow.listMessages(caller(u), { from: address }, { limit: 200 });
    const tz = ctx.school(u).timezone;
    return ctx.shell(
      u,
      address,
      html`<h1>${address}</h1><p class="muted">Not a parent the school knows. Every message from this address you may see, newest first.</p>
${msgs.items.map(
  (m) => html`<article class="card in"><p><span class="badge">${m.channel.toUpperCase()}</span>${m.triage ? html`<span class="badge">${m.triage.topic}</span>` : ''}${m.triage?.flags.map((f) => html`<span class="badge flag">${f}</span>`) ?? ''}<span class="muted">${when(m.receivedAt, tz)} · ${words(m.status)}</span></p>
<blockquote>${m.body ?? html`<span class="muted">(withheld: the words name you; another reviewer handles it)</span>`}</blockquote></article>`,
)}`,
      '/console/parents',
    );
  }

  const ENTITY_TYPES = ['case', 'reply', 'incident', 'managed_contact', 'message', 'outbox', 'account'];
  ctx.get('/console/audit', can.audit, async (u, request) => {
    const query = request.query as { type?: string; cursor?: string };
    const type = ENTITY_TYPES.includes(query.type ?? '') ? query.type : undefined;
    const pageOf = await deps.workflow.listAudit(caller(u), type ? { entityType: type } : {}, { limit: 100, ...(query.cursor ? { cursor: query.cursor } : {}) });
    const tz = ctx.school(u).timezone;
    const link = (e: { entityType: string; entityId: string; data: Record<string, unknown> }) => {
      if (e.entityType === 'case') return html`<a href="/console/cases/${e.entityId}">case</a>`;
      const caseId = typeof e.data.caseId === 'string' ? e.data.caseId : null;
      return caseId ? html`${e.entityType} (<a href="/console/cases/${caseId}">case</a>)` : e.entityType;
    };
    const detail = (d: Record<string, unknown>) =>
      ['reason', 'to', 'from', 'breachedFlags', 'responses', 'staffId']
        .filter((k) => d[k] !== undefined && d[k] !== null)
        .map((k) => `${k}: ${Array.isArray(d[k]) ? (d[k] as unknown[]).join(', ') : String(d[k])}`)
        .join('; ');
    return ctx.shell(
      u,
      'Audit',
      html`<h1>Audit</h1><p class="muted">Who did what, when: every change to a case, reply, incident, managed contact, message and account.</p>
<form method="get" action="/console/audit" class="card"><label for="type">Show</label><select id="type" name="type"><option value="">Everything</option>${ENTITY_TYPES.map(
        (t) => html`<option value="${t}"${t === type ? html` selected` : ''}>${words(t)}</option>`,
      )}</select><button type="submit">Filter</button></form>
<div class="table"><table><thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">On</th><th scope="col">Details</th></tr></thead><tbody>${pageOf.items.map(
        (e) => html`<tr><td>${when(e.at, tz)}</td><td>${e.actor}</td><td>${e.action}</td><td>${link(e)}</td><td>${detail(e.data)}</td></tr>`,
      )}</tbody></table></div>
${pageOf.nextCursor ? html`<p><a href="/console/audit?${new URLSearchParams({ ...(type ? { type } : {}), cursor: pageOf.nextCursor }).toString()}">Older events</a></p>` : ''}`,
      '/console/audit',
    );
  });
}
