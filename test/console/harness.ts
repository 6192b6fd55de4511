import { mkdtempSync } from 'node:fs';
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
export const PASSWORD = 'correct horse battery staple';

/** One account per role the console serves: email = <staff id>@rossmore.example. */
export const STAFF = ['karen', 'harrison', 'macey', 'okafor', 'hughes'] as const;

export interface ConsoleServer {
  sg: Schoolgate;
  base: string;
  sent: Record<string, string>[];
  text(from: string, body: string): Promise<Response>;
  until<T>(f: () => Promise<T | undefined | null | false>, what: string): Promise<T>;
  close(): Promise<void>;
}

let sidSeq = 0;

export async function startConsoleServer(): Promise<ConsoleServer> {
  const env = parseEnv({
    SCHOOLGATE_DATA_DIR: mkdtempSync(join(tmpdir(), 'sg-console-')),
    SCHOOLGATE_API_TOKEN: 'console-api-token-0123456789',
    TWILIO_ACCOUNT_SID: SID,
    TWILIO_AUTH_TOKEN: TOKEN,
    TWILIO_PHONE_NUMBER: SCHOOL_NUMBER,
    PUBLIC_URL: PUBLIC,
    SCHOOLGATE_LOG_LEVEL: 'error',
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

  return {
    sg,
    base,
    sent,
    text(from, body) {
      const params = { MessageSid: `SM${String(++sidSeq).padStart(8, '0')}${'c'.repeat(24)}`, AccountSid: SID, From: from, To: SCHOOL_NUMBER, Body: body, NumMedia: '0' };
      return fetch(`${base}/webhooks/twilio/sms`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(TOKEN, `${PUBLIC}/webhooks/twilio/sms`, params) },
        body: new URLSearchParams(params),
      });
    },
    async until(f, what) {
      const end = Date.now() + 20_000;
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
