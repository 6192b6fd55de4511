import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Accounts, SessionUser } from '../auth/accounts';
import type { OidcSignIn } from '../auth/oidc';
import { CONSOLE_ROLE_LABELS } from '../auth/roles';
import type { ParentChannelIngest } from '../channels/parent-channel';
import type { School } from '../config/load-school';
import type { Role } from '../domain/taxonomy';
import { isSchoolgateError, type SchoolgateError } from '../errors';
import type { ReplyDraftsApi } from '../replies/views';
import type { StaffCaller, WorkflowApi } from '../workflow/views';
import { type Html, html, type NavItem, page } from './html';

export const SESSION_COOKIE = 'sg_session';

export interface ConsoleDeps {
  accounts: Accounts;
  workflow: WorkflowApi;
  schools: ReadonlyMap<string, School>;
  /** Secure cookies when the console is served over https (PUBLIC_URL). */
  secureCookies: boolean;
  /** Signs the short-lived sign-in cookies; a random one per process when unset (SCHOOLGATE_SESSION_SECRET). */
  cookieSecret?: string;
  /** Sign-in attempts per minute per address. */
  loginPerMinute?: number;
  /** How often queues refresh in the browser, in seconds. */
  refreshSeconds?: number;
  /** Microsoft Entra ID sign-in, when ENTRA_* are set. */
  oidc?: OidcSignIn;
  /** Suggested reply drafts (templates, worded by the model for schools in the OpenAI mode). */
  drafts?: ReplyDraftsApi;
  /** The simulator page (SCHOOLGATE_SIMULATOR=on): texts typed in it go through this ingest, as SMS. */
  simulator?: { ingest: ParentChannelIngest } | null;
  clock?: () => Date;
}

export type Form = Record<string, string | string[] | undefined>;
export const str = (f: Form, k: string) => {
  const v = f[k];
  return (Array.isArray(v) ? v[0] : v)?.toString() ?? '';
};
export const list = (f: Form, k: string): string[] => {
  const v = f[k];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
};

export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

export const caller = (u: SessionUser): StaffCaller => ({ kind: 'staff', staffId: u.staffId, schoolId: u.schoolId, via: 'session' });
export const has = (u: SessionUser, ...roles: Role[]) => u.roles.some((r) => (roles as readonly string[]).includes(r));

/** Who sees which page. The workflow refuses the same things again; this only keeps the menus honest. */
export const can = {
  approvals: (u: SessionUser) => has(u, 'office', 'head_teacher'),
  review: (u: SessionUser) => has(u, 'senior_reviewer', 'head_teacher'),
  safeguarding: (u: SessionUser) => has(u, 'dsl', 'deputy_dsl', 'head_teacher'),
  parents: (u: SessionUser) => has(u, 'office', 'head_teacher', 'senior_reviewer', 'dsl', 'deputy_dsl'),
  audit: (u: SessionUser) => has(u, 'senior_reviewer', 'head_teacher'),
  accounts: (u: SessionUser) => u.admin,
};

export const statusOf = (e: SchoolgateError) =>
  e.code === 'FORBIDDEN' ? 403 : e.code === 'NOT_FOUND' ? 404 : e.code === 'CONFLICT' || e.code === 'ILLEGAL_TRANSITION' ? 409 : e.code === 'UNAUTHENTICATED' ? 401 : e.code === 'UPSTREAM_FAILED' ? 502 : 400;

/** The plumbing every console page shares: who is signed in, CSRF, the page frame and the menus. */
export class ConsoleContext {
  constructor(
    readonly app: FastifyInstance,
    readonly deps: ConsoleDeps,
  ) {}

  get now(): Date {
    return this.deps.clock?.() ?? new Date();
  }

  school(u: SessionUser): School {
    return this.deps.schools.get(u.schoolId)!;
  }

  signedIn(request: FastifyRequest): Promise<SessionUser | null> {
    return this.deps.accounts.session(request.cookies[SESSION_COOKIE]);
  }

  /** The signed-in user for a page, or a redirect to the sign-in page. */
  async requireUser(request: FastifyRequest, reply: FastifyReply): Promise<SessionUser | null> {
    const u = await this.signedIn(request);
    if (!u) {
      reply.redirect('/', 303);
      return null;
    }
    return u;
  }

  /** A state-changing form: the session's CSRF token must come back with it (403 otherwise). */
  async requireForm(request: FastifyRequest, reply: FastifyReply): Promise<{ user: SessionUser; form: Form } | null> {
    const user = await this.requireUser(request, reply);
    if (!user) return null;
    const form = (request.body ?? {}) as Form;
    if (!sameToken(str(form, '_csrf'), user.csrfToken)) {
      reply
        .code(403)
        .type('text/html; charset=utf-8')
        .send(this.shell(user, 'Refused', html`<h1>Refused</h1><p class="error" role="alert">This form has expired or did not come from Schoolgate. Go back, reload the page and try again.</p>`));
      return null;
    }
    return { user, form };
  }

  nav(u: SessionUser): NavItem[] {
    const items: NavItem[] = [{ href: '/console', label: 'Queues' }];
    if (can.approvals(u)) items.push({ href: '/console/approvals', label: 'Approvals' });
    items.push({ href: '/console/enquiries', label: 'My enquiries' });
    if (can.review(u)) items.push({ href: '/console/review', label: 'Review' });
    if (can.safeguarding(u)) items.push({ href: '/console/safeguarding', label: 'Safeguarding' });
    if (can.parents(u)) items.push({ href: '/console/parents', label: 'Parents' });
    if (can.audit(u)) items.push({ href: '/console/audit', label: 'Audit' });
    if (this.deps.simulator && u.admin) items.push({ href: '/console/simulator', label: 'Simulator' });
    if (can.accounts(u)) items.push({ href: '/console/accounts', label: 'Accounts' });
    return items;
  }

  shell(u: SessionUser, title: string, body: Html, current?: string): string {
    return page({
      title,
      school: this.school(u)?.name ?? u.schoolId,
      user: { name: u.name, roles: u.consoleRoles.filter((r) => r !== 'staff' || u.consoleRoles.length === 1).map((r) => CONSOLE_ROLE_LABELS[r]).join(', '), csrf: u.csrfToken },
      nav: this.nav(u),
      current,
      body,
    });
  }

  csrfField(u: SessionUser): Html {
    return html`<input type="hidden" name="_csrf" value="${u.csrfToken}">`;
  }

  send(reply: FastifyReply, body: string, status = 200) {
    return reply.code(status).type('text/html; charset=utf-8').send(body);
  }

  /** A page's own refusal (the workflow's message) in the frame, with the matching status. */
  refusal(reply: FastifyReply, u: SessionUser, e: unknown) {
    if (!isSchoolgateError(e)) throw e;
    return this.send(reply, this.shell(u, 'Not available', html`<h1>Not available</h1><p class="error" role="alert">${e.message}</p><p><a href="/console">Back to the queues</a></p>`), statusOf(e));
  }

  /** GET a page for a signed-in user; `partial` pages answer ?partial=1 with just their refreshing part. */
  get(path: string, allowed: ((u: SessionUser) => boolean) | null, render: (u: SessionUser, request: FastifyRequest, reply: FastifyReply) => Promise<string | { partial: Html; full: string } | undefined>) {
    this.app.get(path, async (request, reply) => {
      const u = await this.requireUser(request, reply);
      if (!u) return reply;
      if (allowed && !allowed(u))
        return this.send(reply, this.shell(u, 'Not available', html`<h1>Not available</h1><p class="error" role="alert">${u.name} cannot open this page with their roles in the school file.</p><p><a href="/console">Back to the queues</a></p>`), 403);
      try {
        const out = await render(u, request, reply);
        if (out === undefined) return reply;
        if (typeof out === 'string') return this.send(reply, out);
        return this.send(reply, (request.query as { partial?: string }).partial ? out.partial.value : out.full);
      } catch (e) {
        return this.refusal(reply, u, e);
      }
    });
  }
}
