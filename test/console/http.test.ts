import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_TOKEN, type ConsoleServer, httpSession, OTHER_SCHOOL_NUMBER, PASSWORD, PUBLIC, startConsoleServer } from './harness';

/**
 * The console's HTTP contract, without a browser: sign-in (local and Microsoft Entra ID), sessions, CSRF, the
 * login limit, the API's 401/403 for every route, roles, and one school never seeing another's data.
 */
const TENANT = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const CLIENT_ID = 'schoolgate-console-client';
const AUTHORITY = 'https://login.microsoftonline.com';
const ISSUER = `${AUTHORITY}/${TENANT}/v2.0`;

describe('the staff console over HTTP', () => {
  let s: ConsoleServer;
  beforeAll(async () => {
    s = await startConsoleServer({
      secondSchool: true,
      env: { ENTRA_TENANT_ID: TENANT, ENTRA_CLIENT_ID: CLIENT_ID, ENTRA_CLIENT_SECRET: 'entra-client-secret' },
    });
  });
  afterAll(async () => {
    await s?.close();
  });

  const bearer = { authorization: `Bearer ${API_TOKEN}` };
  async function signIn(email: string, password = PASSWORD) {
    const form = await fetch(`${s.base}/`);
    const cookie = form.headers.get('set-cookie')!.split(';')[0]!;
    const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
    return fetch(`${s.base}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ _csrf: token, email, password }),
    });
  }
  const session = (email: string) => httpSession(s.base, email);
  const casesVia = async (headers: Record<string, string>, query = '') =>
    ((await (await fetch(`${s.base}/api/v1/cases${query}`, { headers })).json()) as { cases: { id: string; kind: string; topic: string; schoolId: string; message: { body: string } }[] }).cases;
  const caseWith = (text: string, kind: 'review' | 'enquiry') =>
    s.until(async () => (await casesVia(bearer, `?kind=${kind}`)).find((c) => c.message.body.includes(text)), `the ${kind} for "${text}"`);

  it('GET / is the sign-in page, with Microsoft sign-in when Entra is configured', async () => {
    const res = await fetch(`${s.base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const page = await res.text();
    expect(page).toMatch(/<h1>Sign in<\/h1>/);
    expect(page).toMatch(/<label for="password">Password<\/label><input id="password" name="password" type="password"/);
    expect(page).toMatch(/href="\/auth\/entra">Sign in with Microsoft/);
  });

  it('signs in with a password into an HttpOnly, SameSite=Lax, Secure cookie; refuses a wrong password and a form without its token', async () => {
    const { setCookie } = await session('karen@rossmore.example');
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Secure/); // PUBLIC_URL is https
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

  it('every /api/v1 route refuses a caller without a session or token (401), and a wrong token (401)', async () => {
    // Every route the server has under /api/v1, read from Fastify itself so a new route cannot be missed.
    const routes = routesOf(s.sg.app.printRoutes({ commonPrefix: false }))
      .filter((r) => r.path.startsWith('/api/v1/'))
      .flatMap((r) => r.methods.filter((m) => m !== 'HEAD').map((method) => ({ method, path: r.path.replace(/:[a-z]+/gi, randomUUID()) })));
    expect(routes.length).toBeGreaterThan(15);
    for (const r of routes) {
      const init = { method: r.method, headers: { 'content-type': 'application/json' }, ...(r.method === 'POST' ? { body: '{}' } : {}) };
      expect((await fetch(s.base + r.path, init)).status, `${r.method} ${r.path}`).toBe(401);
      expect((await fetch(s.base + r.path, { ...init, headers: { ...init.headers, authorization: 'Bearer wrong-token-123' } })).status, `${r.method} ${r.path} with a wrong token`).toBe(401);
    }
    const { cookie } = await session('hughes@rossmore.example');
    expect((await fetch(`${s.base}/api/v1/cases`, { headers: { cookie } })).status).toBe(200);
    // A session acts only as its own member of staff.
    expect((await fetch(`${s.base}/api/v1/cases`, { headers: { cookie, 'x-schoolgate-staff': 'macey' } })).status).toBe(403);
  });

  it('the wrong role gets 403, in the API and the console: a class teacher, and the office deciding a review', async () => {
    await s.text('+447700900283', 'You are a useless teacher Mr Hughes.');
    const review = await caseWith('useless teacher', 'review');
    const teacher = await session('hughes@rossmore.example');
    for (const path of ['/api/v1/messages', '/api/v1/incidents', '/api/v1/audit', '/api/v1/parents', '/api/v1/jobs/failed', `/api/v1/cases/${review.id}`])
      expect((await fetch(s.base + path, { headers: { cookie: teacher.cookie } })).status, path).toBe(403);
    for (const path of ['/console/review', '/console/approvals', '/console/safeguarding', '/console/parents', '/console/audit', '/console/accounts', `/console/cases/${review.id}`])
      expect((await fetch(s.base + path, { headers: { cookie: teacher.cookie } })).status, path).toBe(403);
    const queues = await (await fetch(`${s.base}/console`, { headers: { cookie: teacher.cookie } })).text();
    expect(queues).not.toMatch(/href="\/console\/review"/);
    expect(queues).toMatch(/My enquiries/);

    const office = await session('karen@rossmore.example');
    const decide = await fetch(`${s.base}/api/v1/cases/${review.id}/decision`, {
      method: 'POST',
      headers: { cookie: office.cookie, 'content-type': 'application/json', 'x-schoolgate-csrf': office.csrf },
      body: JSON.stringify({ outcome: 'not_breach', reason: 'not for the office to decide' }),
    });
    expect(decide.status).toBe(403);
    const form = await fetch(`${s.base}/console/cases/${review.id}/decision`, {
      method: 'POST',
      headers: { cookie: office.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: office.csrf, outcome: 'not_breach', reason: 'not for the office to decide' }),
    });
    expect(form.status).toBe(403);
    expect(await form.text()).toMatch(/role="alert">Karen Wright cannot/);
  });

  it('CSRF: a console form without the session’s token, and an API change with the cookie but no CSRF header, are refused (403)', async () => {
    const office = await session('karen@rossmore.example');
    const noToken = await fetch(`${s.base}/console/replies/${randomUUID()}/approve`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: office.cookie },
      body: new URLSearchParams({ editedBody: 'x' }),
    });
    expect(noToken.status).toBe(403);
    expect(await noToken.text()).toMatch(/did not come from Schoolgate/);

    await s.text('+447700900158', 'Kai has a dentist appointment at 9 on Friday, he will be in after.');
    const enquiry = await caseWith('dentist appointment', 'enquiry');
    const close = (headers: Record<string, string>) =>
      fetch(`${s.base}/api/v1/cases/${enquiry.id}/close`, { method: 'POST', headers: { cookie: office.cookie, 'content-type': 'application/json', ...headers }, body: JSON.stringify({ reason: 'noted in the register' }) });
    expect((await close({})).status).toBe(403);
    expect((await close({ 'x-schoolgate-csrf': 'not-the-token' })).status).toBe(403);
    expect((await close({ 'x-schoolgate-csrf': office.csrf })).status).toBe(200);
  });

  it('Parents: one parent’s thread across SMS and Teams with the managed contact’s review date; Audit for oversight roles only', async () => {
    await s.text('+447700900992', 'Leo will be off today with a cold.');
    // A Teams message goes through the same ingest as the Teams channel's webhook would.
    await s.sg.ingest.acceptInbound({
      channel: 'teams',
      providerMessageId: `teams-${randomUUID()}`,
      from: '29:parent-whitfield',
      to: '+447700900001',
      body: 'Can Amelia bring her recorder on Thursday?',
      media: [],
      receivedAt: new Date().toISOString(),
    });
    const office = await session('karen@rossmore.example');
    const leo = await s.until(async () => {
      const t = await (await fetch(`${s.base}/console/parents/leo-mum`, { headers: { cookie: office.cookie } })).text();
      return t.includes('off today with a cold') && t.includes('triaged') ? t : null;
    }, 'the triaged text in the thread');
    expect(leo).toMatch(/<h1>Kelly Moss<\/h1>/);
    expect(leo).toMatch(/Contact only through Mr Okafor/);
    expect(leo).toMatch(/Review date: <strong>2027-01-15<\/strong>/);
    expect(leo).toMatch(/class="badge out">acknowledgement/); // the managed-contact acknowledgement went back
    const amelia = await s.until(async () => {
      const t = await (await fetch(`${s.base}/console/parents/amelia-mum`, { headers: { cookie: office.cookie } })).text();
      return t.includes('recorder on Thursday') ? t : null;
    }, 'the Teams message in the thread');
    expect(amelia).toMatch(/<span class="badge">TEAMS<\/span>/);
    // The same, through the JSON API; an address finds its parent too.
    const api = (await (await fetch(`${s.base}/api/v1/parents/${encodeURIComponent('+447700900992')}?school=rossmore`, { headers: bearer })).json()) as {
      parent: { id: string; managedContact: { reviewDate: string } | null; thread: { body: string }[]; incidents: unknown[] | null };
    };
    expect(api.parent.id).toBe('leo-mum');
    expect(api.parent.managedContact?.reviewDate).toBe('2027-01-15');
    expect(api.parent.thread.some((e) => e.body === 'Leo will be off today with a cold.')).toBe(true);
    expect(((await (await fetch(`${s.base}/api/v1/parents/leo-mum`, { headers: { cookie: office.cookie } })).json()) as typeof api).parent.incidents).toBeNull(); // incidents: oversight only

    expect((await fetch(`${s.base}/console/audit`, { headers: { cookie: office.cookie } })).status).toBe(403);
    const head = await session('harrison@rossmore.example');
    const audit = await (await fetch(`${s.base}/console/audit`, { headers: { cookie: head.cookie } })).text();
    expect(audit).toMatch(/message\.triaged/);
    expect(audit).toMatch(/enquiry\.close|case\.closed|close/);
  });

  it('no one sees another school’s data: Ashgrove’s head sees none of Rossmore’s cases, messages or parents', async () => {
    await s.text('+447700900021', 'Jake forgot his PE kit, can I drop it at the office?', SCHOOL_ROSSMORE);
    await s.text('+447700900021', 'Jake will be late to school tomorrow, he has a dentist appointment at 9. Ashgrove now', OTHER_SCHOOL_NUMBER);
    const rossmoreCase = await caseWith('PE kit', 'enquiry');
    const ashgroveCase = await caseWith('Ashgrove now', 'enquiry');
    expect(rossmoreCase.schoolId).toBe('rossmore');
    expect(ashgroveCase.schoolId).toBe('ashgrove');
    const ash = await session('harrison@ashgrove.example');
    const mine = await casesVia({ cookie: ash.cookie });
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((c) => c.schoolId === 'ashgrove')).toBe(true);
    expect((await fetch(`${s.base}/console/cases/${rossmoreCase.id}`, { headers: { cookie: ash.cookie } })).status).toBe(404);
    expect((await fetch(`${s.base}/api/v1/cases/${rossmoreCase.id}`, { headers: { cookie: ash.cookie } })).status).toBe(404);
    const queues = await (await fetch(`${s.base}/console`, { headers: { cookie: ash.cookie } })).text();
    expect(queues).toMatch(/Ashgrove School/);
    expect(queues).not.toMatch(/PE kit/);
    const parents = (await (await fetch(`${s.base}/api/v1/parents`, { headers: { cookie: ash.cookie } })).json()) as { parents: { schoolId: string }[] };
    expect(parents.parents.length).toBeGreaterThan(0);
    expect(parents.parents.every((p) => p.schoolId === 'ashgrove')).toBe(true);
    const messages = (await (await fetch(`${s.base}/api/v1/messages`, { headers: { cookie: ash.cookie } })).json()) as { messages: { schoolId: string }[] };
    expect(messages.messages.every((m) => m.schoolId === 'ashgrove')).toBe(true);
    // Their accounts page lists Ashgrove's accounts only.
    const accounts = await (await fetch(`${s.base}/console/accounts`, { headers: { cookie: ash.cookie } })).text();
    expect(accounts).toMatch(/harrison@ashgrove\.example/);
    expect(accounts).not.toMatch(/rossmore\.example/);
  });

  it('signs in with Microsoft Entra ID (OpenID Connect, PKCE): a member of staff matched by their school-file email; a stranger is refused', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', alg: 'RS256' };
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const idToken = (claims: Record<string, unknown>) => {
      const head = b64({ alg: 'RS256', typ: 'JWT', kid: 'test-key' });
      const body = b64(claims);
      return `${head}.${body}.${sign('sha256', Buffer.from(`${head}.${body}`), privateKey).toString('base64url')}`;
    };
    nock(AUTHORITY)
      .persist()
      .get(`/${TENANT}/v2.0/.well-known/openid-configuration`)
      .reply(200, {
        issuer: ISSUER,
        authorization_endpoint: `${AUTHORITY}/${TENANT}/oauth2/v2.0/authorize`,
        token_endpoint: `${AUTHORITY}/${TENANT}/oauth2/v2.0/token`,
        jwks_uri: `${AUTHORITY}/${TENANT}/discovery/v2.0/keys`,
        response_types_supported: ['code'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
      })
      .get(`/${TENANT}/discovery/v2.0/keys`)
      .reply(200, { keys: [jwk] });

    async function microsoftSignIn(email: string) {
      const start = await fetch(`${s.base}/auth/entra`, { redirect: 'manual' });
      expect(start.status).toBe(302);
      const to = new URL(start.headers.get('location')!);
      expect(to.origin + to.pathname).toBe(`${AUTHORITY}/${TENANT}/oauth2/v2.0/authorize`);
      expect(to.searchParams.get('client_id')).toBe(CLIENT_ID);
      expect(to.searchParams.get('redirect_uri')).toBe(`${PUBLIC}/auth/entra/callback`);
      expect(to.searchParams.get('code_challenge_method')).toBe('S256');
      const cookie = start.headers.getSetCookie().find((c) => c.startsWith('sg_oidc='))!.split(';')[0]!;
      const now = Math.floor(Date.now() / 1000);
      let tokenRequest: URLSearchParams | null = null;
      nock(AUTHORITY)
        .post(`/${TENANT}/oauth2/v2.0/token`, (b: Record<string, string>) => {
          tokenRequest = new URLSearchParams(b);
          return true;
        })
        .reply(200, {
          access_token: 'access-token',
          token_type: 'Bearer',
          expires_in: 3600,
          id_token: idToken({ iss: ISSUER, aud: CLIENT_ID, sub: `sub-${email}`, tid: TENANT, iat: now, nbf: now, exp: now + 3600, nonce: to.searchParams.get('nonce'), preferred_username: email, name: 'Someone' }),
        });
      const back = await fetch(`${s.base}/auth/entra/callback?code=the-code&state=${to.searchParams.get('state')}`, { redirect: 'manual', headers: { cookie } });
      return { back, tokenRequest: tokenRequest as URLSearchParams | null };
    }

    // Mrs Begum has no account: her school-file email (senco@rossmore.example) is enough.
    const ok = await microsoftSignIn('senco@rossmore.example');
    expect(ok.back.status).toBe(303);
    expect(ok.tokenRequest?.get('code')).toBe('the-code');
    expect(ok.tokenRequest?.get('redirect_uri')).toBe(`${PUBLIC}/auth/entra/callback`);
    expect(ok.tokenRequest?.get('code_verifier')?.length).toBeGreaterThanOrEqual(43);
    const session = ok.back.headers.getSetCookie().find((c) => c.startsWith('sg_session='))!.split(';')[0]!;
    const page = await (await fetch(`${s.base}/console`, { headers: { cookie: session } })).text();
    expect(page).toMatch(/Mrs Begum/);

    const stranger = await microsoftSignIn('someone@elsewhere.example');
    expect(stranger.back.status).toBe(403);
    expect(await stranger.back.text()).toMatch(/no member of staff in the school file has that email/);
    // A callback that did not start here (no signed state cookie) is refused before anything is exchanged.
    expect((await fetch(`${s.base}/auth/entra/callback?code=x&state=y`, { redirect: 'manual' })).status).toBe(403);
  });

  it('limits sign-in attempts from one address', async () => {
    let limited = false;
    for (let i = 0; i < 15 && !limited; i++) limited = (await signIn('nobody@rossmore.example', 'wrong password 123')).status === 429;
    expect(limited).toBe(true);
  });
});

const SCHOOL_ROSSMORE = '+447700900001';

/** Every route in Fastify's printed route tree (each level indents by four characters), with its methods. */
function routesOf(tree: string): { path: string; methods: string[] }[] {
  const out: { path: string; methods: string[] }[] = [];
  const stack: string[] = [''];
  for (const line of tree.split('\n')) {
    const m = /^([│├└─\s]*)(\S+) \(([^)]+)\)$/.exec(line.trimEnd());
    if (!m) continue;
    const depth = m[1]!.length / 4;
    const full = `${stack[depth - 1] ?? ''}/${m[2]}`.replace(/\/+/g, '/');
    stack[depth] = full;
    stack.length = depth + 1;
    out.push({ path: full, methods: m[3]!.split(', ') });
  }
  return out;
}
