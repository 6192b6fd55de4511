import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleServer, PASSWORD, startConsoleServer } from './harness';

/** The console's HTTP contract, without a browser: sign-in, sessions, CSRF, and the API's 401/403. */
describe('the staff console over HTTP', () => {
  let s: ConsoleServer;
  beforeAll(async () => {
    s = await startConsoleServer();
  });
  afterAll(async () => {
    await s?.close();
  });

  /** GET the sign-in page: its login-CSRF cookie and hidden token. */
  async function loginForm() {
    const res = await fetch(`${s.base}/`);
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    const token = /name="_csrf" value="([^"]+)"/.exec(await res.text())![1]!;
    return { cookie, token };
  }
  async function signIn(email: string, password = PASSWORD) {
    const { cookie, token } = await loginForm();
    return fetch(`${s.base}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ _csrf: token, email, password }),
    });
  }
  async function session(email: string) {
    const res = await signIn(email);
    expect(res.status).toBe(303);
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('sg_session='))!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Secure/); // PUBLIC_URL is https
    return setCookie.split(';')[0]!;
  }

  it('GET / is the sign-in page', async () => {
    const res = await fetch(`${s.base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const page = await res.text();
    expect(page).toMatch(/<h1>Sign in<\/h1>/);
    expect(page).toMatch(/<label for="email">Email<\/label><input id="email"/);
  });

  it('refuses a wrong password and a form without its token', async () => {
    const wrong = await signIn('karen@rossmore.example', 'not the password at all');
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toMatch(/do not match an account/);
    const forged = await fetch(`${s.base}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: 'karen@rossmore.example', password: PASSWORD }),
    });
    expect(forged.status).toBe(403);
  });

  it('every /api/v1 call without a session or token is 401; a session works, as its own member of staff only', async () => {
    for (const path of ['/api/v1/cases', '/api/v1/messages', '/api/v1/incidents', '/api/v1/audit', '/api/v1/jobs/failed'])
      expect((await fetch(s.base + path)).status, path).toBe(401);
    const cookie = await session('hughes@rossmore.example');
    expect((await fetch(`${s.base}/api/v1/cases`, { headers: { cookie } })).status).toBe(200);
    expect((await fetch(`${s.base}/api/v1/cases`, { headers: { cookie, 'x-schoolgate-staff': 'macey' } })).status).toBe(403);
  });

  it('a state-changing form without the session’s CSRF token is refused with 403', async () => {
    const cookie = await session('karen@rossmore.example');
    const res = await fetch(`${s.base}/console/replies/00000000-0000-4000-8000-000000000000/approve`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ editedBody: 'x' }),
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/did not come from Schoolgate/);
  });

  it('the wrong role: a class teacher sees no review queue and cannot open a review (403)', async () => {
    await s.text('+447700900283', 'You are a useless teacher Mr Hughes.');
    const review = await s.until(async () => {
      const r = await fetch(`${s.base}/api/v1/cases?kind=review`, { headers: { authorization: 'Bearer console-api-token-0123456789' } });
      return ((await r.json()) as { cases: { id: string }[] }).cases[0];
    }, 'the review case');
    const cookie = await session('hughes@rossmore.example');
    const queues = await (await fetch(`${s.base}/console`, { headers: { cookie } })).text();
    expect(queues).not.toMatch(/>Review </);
    expect(queues).toMatch(/My enquiries/);
    const res = await fetch(`${s.base}/console/cases/${review.id}`, { headers: { cookie } });
    expect(res.status).toBe(403);
    expect((await fetch(`${s.base}/api/v1/cases/${review.id}`, { headers: { cookie } })).status).toBe(403);
  });

  it('shows a parent’s whole thread and the audit trail; closes an enquiry from its page', async () => {
    await s.text('+447700900158', 'Kai will be late in tomorrow, dentist at 9.');
    const cookie = await session('karen@rossmore.example');
    const thread = await s.until(async () => {
      const t = await (await fetch(`${s.base}/console/parents/${encodeURIComponent('+447700900158')}`, { headers: { cookie } })).text();
      return t.includes('dentist at 9') && t.includes('triaged') ? t : null;
    }, 'the triaged message in the thread');
    expect(thread).toMatch(/<h2>Mr(s)? .*Clarke|<h2>.*<\/h2>/);
    const enquiry = await s.until(async () => {
      const r = await fetch(`${s.base}/api/v1/cases?kind=enquiry`, { headers: { cookie } });
      return ((await r.json()) as { cases: { id: string; message: { body: string } }[] }).cases.find((c) => c.message.body.includes('dentist at 9'));
    }, 'the enquiry');
    const page = await (await fetch(`${s.base}/console/cases/${enquiry.id}`, { headers: { cookie } })).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
    const closed = await fetch(`${s.base}/console/cases/${enquiry.id}/close`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ _csrf: csrf, reason: 'noted in the register' }),
    });
    expect(closed.status).toBe(200);
    expect(await closed.text()).toMatch(/role="status">Closed\./);
    const office = await fetch(`${s.base}/console/audit`, { headers: { cookie } });
    expect(office.status).toBe(403); // the audit log is for oversight roles
    const head = await session('harrison@rossmore.example');
    expect(await (await fetch(`${s.base}/console/audit`, { headers: { cookie: head } })).text()).toMatch(/enquiry\.close/);
  });

  it('limits sign-in attempts from one address', async () => {
    let limited = false;
    for (let i = 0; i < 15 && !limited; i++) limited = (await signIn('nobody@rossmore.example', 'wrong password 123')).status === 429;
    expect(limited).toBe(true);
  });
});
