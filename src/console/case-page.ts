import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SessionUser } from '../auth/accounts';
import type { School } from '../config/load-school';
import { localTime } from '../domain/local-time';
import { FLAGS, TOPICS } from '../domain/taxonomy';
import { isSchoolgateError, SchoolgateError } from '../errors';
import type { CaseDetail, IncidentView } from '../workflow/views';
import { type ConsoleContext, caller, can, type Form, has, list, statusOf, str } from './context';
import { attr, type Html, highlight, html, when, words } from './html';

/**
 * One case: the message (evidence highlighted for a review), why it came here, the sender's recent messages, the
 * replies and their delivery, the incident with its letters, the safeguarding record, and a form for each thing the
 * workflow lets this person do now. Every action calls the one workflow service as the signed-in member of staff;
 * its refusal (wrong role, illegal move, bad input) is shown on the page with the matching status.
 */

const OPEN = (state: string) => !['closed', 'not_breach', 'breach'].includes(state);

/** `2026-12-01T15:30` (a datetime-local field, the school's wall clock) → an ISO instant with its offset. */
export function localInputToIso(value: string, timeZone: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value.trim());
  if (!m) return undefined;
  const wall = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!);
  // The zone's offset at that moment: compare its wall clock with UTC, twice to settle across a clock change.
  let at = wall;
  for (let i = 0; i < 2; i++) {
    const l = localTime(new Date(at), timeZone);
    const shown = Date.UTC(+l.date.slice(0, 4), +l.date.slice(5, 7) - 1, +l.date.slice(8, 10), Math.floor(l.minutes / 60), l.minutes % 60);
    at = wall - (shown - at);
  }
  return new Date(at).toISOString();
}

export function caseRoutes(ctx: ConsoleContext): void {
  const { app, deps } = ctx;

  function staffOptions(school: School, filter: (roles: readonly string[]) => boolean, selected?: string): Html[] {
    return [...school.staffById.values()]
      .filter((s) => filter(s.roles))
      .map((s) => html`<option value="${s.id}"${attr('selected', s.id === selected)}>${s.name} (${s.roles.map(words).join(', ')})</option>`);
  }

  function decisionForm(u: SessionUser, c: CaseDetail, school: School): Html {
    const csrf = ctx.csrfField(u);
    const head = has(u, 'head_teacher');
    return html`<form method="post" action="/console/cases/${c.id}/decision" class="card"><h2>Decision</h2>${csrf}
<fieldset class="checks"><legend>Outcome</legend><label><input type="radio" name="outcome" value="not_breach" required> Not a breach</label><label><input type="radio" name="outcome" value="breach"> Breach</label></fieldset>
<fieldset class="checks"><legend>Flags breached (for a breach)</legend>${FLAGS.map((f) => html`<label><input type="checkbox" name="breachedFlags" value="${f}"${attr('checked', c.flags.includes(f))}> ${f}</label>`)}</fieldset>
<fieldset><legend>Responses (for a breach; code of conduct §4)</legend>
<div class="checks"><label><input type="checkbox" name="responses" value="warning_letter"> Warning letter</label></div>
<div class="checks"><label><input type="checkbox" name="responses" value="meeting"> Invite to a meeting</label></div>
<div class="grid"><div><label for="meetingWith">Meeting with</label><select id="meetingWith" name="meetingWith">${staffOptions(school, (r) => r.includes('senior_reviewer') || r.includes('head_teacher'), u.staffId)}</select></div>
<div><label for="meetingAt">Meeting time (optional)</label><input id="meetingAt" name="meetingAt" type="datetime-local"></div></div>
${
  head
    ? html`<div class="checks"><label><input type="checkbox" name="responses" value="managed_contact"> Managed contact</label></div>
<div class="grid"><div><label for="mcContact">Designated contact</label><select id="mcContact" name="mcContact">${staffOptions(school, () => true)}</select></div>
<div><label for="mcReviewDate">Review date</label><input id="mcReviewDate" name="mcReviewDate" type="date"></div></div>
<fieldset class="checks"><legend>Topics the parent may still raise</legend>${TOPICS.filter((t) => t !== 'none').map((t) => html`<label><input type="checkbox" name="mcTopics" value="${t}"${attr('checked', ['absence', 'medical', 'safeguarding'].includes(t))}> ${t}</label>`)}</fieldset>`
    : html`<p class="muted">Managed contact is the head teacher's decision (§4).</p>`
}
<div class="checks"><label><input type="checkbox" name="responses" value="police"> Refer to the police</label></div>
<div class="grid"><div><label for="policeGrounds">Grounds</label><select id="policeGrounds" name="policeGrounds"><option value="threat">Threat</option><option value="violence">Violence</option><option value="harassment">Harassment</option></select></div>
<div><label for="policeRef">Police reference (optional)</label><input id="policeRef" name="policeRef"></div></div>
<div class="checks"><label><input type="checkbox" name="responses" value="local_authority"> Local authority legal advice (defamation)</label></div>
</fieldset>
<label for="reason">Reason for the decision</label><textarea id="reason" name="reason" required minlength="3"></textarea>
${c.heldEnquiry ? html`<label for="forwardedText">What ${school.staffById.get(c.heldEnquiry.staffId)?.name ?? 'the member of staff'} receives (leave empty for the suggestion, which leaves the flagged words out)</label><textarea id="forwardedText" name="forwardedText"></textarea>` : ''}
<button type="submit">Record decision</button></form>
${
  c.state === 'open'
    ? html`<form method="post" action="/console/cases/${c.id}/escalate" class="card"><h2>Escalate to the head teacher</h2>${csrf}
<label for="escReason">Reason for escalating</label><input id="escReason" name="reason" required minlength="3"><button class="secondary" type="submit">Escalate</button></form>`
    : ''
}`;
  }

  function letters(u: SessionUser, c: CaseDetail, incident: IncidentView): Html {
    const withLetters = incident.responses.filter((r) => 'letter' in r && typeof r.letter === 'string');
    return html`<section class="card"><h2>Incident</h2>
<p>${incident.flags.map((f) => html`<span class="badge flag">${f}</span>`)} decided by ${incident.decidedBy}, ${when(incident.createdAt)}: ${incident.reason}</p>
<ul>${incident.clauses.map((cl) => html`<li>${cl}</li>`)}</ul>
<p>Responses: ${incident.responses.map((r) => words(r.kind)).join(', ')}</p>
${incident.managedContact ? html`<p>Managed contact with ${incident.managedContact.designatedStaffId} for ${incident.managedContact.allowedTopics.join(', ')}; review on ${incident.managedContact.reviewDate}.</p>` : ''}
${withLetters.map(
  (r) => html`<form method="post" action="/console/cases/${c.id}/letters/${r.kind}" class="card">${ctx.csrfField(u)}
<h3>${r.kind === 'meeting' ? 'Meeting invitation' : 'Warning letter'} (draft)</h3>
<label for="letter-${r.kind}">Edit the letter, then download it to print or send from the school's letterhead</label>
<textarea class="letter" id="letter-${r.kind}" name="text">${(r as { letter?: string }).letter ?? ''}</textarea>
<button type="submit">Download letter</button></form>`,
)}</section>`;
  }

  async function casePage(u: SessionUser, id: string, notice?: { error?: string; ok?: string }, draft?: { text: string; note: string }): Promise<string> {
    const me = caller(u);
    const c = await deps.workflow.getCase(id, me);
    const school = ctx.school(u);
    const csrf = ctx.csrfField(u);
    const spans = c.reasons.flatMap((r) => (r.evidence && c.message.body.slice(r.evidence.start, r.evidence.end) === r.evidence.text ? [r.evidence] : []));
    const history =
      c.kind === 'review' && has(u, 'senior_reviewer', 'head_teacher', 'office', 'dsl', 'deputy_dsl')
        ? (await deps.workflow.listMessages(me, { from: c.message.from }, { limit: 8 })).items.filter((m) => m.id !== c.message.id)
        : [];
    const actions: Html[] = [];
    const isReviewer = has(u, 'senior_reviewer', 'head_teacher');
    if (c.kind === 'review' && OPEN(c.state) && isReviewer) actions.push(decisionForm(u, c, school));
    if (c.kind === 'enquiry' && (c.state === 'open' || c.state === 'replied')) {
      actions.push(html`<form method="post" action="/console/cases/${c.id}/replies" class="card"><h2>Write a reply</h2>${csrf}
${draft ? html`<p class="ok" role="status">${draft.note}</p>` : ''}
<label for="body">Reply to the parent (office staff approve it before it is sent)</label><textarea id="body" name="body" required maxlength="1600">${draft?.text ?? ''}</textarea>
<button type="submit">Send for approval</button>${deps.drafts ? html`<button class="secondary" type="submit" formaction="/console/cases/${c.id}/draft" formnovalidate>Suggest a draft</button>` : ''}</form>`);
      actions.push(html`<form method="post" action="/console/cases/${c.id}/close" class="card"><h2>Close without a reply</h2>${csrf}
<label for="closeReason">Reason for closing</label><input id="closeReason" name="reason" required minlength="3"><button class="secondary" type="submit">Close</button></form>`);
    }
    if (OPEN(c.state) && (c.kind === 'enquiry' || isReviewer)) {
      actions.push(html`<form method="post" action="/console/cases/${c.id}/reassign" class="card"><h2>Reassign</h2>${csrf}
<label for="toStaffId">To</label><select id="toStaffId" name="toStaffId">${staffOptions(school, () => true, c.assignee?.staffId)}</select>
<label for="reassignReason">Reason for reassigning (optional)</label><input id="reassignReason" name="reason"><button class="secondary" type="submit">Reassign</button></form>`);
    }
    if (c.safeguarding && has(u, 'dsl', 'deputy_dsl', 'head_teacher')) {
      if (!c.safeguarding.acknowledged)
        actions.push(html`<form method="post" action="/console/cases/${c.id}/acknowledge" class="card">${csrf}<button type="submit">Acknowledge this concern</button></form>`);
      actions.push(html`<form method="post" action="/console/cases/${c.id}/safeguarding-actions" class="card"><h2>Record an action</h2>${csrf}
<label for="action">Action taken</label><input id="action" name="action" required minlength="3"><label for="sgreason">Why (for the record)</label><textarea id="sgreason" name="reason" required minlength="3"></textarea><button type="submit">Record</button></form>`);
      actions.push(html`<p class="card"><a class="button secondary" href="/console/cases/${c.id}/safeguarding-record.json" download>Export the record (JSON) for the safeguarding system</a></p>`);
    }
    const approver = has(u, 'office', 'head_teacher');
    const replies = c.replies.map(
      (r) => html`<div class="card"><p><span class="badge">${words(r.state)}</span>${r.delivery ? html`<span class="badge out">${r.delivery.state}</span>` : ''}<span class="muted"> by ${r.authorId}, ${when(r.createdAt)}${r.approvedBy ? ` · approved by ${r.approvedBy}` : ''}</span></p>
<blockquote>${r.approvedBody ?? r.body}</blockquote>${r.rejectedReason ? html`<p class="muted">Rejected: ${r.rejectedReason}</p>` : ''}${r.delivery?.lastError ? html`<p class="error">${r.delivery.lastError}</p>` : ''}
${
  r.state === 'awaiting_approval' && approver
    ? html`<form method="post" action="/console/replies/${r.id}/approve">${csrf}<label for="edit-${r.id}">Edit before approving (optional)</label><textarea id="edit-${r.id}" name="editedBody" maxlength="1600">${r.body}</textarea><button type="submit">Approve and send</button></form>
<form method="post" action="/console/replies/${r.id}/reject">${csrf}<label for="rej-${r.id}">Reason for rejecting</label><input id="rej-${r.id}" name="reason" required minlength="3"><button class="secondary" type="submit">Reject</button></form>`
    : ''
}${r.state === 'failed' && approver ? html`<form method="post" action="/console/replies/${r.id}/retry">${csrf}<button type="submit">Retry sending</button></form>` : ''}</div>`,
    );
    const body = html`<h1>${c.kind === 'review' ? 'Review' : c.safeguarding ? 'Safeguarding concern' : 'Enquiry'}: ${c.topic}${c.urgency === 'urgent' ? ' (urgent)' : ''}</h1>
${notice?.error ? html`<p class="error" role="alert">${notice.error}</p>` : ''}${notice?.ok ? html`<p class="ok" role="status">${notice.ok}</p>` : ''}
<article class="card${c.urgency === 'urgent' ? ' urgent' : ''}">
<p>${c.urgency === 'urgent' ? html`<span class="badge urgent">Urgent</span>` : ''}${c.flags.map((f) => html`<span class="badge flag">${f}</span>`)}<span class="muted">${words(c.state)} · assigned to ${c.assignee?.name ?? 'nobody'} · from ${can.parents(u) ? html`<a href="/console/parents/${encodeURIComponent(c.parent?.id ?? c.message.from)}">${c.parent?.name ?? c.message.from}</a>` : (c.parent?.name ?? c.message.from)} · ${c.message.channel.toUpperCase()} · ${when(c.message.receivedAt)}</span></p>
<blockquote>${c.message.redacted ? c.message.body : highlight(c.message.body, spans)}</blockquote>${c.message.redacted ? html`<p class="muted">Words a reviewer held back are left out.</p>` : ''}
${
  c.reasons.length
    ? html`<div class="table"><table><caption class="muted">Why it was flagged or routed</caption><thead><tr><th scope="col">What</th><th scope="col">Clause and evidence</th></tr></thead><tbody>${c.reasons.map(
        (r) => html`<tr><th scope="row">${r.label}</th><td>${r.clause ?? ''}${r.evidence ? html` — “<mark>${r.evidence.text}</mark>”` : ''} <span class="muted">(${Math.round(r.confidence * 100)}%)</span></td></tr>`,
      )}</tbody></table></div>`
    : ''
}
${c.why ? html`<p class="muted">${c.why}</p>` : ''}</article>
${
  history.length
    ? html`<section class="card"><h2>This sender's recent messages</h2>${history.map(
        (m) => html`<p><span class="muted">${when(m.receivedAt)}</span> ${m.triage?.flags.map((f) => html`<span class="badge flag">${f}</span>`) ?? ''} ${m.body ?? '(withheld)'}</p>`,
      )}</section>`
    : ''
}
${c.incident ? letters(u, c, c.incident) : ''}
${
  c.safeguarding
    ? html`<section class="card"><h2>Safeguarding record</h2><p>${c.safeguarding.acknowledged ? `Acknowledged by ${c.safeguarding.acknowledged.by}, ${when(c.safeguarding.acknowledged.at)}` : html`<span class="badge flag">Not yet acknowledged</span>`}</p>
${c.safeguarding.actions.map((a) => html`<p>${when(a.at)}: <strong>${a.action}</strong> — ${a.reason} (${a.by})</p>`)}${c.safeguarding.escalations.map((e) => html`<p class="muted">${when(e.at)}: escalated to ${e.to.join(', ')}</p>`)}</section>`
    : ''
}
${replies.length ? html`<section><h2>Replies</h2>${replies}</section>` : ''}
${actions}
<section class="card"><h2>History of this case</h2><div class="table"><table><thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th></tr></thead><tbody>${c.audit.map(
      (a) => html`<tr><td>${when(a.at)}</td><td>${a.actor}</td><td>${a.action}</td></tr>`,
    )}</tbody></table></div></section>`;
    return ctx.shell(u, c.kind === 'review' ? 'Review' : 'Case', body);
  }

  ctx.get('/console/cases/:id', null, async (u, request) => casePage(u, (request.params as { id: string }).id));

  /** Run a workflow action from a form; show the case again with the outcome or the workflow's refusal. */
  function action(path: string, run: (u: SessionUser, id: string, form: Form) => Promise<{ caseId: string; done: string }>) {
    app.post(path, async (request: FastifyRequest, reply: FastifyReply) => {
      const ok = await ctx.requireForm(request, reply);
      if (!ok) return reply;
      const id = (request.params as { id: string }).id;
      try {
        const { caseId, done } = await run(ok.user, id, ok.form);
        return ctx.send(reply, await casePage(ok.user, caseId, { ok: done }));
      } catch (e) {
        if (!isSchoolgateError(e)) throw e;
        const body = await casePage(ok.user, str(ok.form, '_case') || id, { error: e.message }).catch(() => null);
        return body ? ctx.send(reply, body, statusOf(e)) : ctx.refusal(reply, ok.user, e);
      }
    });
  }

  action('/console/cases/:id/decision', async (u, id, f) => {
    const school = ctx.school(u);
    const outcome = str(f, 'outcome');
    const forwardedText = str(f, 'forwardedText').trim() || undefined;
    const responses = list(f, 'responses').map((kind) => {
      if (kind === 'meeting') {
        const at = localInputToIso(str(f, 'meetingAt'), school.timezone);
        return { kind, withStaffId: str(f, 'meetingWith'), ...(at ? { proposedAt: at } : {}) };
      }
      if (kind === 'managed_contact') {
        const note = str(f, 'mcNote').trim();
        return { kind, designatedContactId: str(f, 'mcContact'), allowedTopics: list(f, 'mcTopics'), reviewDate: str(f, 'mcReviewDate'), ...(note ? { note } : {}) };
      }
      if (kind === 'police') {
        const reference = str(f, 'policeRef').trim();
        return { kind, grounds: str(f, 'policeGrounds'), ...(reference ? { reference } : {}) };
      }
      return { kind };
    });
    const input =
      outcome === 'breach'
        ? { outcome, reason: str(f, 'reason'), breachedFlags: list(f, 'breachedFlags'), responses, ...(forwardedText ? { forwardedText } : {}) }
        : { outcome, reason: str(f, 'reason'), ...(forwardedText ? { forwardedText } : {}) };
    const r = await deps.workflow.decideReview(id, caller(u), input);
    return { caseId: id, done: `Decision recorded: ${words(r.state)}.${r.releasedCaseId ? ' The enquiry went on to its member of staff.' : ''}` };
  });
  action('/console/cases/:id/escalate', async (u, id, f) => {
    await deps.workflow.escalateReview(id, caller(u), { reason: str(f, 'reason') });
    return { caseId: id, done: 'Escalated to the head teacher.' };
  });
  action('/console/cases/:id/reassign', async (u, id, f) => {
    const reason = str(f, 'reason').trim();
    const r = await deps.workflow.reassign(id, caller(u), { toStaffId: str(f, 'toStaffId'), ...(reason ? { reason } : {}) });
    return { caseId: id, done: `Reassigned to ${ctx.school(u).staffById.get(r.assigneeId ?? '')?.name ?? r.assigneeId}.` };
  });
  action('/console/cases/:id/close', async (u, id, f) => {
    await deps.workflow.closeCase(id, caller(u), { reason: str(f, 'reason') });
    return { caseId: id, done: 'Closed.' };
  });
  action('/console/cases/:id/replies', async (u, id, f) => {
    await deps.workflow.writeReply(id, caller(u), { body: str(f, 'body') });
    return { caseId: id, done: 'Reply sent to the office for approval.' };
  });
  action('/console/cases/:id/acknowledge', async (u, id) => {
    await deps.workflow.acknowledgeSafeguarding(id, caller(u));
    return { caseId: id, done: 'Acknowledged. Escalation has stopped.' };
  });
  action('/console/cases/:id/safeguarding-actions', async (u, id, f) => {
    await deps.workflow.recordSafeguardingAction(id, caller(u), { action: str(f, 'action'), reason: str(f, 'reason') });
    return { caseId: id, done: 'Action recorded.' };
  });
  action('/console/replies/:id/approve', async (u, id, f) => {
    const edited = str(f, 'editedBody').trim();
    const r = await deps.workflow.approveReply(id, caller(u), edited ? { editedBody: edited } : {});
    return { caseId: r.case.caseId, done: 'Approved: the reply is on its way to the parent.' };
  });
  action('/console/replies/:id/reject', async (u, id, f) => {
    const r = await deps.workflow.rejectReply(id, caller(u), { reason: str(f, 'reason') });
    return { caseId: r.case.caseId, done: 'Rejected: it went back to its author.' };
  });
  action('/console/replies/:id/retry', async (u, id) => {
    const r = await deps.workflow.retrySend(id, caller(u));
    return { caseId: r.case.caseId, done: 'Sending again.' };
  });

  // A suggested draft fills the reply box; nothing is sent or stored until the member of staff submits it.
  app.post('/console/cases/:id/draft', async (request, reply) => {
    const ok = await ctx.requireForm(request, reply);
    if (!ok) return reply;
    const id = (request.params as { id: string }).id;
    try {
      if (!deps.drafts) return ctx.send(reply, await casePage(ok.user, id, { error: 'Suggested drafts are not available here.' }));
      // Drafted from what this enquiry shows its assignee: the model never sees words a reviewer held back.
      const d = await deps.drafts.draftForCase(id, caller(ok.user));
      const note =
        d.source === 'model'
          ? 'A suggested draft, worded by the AI model from the school’s template. Check it before sending it for approval.'
          : `A suggested draft from the school’s template${d.fellBack ? ' (the AI model was not used this time)' : ''}. Check it before sending it for approval.`;
      return ctx.send(reply, await casePage(ok.user, id, undefined, { text: d.text, note }));
    } catch (e) {
      return ctx.refusal(reply, ok.user, e);
    }
  });

  // Letters: the drafted text as edited in the page, as a file. Nothing is stored; the incident keeps its draft.
  app.post('/console/cases/:id/letters/:kind', async (request, reply) => {
    const ok = await ctx.requireForm(request, reply);
    if (!ok) return reply;
    const { id, kind } = request.params as { id: string; kind: string };
    try {
      const c = await deps.workflow.getCase(id, caller(ok.user)); // may they see this case at all?
      const drafted = c.incident?.responses.find((r) => r.kind === kind && 'letter' in r);
      if (!drafted) return ctx.refusal(reply, ok.user, new SchoolgateError('NOT_FOUND', `Case ${id} has no ${words(kind)} letter.`));
      const text = str(ok.form, 'text').trim() || (drafted as { letter?: string }).letter || '';
      const day = localTime(ctx.now, ctx.school(ok.user).timezone).date;
      return reply
        .header('content-disposition', `attachment; filename="${kind.replace(/_/g, '-')}-${day}.md"`)
        .header('cache-control', 'no-store')
        .type('text/markdown; charset=utf-8')
        .send(`${text}\n`);
    } catch (e) {
      return ctx.refusal(reply, ok.user, e);
    }
  });

  // The safeguarding record for the school's own system (CPOMS, MyConcern...): the same export as the JSON API.
  ctx.get('/console/cases/:id/safeguarding-record.json', null, async (u, request, reply) => {
    const id = (request.params as { id: string }).id;
    const record = await deps.workflow.safeguardingRecord(id, caller(u));
    reply
      .header('content-disposition', `attachment; filename="safeguarding-${id}.json"`)
      .header('cache-control', 'no-store')
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(record, null, 2));
    return undefined;
  });
}
