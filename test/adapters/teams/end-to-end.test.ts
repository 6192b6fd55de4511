import nock from 'nock';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERB } from '../../../adapters/teams/types';
import { BotFramework, cardText, chatOf, executeActions, installActivity, invokeActivity, type Json, postActivity, type TeamsUserName, until } from './helpers';
import { PUBLIC, type Running, SCHOOL_NUMBER, startSchoolgate, TWILIO_SID, TWILIO_TOKEN } from './server';

const LILY_MUM = '+447700900283';
const KAI_MUM = '+447700900158';
const ABUSE = "Mr Hughes you are a useless teacher. Can Lily have her reading book changed please, she's read it three times.";
const REPLY = "Thanks for letting me know, I'll change Lily's book tomorrow.";

/**
 * Issue #4 on `npm start`'s composition: staff act from the Teams cards, and every press goes through botbuilder's
 * request handling (signed JWTs) to the one workflow service. A flagged text → review card to the senior reviewer →
 * Not a breach → enquiry card to the class teacher (without the abuse) → Write reply → approval card to the office →
 * Approve → the SMS at Twilio. The connector (where cards are posted and replaced) and Twilio are nocked; the rest
 * is real (PGlite, pg-boss, the workflow).
 */
describe('Teams cards drive the workflow end to end', () => {
  let run: Running;
  let bf: BotFramework;
  const sms: Record<string, string>[] = [];

  beforeAll(async () => {
    run = await startSchoolgate();
    bf = new BotFramework();
    nock('https://api.twilio.com')
      .persist()
      .post(`/2010-04-01/Accounts/${TWILIO_SID}/Messages.json`, (b: Record<string, string>) => {
        sms.push(b);
        return true;
      })
      .basicAuth({ user: TWILIO_SID, pass: TWILIO_TOKEN })
      .reply(201, () => ({ sid: `SM${String(sms.length).padStart(32, '0')}`, status: 'queued' }));
    for (const who of ['harrison', 'macey', 'okafor', 'karen', 'hughes'] as const) expect((await postActivity(run.base, installActivity(who), bf.key.channelToken())).status).toBe(200);
  });
  afterAll(async () => {
    bf?.close();
    await run?.close();
  });

  const text = (params: Record<string, string>) =>
    fetch(`${run.base}/webhooks/twilio/sms`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(TWILIO_TOKEN, `${PUBLIC}/webhooks/twilio/sms`, params) },
      body: new URLSearchParams(params),
    });

  /** The first card posted (proactively, not as a reply) to a user's chat whose text matches. */
  const cardTo = (user: TeamsUserName, match: RegExp) =>
    until(() => {
      const call = bf.to(chatOf(user)).find((c) => c.method === 'POST' && c.body.attachments?.[0] && match.test(cardText(c.body.attachments[0].content)));
      return call ? { call, card: call.body.attachments[0].content as Json, id: call.responseId } : undefined;
    }, `a card to ${user} matching ${match}`);

  const press = async (user: TeamsUserName, verb: string, data: Json, inputs: Json = {}) => {
    const res = await postActivity(run.base, invokeActivity(user, verb, { ...data, ...inputs }), bf.key.channelToken());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    return res.body.value as Json;
  };
  const action = (card: Json, verb: string) => {
    const found = executeActions(card).find((a) => a.verb === verb);
    if (!found) throw new Error(`no ${verb} button on the card`);
    return found.data;
  };

  it('flagged text → review card → not a breach → enquiry card → reply → approval card → Approve → SMS', async () => {
    expect((await text({ MessageSid: `SM${'4'.repeat(32)}`, AccountSid: TWILIO_SID, From: LILY_MUM, To: SCHOOL_NUMBER, Body: ABUSE, NumMedia: '0' })).status).toBe(200);

    // The review card reaches the senior reviewer's chat: the flag, the clause, the evidence highlighted.
    const review = await cardTo('harrison', /Flagged message for review/);
    expect(review.call.authorization).toMatch(/^Bearer /);
    expect(review.call.path).toBe(`/teams/v3/conversations/${chatOf('harrison')}/activities`);
    expect(review.call.body).toMatchObject({ type: 'message', summary: 'A flagged message needs review (abusive). Open Schoolgate to see it.' });
    expect(review.call.body.summary).not.toMatch(/useless/);
    const highlighted = JSON.stringify(review.card).match(/"text":"([^"]*)","weight":"Bolder","highlight":true/);
    expect(highlighted?.[1]).toBe('useless teacher');
    expect(cardText(review.card)).toMatch(/Abusive: “useless teacher”/);
    expect(executeActions(review.card).map((a) => a.verb)).toEqual([VERB.notBreach, VERB.breach, VERB.escalate]);

    // A class teacher cannot decide it: the workflow's refusal is shown on the card.
    const refusedReview = await press('hughes', VERB.notBreach, action(review.card, VERB.notBreach), { nbReason: 'looks fine to me' });
    expect(cardText(refusedReview)).toMatch(/^Not done\nMr Hughes /);
    expect(JSON.stringify(refusedReview)).not.toMatch(/useless/);

    // The reviewer decides: not a breach. The answer is the card, redrawn: decided, no more decision buttons.
    const decided = await press('harrison', VERB.notBreach, action(review.card, VERB.notBreach), { nbReason: 'Frustrated, but the request is fair; words noted.' });
    expect(cardText(decided)).toMatch(/You decided: not a breach\./);
    expect(cardText(decided)).toMatch(/Decided: not a breach by Mrs Harrison/);
    expect(executeActions(decided)).toEqual([]);

    // The enquiry card reaches the class teacher, without the words aimed at him.
    const enquiry = await cardTo('hughes', /Enquiry for you/);
    expect(cardText(enquiry.card)).toMatch(/reading book/);
    expect(JSON.stringify(enquiry.card)).not.toMatch(/useless/);
    const written = await press('hughes', VERB.writeReply, action(enquiry.card, VERB.writeReply), { replyBody: REPLY });
    expect(cardText(written)).toMatch(/You sent a reply for approval\./);
    expect(cardText(written)).toMatch(/Reply by Mr Hughes, waiting for approval/);
    expect(executeActions(written)).toEqual([]);

    // The approval card reaches the office; the teacher cannot approve his own reply from it.
    const approval = await cardTo('karen', /Reply waiting for approval/);
    expect(cardText(approval.card)).toContain(REPLY);
    expect(executeActions(approval.card).map((a) => a.verb)).toEqual([VERB.approve, VERB.editApprove, VERB.reject]);
    const wrongRole = await press('hughes', VERB.approve, action(approval.card, VERB.approve));
    expect(cardText(wrongRole)).toMatch(/^Not done\nMr Hughes cannot approve/);
    expect(cardText(wrongRole)).toMatch(/it needs the role "office" or "head_teacher"/);
    // The refused card still shows the case as it is, with its buttons: nothing changed.
    expect(executeActions(wrongRole).map((a) => a.verb)).toEqual([VERB.approve, VERB.editApprove, VERB.reject]);
    const unlinked = await press('stranger', VERB.approve, action(approval.card, VERB.approve));
    expect(cardText(unlinked)).toMatch(/Your Teams account is not linked to a member of staff at Rossmore School/);
    expect(cardText(unlinked)).toContain('c3c3c3c3-0000-4000-8000-000000000001');
    expect(sms.some((b) => b.Body === REPLY)).toBe(false);

    // Karen approves: the reply goes to the parent by SMS, exactly as approved, once.
    const approved = await press('karen', VERB.approve, action(approval.card, VERB.approve));
    expect(cardText(approved)).toMatch(/You approved the reply; it is being sent\./);
    const out = await until(() => sms.find((b) => b.Body === REPLY), 'the SMS at Twilio');
    expect(out).toMatchObject({ To: LILY_MUM, From: SCHOOL_NUMBER, Body: REPLY });

    // The other cards of the case are replaced in place (updateActivity) as it moves on.
    expect(review.id).toMatch(/^1:\d+$/);
    const put = await until(() => bf.to(chatOf('harrison')).find((c) => c.method === 'PUT' && c.path === `/teams/v3/conversations/${chatOf('harrison')}/activities/${review.id}`), 'the review card replaced');
    expect(put.body.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(put.body.attachments[0].content)).toMatch(/Decided: not a breach by Mrs Harrison/);
    expect(sms.filter((b) => b.Body === REPLY)).toHaveLength(1);
  });

  it('safeguarding: the card to the DSL, Acknowledge, and the card says who acknowledged', async () => {
    const concern = "Kai wont be in today. His dad turned up at the house last night drunk and it all kicked off, police came out. We're at my mums for now.";
    expect((await text({ MessageSid: `SM${'5'.repeat(32)}`, AccountSid: TWILIO_SID, From: KAI_MUM, To: SCHOOL_NUMBER, Body: concern, NumMedia: '0' })).status).toBe(200);
    const card = await cardTo('macey', /Safeguarding concern/);
    expect(cardText(card.card)).toMatch(/Not yet acknowledged/);
    // Someone without the DSL's role cannot acknowledge it.
    const refused = await press('karen', VERB.acknowledge, action(card.card, VERB.acknowledge));
    expect(cardText(refused)).toMatch(/^Not done\nKaren Wright cannot/);
    const acked = await press('macey', VERB.acknowledge, action(card.card, VERB.acknowledge));
    expect(cardText(acked)).toMatch(/You acknowledged this concern\./);
    expect(cardText(acked)).toMatch(/Acknowledged by Miss Macey/);
    expect(executeActions(acked)).toEqual([]);
  });
});
