import nock from 'nock';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERB } from '../../../adapters/teams/types';
import { jobStates, letTimePass } from '../../alerts/helpers';
import { BotFramework, cardText, chatOf, executeActions, installActivity, type Json, postActivity, until } from './helpers';
import { PUBLIC, type Running, SCHOOL_NUMBER, startSchoolgate, TWILIO_SID, TWILIO_TOKEN } from './server';

const KAI_MUM = '+447700900158';
const CONCERN = "Kai has told his nan that his mum's boyfriend hits him when he's naughty. I don't know what to do, please ring me.";

/**
 * When a card cannot be delivered: the Teams connector refuses a post (the bot blocked, 403), or a member of staff has
 * never opened the app, so Teams has given the bot no conversation with them. The refusal fails the alert job, which
 * pg-boss retries, and the retry posts the card once; the member of staff nobody can reach is recorded in the audit.
 */
describe('Teams alert delivery when Teams refuses or cannot reach someone', () => {
  let run: Running;
  let bf: BotFramework;

  beforeAll(async () => {
    run = await startSchoolgate();
    bf = new BotFramework();
    nock('https://api.twilio.com')
      .persist()
      .post(`/2010-04-01/Accounts/${TWILIO_SID}/Messages.json`)
      .basicAuth({ user: TWILIO_SID, pass: TWILIO_TOKEN })
      .reply(201, () => ({ sid: `SM${'1'.repeat(32)}`, status: 'queued' }));
    // Only the DSL has opened the app; the deputy never has.
    expect((await postActivity(run.base, installActivity('macey'), bf.key.channelToken())).status).toBe(200);
  });
  afterAll(async () => {
    bf?.close();
    await run?.close();
  });

  const audit = async (caseId: string) =>
    (await run.sg.store.executor.executeSql(`SELECT action, data FROM audit_events WHERE entity_id = $1 AND action LIKE 'alert.%' ORDER BY id`, [caseId])).rows as Json[];

  it('a refused post is retried by the queue and posted once; the deputy who never opened the app is recorded as unreachable', async () => {
    bf.calls.length = 0;
    bf.failNext = [403];
    const params = { MessageSid: `SM${'2'.repeat(32)}`, AccountSid: TWILIO_SID, From: KAI_MUM, To: SCHOOL_NUMBER, Body: CONCERN, NumMedia: '0' };
    const res = await fetch(`${run.base}/webhooks/twilio/sms`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(TWILIO_TOKEN, `${PUBLIC}/webhooks/twilio/sms`, params) },
      body: new URLSearchParams(params),
    });
    expect(res.status).toBe(200);

    // The first post to the DSL's chat is refused: nothing is recorded as posted, and the job waits to be retried.
    const refused = await until(() => bf.to(chatOf('macey')).find((c) => c.method === 'POST'), 'the first post to the DSL');
    expect(refused.responseId).toBeUndefined();
    const caseId = executeActions(refused.body.attachments[0].content).find((a) => a.verb === VERB.acknowledge)?.data.c as string;
    expect(caseId).toBeTruthy();
    const waiting = await until(async () => {
      const jobs = (await jobStates(run.sg, 'alert', caseId)).filter((j) => j.state === 'retry');
      return jobs.length ? jobs : undefined;
    }, 'the alert job waiting for its retry');
    expect(waiting).toHaveLength(1);
    expect((await audit(caseId)).filter((a) => a.action === 'alert.posted')).toEqual([]);
    // The deputy has no conversation with the bot: recorded, with why, and no message body.
    const unreachable = (await audit(caseId)).filter((a) => a.action === 'alert.unreachable');
    expect(unreachable).toEqual([
      { action: 'alert.unreachable', data: { jobId: expect.any(String), reason: 'opened', urgent: true, staffId: 'okafor', why: 'no enabled surface (teams) can reach them yet', surfaces: ['teams'] } },
    ]);
    expect(JSON.stringify(await audit(caseId))).not.toContain('boyfriend');

    // The retry (its wait let pass) posts the card once.
    expect(await letTimePass(run.sg, 'alert', caseId)).toBe(1);
    const posted = await until(() => bf.to(chatOf('macey')).find((c) => c.method === 'POST' && c.responseId), 'the retried post');
    expect(posted.body).toEqual({ ...refused.body });
    expect(cardText(posted.body.attachments[0].content)).toMatch(/Safeguarding concern/);
    await until(async () => (await audit(caseId)).some((a) => a.action === 'alert.posted'), 'the post recorded');
    expect((await audit(caseId)).filter((a) => a.action === 'alert.posted')).toEqual([
      { action: 'alert.posted', data: expect.objectContaining({ staffId: 'macey', channel: 'teams', purpose: 'safeguarding' }) },
    ]);
    expect(bf.to(chatOf('macey')).filter((c) => c.method === 'POST' && c.responseId)).toHaveLength(1);
    expect(bf.to(chatOf('okafor'))).toEqual([]);
  });
});
