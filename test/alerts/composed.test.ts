import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify } from 'yaml';
import { parseEnv } from '../../src/config/env';
import { composeSchoolgate, type Schoolgate } from '../../src/main/compose';
import { workflowPorts } from '../../src/main/workflow';
import { createLogger } from '../../src/server/logger';
import { RecordingChannel, until } from './helpers';

const SID = `AC${'c'.repeat(32)}`;
const TOKEN = 'alerts-auth-token-0123456789';
const API_TOKEN = 'alerts-api-token-0123456789abcdef';
const SCHOOL_NUMBER = '+447700900001';
const LILY_MUM = '+447700900283';
const CONCERN = "Lily came home with bruises on her arms and says she doesn't want to go to her uncle's again.";

/**
 * The composition `npm start` builds, with a staff surface registered the way the Teams and Slack adapters do
 * (ComposeOptions.alertChannels): a parent's text reaches the DSL's surface through the alert worker, and the
 * DSL's acknowledgement through the JSON API updates the card in place.
 */
describe('staff alerts in the composed server (embedded storage, real server)', () => {
  let sg: Schoolgate;
  let base: string;
  const teams = new RecordingChannel();

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-alerts-'));
    const doc = parseYaml(readFileSync(join(import.meta.dirname, '../../config/school.example.yaml'), 'utf8'));
    doc.alerts = { ...doc.alerts, teams: true };
    const schoolFile = join(dir, 'school.yaml');
    writeFileSync(schoolFile, stringify(doc));
    const env = parseEnv({
      SCHOOLGATE_DATA_DIR: join(dir, 'data'),
      SCHOOLGATE_SCHOOL_FILE: schoolFile,
      SCHOOLGATE_API_TOKEN: API_TOKEN,
      TWILIO_ACCOUNT_SID: SID,
      TWILIO_AUTH_TOKEN: TOKEN,
      TWILIO_PHONE_NUMBER: SCHOOL_NUMBER,
      PUBLIC_URL: 'https://gate.rossmore.example',
      SCHOOLGATE_LOG_LEVEL: 'error',
    });
    if (!env.ok) throw env.error;
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
    // The parent's acknowledgement SMS: Twilio is the only outside service here.
    nock('https://api.twilio.com')
      .persist()
      .post(`/2010-04-01/Accounts/${SID}/Messages.json`)
      .basicAuth({ user: SID, pass: TOKEN })
      .reply(201, () => ({ sid: `SM${'9'.repeat(32)}`, status: 'queued' }));
    sg = await composeSchoolgate(env.value, { logger: createLogger({ level: 'error' }), workflow: workflowPorts, alertChannels: [teams] });
    base = await sg.app.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await sg?.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  const api = (method: string, path: string, as: string, body?: unknown) =>
    fetch(`${base}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${API_TOKEN}`, 'x-schoolgate-staff': as, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('a safeguarding text reaches the DSL and deputy at once; the acknowledgement through the API updates their cards', async () => {
    const params = { MessageSid: `SM${'4'.repeat(32)}`, AccountSid: SID, From: LILY_MUM, To: SCHOOL_NUMBER, Body: CONCERN, NumMedia: '0' };
    const url = 'https://gate.rossmore.example/webhooks/twilio/sms';
    const res = await fetch(`${base}/webhooks/twilio/sms`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(TOKEN, url, params) },
      body: new URLSearchParams(params),
    });
    expect(res.status).toBe(200);

    await until('the DSL and deputy have the concern', () => teams.cards.filter((c) => c.alert.purpose === 'safeguarding').length === 2, 60_000);
    const cards = teams.cards.filter((c) => c.alert.purpose === 'safeguarding');
    expect(cards.map((c) => c.alert.recipient.staffId).sort()).toEqual(['macey', 'okafor']);
    const caseId = cards[0]!.alert.case.id;
    expect(cards[0]!.alert).toMatchObject({ urgent: true, acknowledged: null, case: { topic: 'safeguarding', message: { body: CONCERN } } });

    // The head cannot acknowledge before it reaches them; a class teacher never; the DSL can, once.
    expect((await api('POST', `/cases/${caseId}/acknowledge`, 'harrison', {})).status).toBe(403);
    expect((await api('POST', `/cases/${caseId}/acknowledge`, 'hughes', {})).status).toBe(403);
    expect((await api('POST', `/cases/${caseId}/acknowledge`, 'macey', {})).status).toBe(200);
    expect((await api('POST', `/cases/${caseId}/acknowledge`, 'macey', {})).status).toBe(409);
    await until('both cards show the acknowledgement', () => cards.every((c) => RecordingChannel.current(c).acknowledged?.by === 'macey'), 60_000);
    expect(RecordingChannel.current(cards.find((c) => c.alert.recipient.staffId === 'okafor')!).headline).toBe('Acknowledged by Miss Macey');

    const action = await api('POST', `/cases/${caseId}/safeguarding-actions`, 'macey', { action: 'Referred to the MASH', reason: 'bruising and a disclosure about a relative' });
    expect(action.status).toBe(200);
    const detail = (await (await api('GET', `/cases/${caseId}`, 'okafor')).json()) as { case: { safeguarding: unknown } };
    expect(detail.case.safeguarding).toMatchObject({ acknowledged: { by: 'macey' }, actions: [{ action: 'Referred to the MASH' }] });
    const record = await api('GET', `/cases/${caseId}/safeguarding-record`, 'okafor');
    expect(record.status).toBe(200);
    expect(await record.json()).toMatchObject({ format: 'schoolgate.safeguarding-record/1', safeguarding: { actions: [{ by: 'macey', reason: 'bruising and a disclosure about a relative' }] } });
    expect((await api('GET', `/cases/${caseId}/safeguarding-record`, 'karen')).status).toBe(403);
  });
});
