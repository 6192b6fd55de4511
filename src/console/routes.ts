import { randomBytes, timingSafeEqual } from 'node:crypto';
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Accounts, SessionUser } from '../auth/accounts';
import type { School } from '../config/load-school';
import { FLAGS } from '../domain/taxonomy';
import { isSchoolgateError } from '../errors';
import type { CaseDetail, CaseSummary, StaffCaller, WorkflowApi } from '../workflow/views';
import { Html, highlight, html, page } from './html';

/**
 * The staff console at `/`: sign-in, the queues each role works through, and a case page with the actions the
 * workflow offers. Every action calls the one workflow service as the signed-in member of staff, so the
 * permissions, states and audit trail are exactly the API's. Forms carry a per-session CSRF token.
 */

export const SESSION_COOKIE = 'sg_session';
const LOGIN_CSRF_COOKIE = 'sg_login';

export interface ConsoleDeps {
  accounts: Accounts;
  workflow: WorkflowApi;
  schools: ReadonlyMap<string, School>;
  /** Secure cookies when the console is served over https (PUBLIC_URL). */
  secureCookies: boolean;
  /** Sign-in attempts per minute per address. */
  loginPerMinute?: number;
}

type Form = Record<string, string | string[] | undefined>;
const str = (f: Form, k: string) => {
  const v = f[k];
  return (Array.isArray(v) ? v[0] : v)?.toString() ?? '';
};
const list = (f: Form, k: string) => {
  const v = f[k];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
};

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

const caller = (u: SessionUser): StaffCaller => ({ kind: 'staff', staffId: u.staffId, schoolId: u.schoolId, via: 'session' });
const has = (u: SessionUser, ...roles: string[]) => u.roles.some((r) => roles.includes(r));

export async function consoleRoutes(app: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  await app.register(cookie);
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: deps.secureCookies };

  async function signedIn(request: FastifyRequest): Promise<SessionUser | null> {
    return deps.accounts.session(request.cookies[SESSION_COOKIE]);
  }

  /** The signed-in user for a page, or a redirect to the sign-in page. */
  async function requireUser(request: FastifyRequest, reply: FastifyReply): Promise<SessionUser | null> {
    const u = await signedIn(request);
    if (!u) {
      reply.redirect('/', 303);
      return null;
    }
    return u;
  }

  /** A state-changing form: the session's CSRF token must come back with it. */
  async function requireForm(request: FastifyRequest, reply: FastifyReply): Promise<{ user: SessionUser; form: Form } | null> {
    const user = await requireUser(request, reply);
    if (!user) return null;
    const form = (request.body ?? {}) as Form;
    if (!sameToken(str(form, '_csrf'), user.csrfToken)) {
      reply.code(403).type('text/html; charset=utf-8').send(page({ title: 'Refused', body: html`<p class="error" role="alert">This form has expired or did not come from Schoolgate. Go back, reload the page and try again.</p>` }));
      return null;
    }
    return { user, form };
  }

  const schoolName = (u: SessionUser) => deps.schools.get(u.schoolId)?.name ?? u.schoolId;
  const shell = (u: SessionUser, title: string, body: Html) => page({ title, school: schoolName(u), user: { name: u.name, roles: u.roles, csrf: u.csrfToken }, body });

  // ---- sign-in ----

  function signInPage(reply: FastifyReply, error?: string, status = 200) {
    const token = randomBytes(18).toString('base64url');
    reply.setCookie(LOGIN_CSRF_COOKIE, token, { ...cookieOptions, maxAge: 3600 });
    return reply
      .code(status)
      .type('text/html; charset=utf-8')
      .send(
        page({
          title: 'Sign in',
          body: html`<h2>Sign in</h2>
<p class="muted">Staff console for parents' messages: approvals, enquiries, reviews and safeguarding.</p>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<form method="post" action="/login" class="card">
<input type="hidden" name="_csrf" value="${token}">
<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" required>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button></form>`,
        }),
      );
  }

  app.get('/', async (request, reply) => {
    if (await signedIn(request)) return reply.redirect('/console', 303);
    return signInPage(reply);
  });

  app.post(
    '/login',
    // Guessing passwords costs a minute per handful of tries from one address.
    { config: { rateLimit: { max: deps.loginPerMinute ?? 10, timeWindow: 60_000 } } },
    async (request, reply) => {
      const form = (request.body ?? {}) as Form;
      if (!sameToken(str(form, '_csrf'), request.cookies[LOGIN_CSRF_COOKIE] ?? '')) return signInPage(reply, 'The sign-in form expired. Please try again.', 403);
      const result = await deps.accounts.signIn(str(form, 'email'), str(form, 'password'));
      if (!result) return signInPage(reply, 'That email and password do not match an account.', 401);
      reply.clearCookie(LOGIN_CSRF_COOKIE, { path: '/' });
      reply.setCookie(SESSION_COOKIE, result.token, { ...cookieOptions, maxAge: 12 * 3600 });
      return reply.redirect('/console', 303);
    },
  );

  app.post('/logout', async (request, reply) => {
    const ok = await requireForm(request, reply);
    if (!ok) return reply;
    await deps.accounts.signOut(request.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/', 303);
  });

  // ---- queues ----

  async function queues(u: SessionUser): Promise<Html> {
    const me = caller(u);
    const all = (await deps.workflow.listCases(me, {}, { limit: 500 })).items;
    const open = all.filter((c) => !['closed', 'not_breach', 'breach'].includes(c.state));
    const byUrgency = (xs: CaseSummary[]) => [...xs].sort((a, b) => Number(b.urgency === 'urgent') - Number(a.urgency === 'urgent'));
    const sections: [string, string, CaseSummary[]][] = [];
    if (has(u, 'office', 'head_teacher')) sections.push(['approvals', 'Approvals', open.filter((c) => c.state === 'reply_pending_approval')]);
    if (has(u, 'dsl', 'deputy_dsl', 'head_teacher')) sections.push(['safeguarding', 'Safeguarding', open.filter((c) => c.kind === 'enquiry' && c.topic === 'safeguarding')]);
    if (has(u, 'senior_reviewer', 'head_teacher')) sections.push(['review', 'Review', open.filter((c) => c.kind === 'review')]);
    sections.push(['mine', 'My enquiries', open.filter((c) => c.kind === 'enquiry' && c.assignee?.staffId === u.staffId && c.state !== 'reply_pending_approval')]);
    return html`${sections.map(
      ([id, title, cases]) => html`<section aria-labelledby="q-${id}"><h2 id="q-${id}">${title} <span class="muted">(${cases.length})</span></h2>
${cases.length ? byUrgency(cases).map((c) => caseCard(c)) : html`<p class="muted">Nothing waiting.</p>`}</section>`,
    )}`;
  }

  function caseCard(c: CaseSummary): Html {
    const urgent = c.urgency === 'urgent';
    return html`<article class="card${urgent ? ' urgent' : ''}">
${urgent ? html`<span class="badge urgent">Urgent</span>` : ''}<span class="badge">${c.kind}</span><span class="badge">${c.topic}</span>${c.flags.map((f) => html`<span class="badge flag">${f}</span>`)}
<span class="muted">${c.state.replaceAll('_', ' ')} · ${c.parent?.name ?? c.message.from} · ${new Date(c.message.receivedAt).toLocaleString('en-GB', { timeZone: 'Europe/London' })}</span>
<p><a href="/console/cases/${c.id}">${c.message.body.length > 160 ? `${c.message.body.slice(0, 160)}…` : c.message.body}</a></p></article>`;
  }

  app.get('/console', async (request, reply) => {
    const u = await requireUser(request, reply);
    if (!u) return reply;
    const body = await queues(u);
    if ((request.query as { partial?: string }).partial) return reply.type('text/html; charset=utf-8').send(body.value);
    return reply.type('text/html; charset=utf-8').send(shell(u, 'Queues', html`<div id="queues" aria-live="polite">${body}</div>`));
  });

  // ---- a case and its actions ----

  async function casePage(u: SessionUser, id: string, notice?: { error?: string; ok?: string }): Promise<string> {
    const c: CaseDetail = await deps.workflow.getCase(id, caller(u));
    const spans = c.reasons.flatMap((r) => (r.evidence && c.message.body.slice(r.evidence.start, r.evidence.end) === r.evidence.text ? [r.evidence] : []));
    const history = c.kind === 'review' ? (await deps.workflow.listMessages(caller(u), { from: c.message.from }, { limit: 6 })).items.filter((m) => m.id !== c.message.id) : [];
    const csrf = html`<input type="hidden" name="_csrf" value="${u.csrfToken}">`;
    const open = !['closed', 'not_breach', 'breach'].includes(c.state);
    const actions: Html[] = [];
    if (c.kind === 'review' && open && has(u, 'senior_reviewer', 'head_teacher')) {
      actions.push(html`<form method="post" action="/console/cases/${c.id}/decision" class="card"><h2>Decision</h2>${csrf}
<fieldset class="checks"><legend>Outcome</legend><label><input type="radio" name="outcome" value="not_breach" required> Not a breach</label><label><input type="radio" name="outcome" value="breach"> Breach</label></fieldset>
<fieldset class="checks"><legend>Flags breached (for a breach)</legend>${FLAGS.map((f) => html`<label><input type="checkbox" name="breachedFlags" value="${f}"${c.flags.includes(f) ? new Html(' checked') : ''}> ${f}</label>`)}</fieldset>
<label for="response">Response (for a breach; code of conduct §4)</label><select id="response" name="response"><option value="warning_letter">Warning letter</option><option value="local_authority">Local authority legal advice</option><option value="police">Police (threat)</option></select>
<label for="reason">Reason</label><textarea id="reason" name="reason" required></textarea>
<label for="forwardedText">What the member of staff receives (leave empty for the suggestion)</label><textarea id="forwardedText" name="forwardedText"></textarea>
<button type="submit">Record decision</button></form>`);
    }
    if (c.kind === 'enquiry' && (c.state === 'open' || c.state === 'replied')) {
      actions.push(html`<form method="post" action="/console/cases/${c.id}/replies" class="card"><h2>Write a reply</h2>${csrf}
<label for="body">Reply to the parent (office staff approve it before it is sent)</label><textarea id="body" name="body" required maxlength="1600"></textarea><button type="submit">Send for approval</button></form>`);
    }
    if (c.safeguarding && has(u, 'dsl', 'deputy_dsl', 'head_teacher')) {
      if (!c.safeguarding.acknowledged)
        actions.push(html`<form method="post" action="/console/cases/${c.id}/acknowledge" class="card">${csrf}<button type="submit">Acknowledge this concern</button></form>`);
      actions.push(html`<form method="post" action="/console/cases/${c.id}/safeguarding-actions" class="card"><h2>Record an action</h2>${csrf}
<label for="action">Action taken</label><input id="action" name="action" required><label for="sgreason">Reason</label><textarea id="sgreason" name="reason" required></textarea><button type="submit">Record</button></form>`);
    }
    if (c.kind === 'review' && c.state === 'open' && has(u, 'senior_reviewer') && !has(u, 'head_teacher')) {
      actions.push(html`<form method="post" action="/console/cases/${c.id}/escalate" class="card"><h2>Hand to the head teacher</h2>${csrf}
<label for="esc-reason">Reason</label><input id="esc-reason" name="reason" required><button class="secondary" type="submit">Escalate</button></form>`);
    }
    if (c.kind === 'enquiry' && (c.state === 'open' || c.state === 'replied')) {
      actions.push(html`<form method="post" action="/console/cases/${c.id}/close" class="card"><h2>Close without a reply</h2>${csrf}
<label for="close-reason">Reason</label><input id="close-reason" name="reason" required><button class="secondary" type="submit">Close</button></form>`);
    }
    if (open && has(u, 'office', 'head_teacher', 'senior_reviewer', 'dsl')) {
      const staff = [...(deps.schools.get(u.schoolId)?.staffById.values() ?? [])];
      actions.push(html`<form method="post" action="/console/cases/${c.id}/reassign" class="card"><h2>Give to someone else</h2>${csrf}
<label for="to">Member of staff</label><select id="to" name="toStaffId">${staff.map((m) => html`<option value="${m.id}">${m.name} (${m.roles.join(', ')})</option>`)}</select>
<label for="re-reason">Reason (optional)</label><input id="re-reason" name="reason"><button class="secondary" type="submit">Reassign</button></form>`);
    }
    for (const r of c.replies.filter((x) => x.state === 'failed' && has(u, 'office', 'head_teacher'))) {
      actions.push(html`<form method="post" action="/console/replies/${r.id}/retry" class="card error"><h2>A reply could not be sent</h2><blockquote>${r.approvedBody ?? r.body}</blockquote>${csrf}
<p>${r.delivery?.lastError ?? ''}</p><button type="submit">Try sending again</button></form>`);
    }
    for (const r of c.replies.filter((x) => x.state === 'awaiting_approval')) {
      actions.push(html`<div class="card"><h2>Reply waiting for approval</h2><blockquote>${r.body}</blockquote>
<form method="post" action="/console/replies/${r.id}/approve">${csrf}<label for="edit-${r.id}">Edit before approving (optional)</label><textarea id="edit-${r.id}" name="editedBody">${r.body}</textarea><button type="submit">Approve and send</button></form>
<form method="post" action="/console/replies/${r.id}/reject">${csrf}<label for="rej-${r.id}">Reason for rejecting</label><input id="rej-${r.id}" name="reason" required><button class="secondary" type="submit">Reject</button></form></div>`);
    }
    const body = html`${notice?.error ? html`<p class="error" role="alert">${notice.error}</p>` : ''}${notice?.ok ? html`<p class="ok" role="status">${notice.ok}</p>` : ''}
<article class="card${c.urgency === 'urgent' ? ' urgent' : ''}"><h2>${c.kind === 'review' ? 'Review' : 'Enquiry'}: ${c.topic}${c.urgency === 'urgent' ? ' (urgent)' : ''}</h2>
<p>${c.flags.map((f) => html`<span class="badge flag">${f}</span>`)}<span class="muted">${c.state.replaceAll('_', ' ')} · assigned to ${c.assignee?.name ?? 'nobody'} · from <a href="/console/parents/${encodeURIComponent(c.message.from)}">${c.parent?.name ?? c.message.from}</a></span></p>
<blockquote>${c.message.redacted ? c.message.body : highlight(c.message.body, spans)}</blockquote>${c.message.redacted ? html`<p class="muted">Words a reviewer held back are left out.</p>` : ''}
${c.reasons.length ? html`<table><caption class="muted">Why</caption><tbody>${c.reasons.map((r) => html`<tr><th scope="row">${r.label}</th><td>${r.clause ?? ''}${r.evidence ? html` — “${r.evidence.text}”` : ''} <span class="muted">(${Math.round(r.confidence * 100)}%)</span></td></tr>`)}</tbody></table>` : ''}
${c.why ? html`<p class="muted">${c.why}</p>` : ''}</article>
${history.length ? html`<section class="card"><h2>This sender's recent messages</h2>${history.map((m) => html`<p><span class="muted">${new Date(m.receivedAt).toLocaleString('en-GB', { timeZone: 'Europe/London' })}</span> ${m.triage?.flags.map((f) => html`<span class="badge flag">${f}</span>`) ?? ''} ${m.body ?? '(withheld)'}</p>`)}</section>` : ''}
${c.safeguarding ? html`<section class="card"><h2>Safeguarding record</h2><p>${c.safeguarding.acknowledged ? `Acknowledged by ${c.safeguarding.acknowledged.by} at ${c.safeguarding.acknowledged.at}` : 'Not yet acknowledged'}</p>${c.safeguarding.actions.map((a) => html`<p>${a.at}: ${a.action} — ${a.reason} (${a.by})</p>`)}</section>` : ''}
${actions}
<section class="card"><h2>History of this case</h2><table><tbody>${c.audit.map((a) => html`<tr><td>${new Date(a.at).toLocaleString('en-GB', { timeZone: 'Europe/London' })}</td><td>${a.actor}</td><td>${a.action}</td></tr>`)}</tbody></table></section>`;
    return shell(u, 'Case', body);
  }

  /** A read page: the workflow's refusal (the wrong role) becomes a page saying so, with the right status. */
  function refusal(reply: FastifyReply, u: SessionUser, e: unknown) {
    if (!isSchoolgateError(e)) throw e;
    const status = e.code === 'FORBIDDEN' ? 403 : e.code === 'NOT_FOUND' ? 404 : 400;
    return reply.code(status).type('text/html; charset=utf-8').send(shell(u, 'Not available', html`<p class="error" role="alert">${e.message}</p><p><a href="/console">Back to the queues</a></p>`));
  }

  app.get('/console/audit', async (request, reply) => {
    const u = await requireUser(request, reply);
    if (!u) return reply;
    let page: Awaited<ReturnType<WorkflowApi['listAudit']>>;
    try {
      page = await deps.workflow.listAudit(caller(u), {}, { limit: 200 });
    } catch (e) {
      return refusal(reply, u, e);
    }
    return reply.type('text/html; charset=utf-8').send(
      shell(u, 'Audit', html`<h2>Who did what, when</h2><p class="muted">The latest 200 events you may see, newest first.</p>
<table><thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">On</th></tr></thead><tbody>${page.items.map(
        (a) => html`<tr><td>${new Date(a.at).toLocaleString('en-GB', { timeZone: 'Europe/London' })}</td><td>${a.actor}</td><td>${a.action}</td><td>${a.entityType === 'case' ? html`<a href="/console/cases/${a.entityId}">case</a>` : a.entityType}</td></tr>`,
      )}</tbody></table>`),
    );
  });

  app.get('/console/parents/:address', async (request, reply) => {
    const u = await requireUser(request, reply);
    if (!u) return reply;
    const address = (request.params as { address: string }).address;
    let thread: Awaited<ReturnType<WorkflowApi['listMessages']>>;
    try {
      thread = await deps.workflow.listMessages(caller(u), { from: address }, { limit: 200 });
    } catch (e) {
      return refusal(reply, u, e);
    }
    const name = thread.items.find((m) => m.parent)?.parent?.name ?? address;
    return reply.type('text/html; charset=utf-8').send(
      shell(u, 'Parent', html`<h2>${name}</h2><p class="muted">Every message from ${address} you may see, newest first, across SMS and Teams.</p>
${thread.items.map((m) => html`<article class="card"><span class="muted">${new Date(m.receivedAt).toLocaleString('en-GB', { timeZone: 'Europe/London' })} · ${m.channel} · ${m.status}</span> ${m.triage?.flags.map((f) => html`<span class="badge flag">${f}</span>`) ?? ''}${m.triage ? html`<span class="badge">${m.triage.topic}</span>` : ''}<p>${m.body ?? '(withheld: the words name you; another reviewer handles it)'}</p></article>`)}`),
    );
  });

  app.get('/console/cases/:id', async (request, reply) => {
    const u = await requireUser(request, reply);
    if (!u) return reply;
    try {
      return reply.type('text/html; charset=utf-8').send(await casePage(u, (request.params as { id: string }).id));
    } catch (e) {
      if (!isSchoolgateError(e)) throw e;
      const status = e.code === 'FORBIDDEN' ? 403 : e.code === 'NOT_FOUND' ? 404 : 400;
      return reply.code(status).type('text/html; charset=utf-8').send(shell(u, 'Not available', html`<p class="error" role="alert">${e.message}</p><p><a href="/console">Back to the queues</a></p>`));
    }
  });

  /** Run a workflow action from a form; show the case again with the outcome or the workflow's refusal. */
  function action(path: string, run: (u: SessionUser, id: string, form: Form) => Promise<{ caseId: string; done: string }>) {
    app.post(path, async (request, reply) => {
      const ok = await requireForm(request, reply);
      if (!ok) return reply;
      const id = (request.params as { id: string }).id;
      try {
        const { caseId, done } = await run(ok.user, id, ok.form);
        return reply.type('text/html; charset=utf-8').send(await casePage(ok.user, caseId, { ok: done }));
      } catch (e) {
        if (!isSchoolgateError(e)) throw e;
        const status = e.code === 'FORBIDDEN' ? 403 : e.code === 'NOT_FOUND' ? 404 : e.code === 'CONFLICT' || e.code === 'ILLEGAL_TRANSITION' ? 409 : 400;
        const caseId = str(ok.form, '_case') || id;
        const body = await casePage(ok.user, caseId, { error: e.message }).catch(() => shell(ok.user, 'Refused', html`<p class="error" role="alert">${e.message}</p>`));
        return reply.code(status).type('text/html; charset=utf-8').send(body);
      }
    });
  }

  action('/console/cases/:id/decision', async (u, id, f) => {
    const outcome = str(f, 'outcome');
    const forwardedText = str(f, 'forwardedText').trim() || undefined;
    const response = str(f, 'response');
    const input =
      outcome === 'breach'
        ? { outcome, reason: str(f, 'reason'), breachedFlags: list(f, 'breachedFlags'), responses: [response === 'police' ? { kind: 'police', grounds: 'threat' } : { kind: response }], forwardedText }
        : { outcome, reason: str(f, 'reason'), forwardedText };
    const r = await deps.workflow.decideReview(id, caller(u), input);
    return { caseId: id, done: `Decision recorded: ${r.state.replaceAll('_', ' ')}.` };
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
  action('/console/cases/:id/escalate', async (u, id, f) => {
    await deps.workflow.escalateReview(id, caller(u), { reason: str(f, 'reason') });
    return { caseId: id, done: 'Handed to the head teacher.' };
  });
  action('/console/cases/:id/close', async (u, id, f) => {
    await deps.workflow.closeCase(id, caller(u), { reason: str(f, 'reason') });
    return { caseId: id, done: 'Closed.' };
  });
  action('/console/cases/:id/reassign', async (u, id, f) => {
    const reason = str(f, 'reason').trim();
    await deps.workflow.reassign(id, caller(u), { toStaffId: str(f, 'toStaffId'), ...(reason ? { reason } : {}) });
    return { caseId: id, done: 'Reassigned.' };
  });
  action('/console/replies/:id/retry', async (u, id) => {
    const r = await deps.workflow.retrySend(id, caller(u));
    return { caseId: r.case.caseId, done: 'Sending again.' };
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
}

/** The API's session authenticator: the console's cookie names its member of staff. */
export function sessionAuthenticator(accounts: Accounts) {
  return async (request: FastifyRequest) => {
    const raw = request.headers.cookie;
    if (!raw) return null;
    const m = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([^;]+)`).exec(raw);
    const u = m ? await accounts.session(decodeURIComponent(m[1]!)) : null;
    return u ? { via: 'session' as const, staffId: u.staffId, schoolId: u.schoolId } : null;
  };
}
