import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import twilio from 'twilio';
import { Accounts } from '../../src/auth/accounts';
import { parseEnv } from '../../src/config/env';
import { composeSchoolgate, type Schoolgate } from '../../src/main/compose';
import { workflowPorts } from '../../src/main/workflow';
import { createLogger } from '../../src/server/logger';

/** The real server (`npm start`'s composition, embedded storage) with Twilio's API behind nock, and staff accounts. */
export const SID = `AC${'c'.repeat(32)}`;
export const TOKEN = 'console-auth-token-0123456789';
export const PUBLIC = 'https://gate.rossmore.example';
export const SCHOOL_NUMBER = '+447700900001';
export const OTHER_SCHOOL_NUMBER = '+447700900002';
export const PASSWORD = 'correct horse battery staple';
export const API_TOKEN = 'console-api-token-0123456789';

/** One account per role the console serves: email = <staff id>@rossmore.example. */
export const STAFF = ['karen', 'harrison', 'macey', 'okafor', 'hughes'] as const;

export interface ConsoleServer {
  sg: Schoolgate;
  base: string;
  /** The form bodies Twilio's API received (what the SDK sent). */
  sent: Record<string, string>[];
  text(from: string, body: string, to?: string): Promise<Response>;
  until<T>(f: () => Promise<T | undefined | null | false>, what: string): Promise<T>;
  close(): Promise<void>;
}

let sidSeq = 0;

/** A second school of the same trust (Ashgrove), made from the example by renaming it: same staff ids, other people. */
function ashgroveFile(dir: string): string {
  const text = readFileSync(join(import.meta.dirname, '..', '..', 'config', 'school.example.yaml'), 'utf8')
    .replace('id: rossmore', 'id: ashgrove')
    .replaceAll('Rossmore School', 'Ashgrove School')
    .replaceAll(SCHOOL_NUMBER, OTHER_SCHOOL_NUMBER)
    .replaceAll('rossmore.example', 'ashgrove.example');
  const path = join(dir, 'ashgrove.yaml');
  writeFileSync(path, text);
  return path;
}

export async function startConsoleServer(options: { env?: Record<string, string>; secondSchool?: boolean } = {}): Promise<ConsoleServer> {
  const dir = mkdtempSync(join(tmpdir(), 'sg-console-'));
  const env = parseEnv({
    SCHOOLGATE_DATA_DIR: join(dir, 'data'),
    SCHOOLGATE_API_TOKEN: API_TOKEN,
    TWILIO_ACCOUNT_SID: SID,
    TWILIO_AUTH_TOKEN: TOKEN,
    TWILIO_PHONE_NUMBER: SCHOOL_NUMBER,
    PUBLIC_URL: PUBLIC,
    SCHOOLGATE_LOG_LEVEL: 'error',
    ...(options.secondSchool ? { SCHOOLGATE_SCHOOL_FILE: `config/school.example.yaml,${ashgroveFile(dir)}` } : {}),
    ...options.env,
  });
  if (!env.ok) throw env.error;
  const sent: Record<string, string>[] = [];
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  nock('https://api.twilio.com')
    .persist()
    .post(`/2010-04-01/Accounts/${SID}/Messages.json`, (b: Record<string, string>) => {
      sent.push(b);
      return true;
    })
    .basicAuth({ user: SID, pass: TOKEN })
    .reply(201, () => ({ sid: `SM${String(sent.length).padStart(32, '0')}`, status: 'queued' }));
  const sg = await composeSchoolgate(env.value, { logger: createLogger({ level: 'error' }), workflow: workflowPorts });
  const base = await sg.app.listen({ port: 0, host: '127.0.0.1' });
  const accounts = new Accounts(sg.store.db, sg.schools);
  for (const staff of STAFF) await accounts.addUser({ school: 'rossmore', staff, email: `${staff}@rossmore.example`, password: PASSWORD, admin: staff === 'harrison' });
  if (options.secondSchool) await accounts.addUser({ school: 'ashgrove', staff: 'harrison', email: 'harrison@ashgrove.example', password: PASSWORD, admin: true });

  return {
    sg,
    base,
    sent,
    text(from, body, to = SCHOOL_NUMBER) {
      const params = { MessageSid: `SM${String(++sidSeq).padStart(8, '0')}${'c'.repeat(24)}`, AccountSid: SID, From: from, To: to, Body: body, NumMedia: '0' };
      return fetch(`${base}/webhooks/twilio/sms`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(TOKEN, `${PUBLIC}/webhooks/twilio/sms`, params) },
        body: new URLSearchParams(params),
      });
    },
    async until(f, what) {
      const end = Date.now() + 30_000;
      for (;;) {
        const v = await f();
        if (v) return v;
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async close() {
      await sg.close();
      nock.cleanAll();
      nock.enableNetConnect();
    },
  };
}

/** Sign in over HTTP as `email`: the session cookie (`sg_session=...`) and the page's CSRF token. */
export async function httpSession(base: string, email: string, password = PASSWORD): Promise<{ cookie: string; csrf: string; setCookie: string }> {
  const form = await fetch(`${base}/`);
  const loginCookie = form.headers.get('set-cookie')!.split(';')[0]!;
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: loginCookie },
    body: new URLSearchParams({ _csrf: token, email, password }),
  });
  if (res.status !== 303) throw new Error(`sign-in as ${email} answered ${res.status}`);
  const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('sg_session='))!;
  const cookie = setCookie.split(';')[0]!;
  const page = await (await fetch(`${base}/console`, { headers: { cookie } })).text();
  return { cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(page)![1]!, setCookie };
}
