import { randomBytes } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { PendingSignIn } from '../auth/oidc';
import { SESSION_HOURS } from '../auth/accounts';
import { isSchoolgateError } from '../errors';
import { type ConsoleContext, type Form, SESSION_COOKIE, sameToken, str } from './context';
import { html, page } from './html';

const LOGIN_CSRF_COOKIE = 'sg_login';
const OIDC_COOKIE = 'sg_oidc';

/** Sign-in with an email and password, or with Microsoft when configured; sign-out. */
export function signInRoutes(ctx: ConsoleContext): void {
  const { app, deps } = ctx;
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: deps.secureCookies };

  function startSession(reply: FastifyReply, token: string) {
    reply.clearCookie(LOGIN_CSRF_COOKIE, { path: '/' });
    reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions, maxAge: SESSION_HOURS * 3600 });
    return reply.redirect('/console', 303);
  }

  function signInPage(reply: FastifyReply, error?: string, status = 200) {
    // Login CSRF: the form's token must match this cookie, so another site cannot sign a browser in as someone else.
    const token = randomBytes(18).toString('base64url');
    reply.setCookie(LOGIN_CSRF_COOKIE, token, { ...cookieOptions, maxAge: 3600 });
    return ctx.send(
      reply,
      page({
        title: 'Sign in',
        body: html`<h1>Sign in</h1>
<p class="muted">The staff console for parents' messages: approvals, enquiries, reviews and safeguarding.</p>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<form method="post" action="/login" class="card">
<input type="hidden" name="_csrf" value="${token}">
<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" required>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button></form>
${deps.oidc ? html`<p class="card"><a class="button secondary" href="/auth/entra">Sign in with Microsoft</a></p>` : ''}`,
      }),
      status,
    );
  }

  app.get('/', async (request, reply) => {
    if (await ctx.signedIn(request)) return reply.redirect('/console', 303);
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
      return startSession(reply, result.token);
    },
  );

  app.post('/logout', async (request, reply) => {
    const ok = await ctx.requireForm(request, reply);
    if (!ok) return reply;
    await deps.accounts.signOut(request.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/', 303);
  });

  const oidc = deps.oidc;
  if (!oidc) return;

  app.get('/auth/entra', { config: { rateLimit: { max: deps.loginPerMinute ?? 10, timeWindow: 60_000 } } }, async (_request, reply) => {
    try {
      const { url, pending } = await oidc.start();
      reply.setCookie(OIDC_COOKIE, JSON.stringify(pending), { ...cookieOptions, maxAge: 600, signed: true });
      return reply.redirect(url, 302);
    } catch (e) {
      if (!isSchoolgateError(e)) throw e;
      return signInPage(reply, e.message, 502);
    }
  });

  app.get('/auth/entra/callback', { config: { rateLimit: { max: deps.loginPerMinute ?? 10, timeWindow: 60_000 } } }, async (request, reply) => {
    const cookie = request.cookies[OIDC_COOKIE];
    const unsigned = cookie ? request.unsignCookie(cookie) : null;
    reply.clearCookie(OIDC_COOKIE, { path: '/' });
    let pending: PendingSignIn | null = null;
    try {
      pending = unsigned?.valid && unsigned.value ? PendingSignIn.parse(JSON.parse(unsigned.value)) : null;
    } catch {
      pending = null;
    }
    if (!pending) return signInPage(reply, 'The Microsoft sign-in expired or did not start here. Please try again.', 403);
    try {
      const identity = await oidc.finish(new URL(request.url, 'http://callback.invalid').search, pending);
      const result = await deps.accounts.signInVerified(identity.email);
      if (!result)
        return signInPage(reply, `${identity.email} signed in with Microsoft, but no member of staff in the school file has that email. Ask an admin to add you.`, 403);
      return startSession(reply, result.token);
    } catch (e) {
      if (!isSchoolgateError(e)) throw e;
      return signInPage(reply, e.message, 401);
    }
  });
}
