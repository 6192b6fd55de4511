import { isSchoolgateError } from '../errors';
import { type ConsoleContext, can, str } from './context';
import { type Html, html, when } from './html';

/** Accounts, for a school's admins: who can sign in, add a member of staff from the school file, remove one. */
export function accountRoutes(ctx: ConsoleContext): void {
  const { app, deps } = ctx;

  async function accountsPage(u: Parameters<typeof can.accounts>[0], notice?: { ok?: string; error?: string }): Promise<string> {
    const school = ctx.school(u);
    const accounts = await deps.accounts.list(u.schoolId);
    const csrf = ctx.csrfField(u);
    const rows: Html[] = accounts.map(
      (a) => html`<tr><td>${a.name ?? a.staffId}</td><td>${a.email}</td><td>${a.admin ? 'admin' : ''}</td><td>${a.hasPassword ? 'password' : 'Microsoft only'}</td><td>${when(a.createdAt, school.timezone)}</td>
<td>${a.id === u.userId ? html`<span class="muted">you</span>` : html`<form method="post" action="/console/accounts/${a.id}/remove">${csrf}<button class="secondary" type="submit" aria-label="Remove ${a.email}">Remove</button></form>`}</td></tr>`,
    );
    return ctx.shell(
      u,
      'Accounts',
      html`<h1>Accounts</h1>${notice?.error ? html`<p class="error" role="alert">${notice.error}</p>` : ''}${notice?.ok ? html`<p class="ok" role="status">${notice.ok}</p>` : ''}
<p class="muted">What each person may do comes from their roles in the school file. ${deps.oidc ? 'Staff whose school-file email matches their Microsoft account can also sign in with Microsoft without an account here.' : ''}</p>
<div class="table"><table><thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Admin</th><th scope="col">Signs in with</th><th scope="col">Added</th><th scope="col"><span class="muted">Action</span></th></tr></thead><tbody>${rows}</tbody></table></div>
<form method="post" action="/console/accounts" class="card"><h2>Add an account</h2>${csrf}
<label for="staff">Member of staff</label><select id="staff" name="staff">${[...school.staffById.values()].map((s) => html`<option value="${s.id}">${s.name} (${s.roles.join(', ')})</option>`)}</select>
<label for="newEmail">Email they sign in with</label><input id="newEmail" name="email" type="email" required>
<label for="newPassword">A first password (12+ characters; tell them to keep it safe)</label><input id="newPassword" name="password" type="password" autocomplete="new-password" minlength="12" required>
<div class="checks"><label><input type="checkbox" name="admin" value="1"> Admin (manages accounts)</label></div>
<button type="submit">Add account</button></form>`,
      '/console/accounts',
    );
  }

  ctx.get('/console/accounts', can.accounts, (u) => accountsPage(u));

  app.post('/console/accounts', async (request, reply) => {
    const ok = await ctx.requireForm(request, reply);
    if (!ok) return reply;
    if (!can.accounts(ok.user)) return ctx.send(reply, ctx.shell(ok.user, 'Refused', html`<h1>Refused</h1><p class="error" role="alert">Only an admin can add accounts.</p>`), 403);
    const f = ok.form;
    try {
      await deps.accounts.addUser(
        { school: ok.user.schoolId, staff: str(f, 'staff'), email: str(f, 'email'), password: str(f, 'password'), admin: str(f, 'admin') === '1' },
        `staff:${ok.user.staffId}`,
      );
      return ctx.send(reply, await accountsPage(ok.user, { ok: `Added ${str(f, 'email')}.` }));
    } catch (e) {
      if (!isSchoolgateError(e)) throw e;
      return ctx.send(reply, await accountsPage(ok.user, { error: e.message }), e.code === 'CONFLICT' ? 409 : 400);
    }
  });

  app.post('/console/accounts/:id/remove', async (request, reply) => {
    const ok = await ctx.requireForm(request, reply);
    if (!ok) return reply;
    try {
      await deps.accounts.remove(ok.user.schoolId, (request.params as { id: string }).id, ok.user);
      return ctx.send(reply, await accountsPage(ok.user, { ok: 'Account removed; its sessions have ended.' }));
    } catch (e) {
      if (!isSchoolgateError(e)) throw e;
      return ctx.send(reply, await accountsPage(ok.user, { error: e.message }).catch(() => ctx.shell(ok.user, 'Refused', html`<p class="error" role="alert">${e.message}</p>`)), e.code === 'FORBIDDEN' ? 403 : 400);
    }
  });
}
