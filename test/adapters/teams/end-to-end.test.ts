import nock from 'nock';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertCard } from '../../../adapters/teams/index';
import { INPUT, VERB } from '../../../adapters/teams/types';
import type { StaffAlert } from '../../../src/alerts/alert-channel';
import { jobStates, letTimePass } from '../../alerts/helpers';
import { render, school } from './fixtures';
import { BotFramework, cardText, chatOf, executeActions, installActivity, invokeActivity, type Json, postActivity, type TeamsUserName, until, USERS } from './helpers';
import { PUBLIC, type Running, SCHOOL_NUMBER, startSchoolgate, TWILIO_SID, TWILIO_TOKEN } from './server';

const LILY_MUM = '+447700900283';
const KAI_MUM = '+447700900158';
const MASON_MUM = '+447700900904';
const JAKE_DAD = '+447700900021';
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

  it('safeguarding not acknowledged in time: the card goes to the deputy, then the head; the DSL’s card is replaced in place each time', async () => {
    const concern = "Mason said his step dad locked him in his room all weekend and he didn't get any tea. Please don't tell anyone I told you.";
    expect((await text({ MessageSid: `SM${'6'.repeat(32)}`, AccountSid: TWILIO_SID, From: MASON_MUM, To: SCHOOL_NUMBER, Body: concern, NumMedia: '0' })).status).toBe(200);
    const dsl = await cardTo('macey', /Mason said his step dad/);
    const caseId = action(dsl.card, VERB.acknowledge).c as string;
    await cardTo('okafor', /Mason said his step dad/);
    const cardsOf = (user: TeamsUserName) => bf.to(chatOf(user)).filter((c) => c.body?.attachments?.[0] && cardText(c.body.attachments[0].content).includes(`case ${caseId}`));
    const posts = (user: TeamsUserName) => cardsOf(user).filter((c) => c.method === 'POST');
    expect(posts('macey')).toHaveLength(1);
    expect(posts('okafor')).toHaveLength(1);
    expect(posts('harrison')).toEqual([]);

    // What the card must show, as the dispatcher builds it for that member of staff (the case as they may read it).
    const expected = async (staffId: string, headline: string, reason: string): Promise<Json> => {
      const s = school.staffById.get(staffId);
      if (!s) throw new Error(staffId);
      const c = (await run.api('GET', `/cases/${caseId}`, staffId)).json.case;
      const a: StaffAlert = { schoolId: 'rossmore', purpose: 'safeguarding', reason, urgent: true, recipient: { staffId, name: s.name, roles: [...s.roles] }, case: c, history: [], acknowledged: c.safeguarding.acknowledged, headline };
      return alertCard(a, render);
    };
    const activity = (card: Json) => ({ type: 'message', summary: card.fallbackText, attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }] });
    /** The activity sent is exactly this card (the whole attachment, not a subset), with its notification text. */
    const exactly = (sent: Json, card: Json) => {
      const want = activity(card);
      expect({ type: sent.type, summary: sent.summary, attachments: sent.attachments }).toEqual(want);
    };

    // Nothing escalates before the school's safeguarding_ack_minutes (15) have passed.
    const [first] = await jobStates(run.sg, 'escalate', caseId);
    expect(first).toMatchObject({ state: 'created', data: { caseId, step: 1 } });
    expect(first!.startAfter.getTime() - Date.now()).toBeGreaterThan(14 * 60_000);

    // Fifteen minutes on, unacknowledged: a new card to the deputy, proactively, in her own chat.
    expect(await letTimePass(run.sg, 'escalate', caseId)).toBe(1);
    const deputy = await until(() => posts('okafor')[1], 'the escalation card to the deputy');
    expect(deputy.path).toBe(`/teams/v3/conversations/${chatOf('okafor')}/activities`);
    expect(deputy.authorization).toMatch(/^Bearer /);
    exactly(deputy.body, await expected('okafor', 'Not acknowledged in time: escalated to you', 'escalated'));
    expect(deputy.body).toMatchObject({ conversation: { id: chatOf('okafor') }, recipient: { id: USERS.okafor.id } });
    expect(deputy.body.replyToId).toBeUndefined();
    expect(cardText(deputy.body.attachments[0].content)).toMatch(/Escalated to Mr Okafor .* \(step 1\)/);
    expect(executeActions(deputy.body.attachments[0].content).map((a) => a.verb)).toEqual([VERB.acknowledge]);
    // The DSL's card is replaced in place (PUT on its activity id), saying where it went.
    const dslPut = await until(
      () => cardsOf('macey').find((c) => c.method === 'PUT' && cardText(c.body.attachments[0].content).includes('escalated to Mr Okafor')),
      'the DSL’s card replaced',
    );
    expect(dslPut.path).toBe(`/teams/v3/conversations/${chatOf('macey')}/activities/${dsl.id}`);
    exactly(dslPut.body, await expected('macey', 'Not acknowledged in time: escalated to Mr Okafor', 'updated'));
    expect(dslPut.body.id).toBe(dsl.id);
    expect(posts('harrison')).toEqual([]);

    // Fifteen more: the head teacher gets the card.
    expect(await letTimePass(run.sg, 'escalate', caseId)).toBe(1);
    const head = await until(() => posts('harrison')[0], 'the escalation card to the head');
    expect(head.path).toBe(`/teams/v3/conversations/${chatOf('harrison')}/activities`);
    exactly(head.body, await expected('harrison', 'Not acknowledged in time: escalated to you', 'escalated'));
    expect(cardText(head.body.attachments[0].content)).toMatch(/Escalated to Mrs Harrison .* \(step 2\)/);

    // The head acknowledges from her card; every card of the case is replaced in place and loses its button.
    const acked = await press('harrison', VERB.acknowledge, action(head.body.attachments[0].content, VERB.acknowledge));
    expect(cardText(acked)).toMatch(/Acknowledged by Mrs Harrison/);
    for (const [user, card] of [['macey', dsl.id], ['okafor', posts('okafor')[0]!.responseId], ['okafor', deputy.responseId]] as const) {
      const put = await until(
        () => cardsOf(user).find((c) => c.method === 'PUT' && c.path.endsWith(`/activities/${card}`) && /Acknowledged by Mrs Harrison/.test(cardText(c.body.attachments[0].content))),
        `${user}’s card ${card} showing the acknowledgement`,
      );
      expect(executeActions(put.body.attachments[0].content)).toEqual([]);
    }
    // No more cards: each member of staff got exactly the posts above.
    expect([posts('macey').length, posts('okafor').length, posts('harrison').length]).toEqual([1, 2, 1]);
  });

  it('the other buttons: Escalate and Breach on the review card, Reject and Edit & approve on the approval card; a stale card is refused', async () => {
    const abuse = "Mrs Patel is a pathetic excuse for a teacher and you all know it. Jake's homework hasn't been marked for three weeks.";
    expect((await text({ MessageSid: `SM${'7'.repeat(32)}`, AccountSid: TWILIO_SID, From: JAKE_DAD, To: SCHOOL_NUMBER, Body: abuse, NumMedia: '0' })).status).toBe(200);
    const okafor = await cardTo('okafor', /pathetic excuse/);
    const caseId = action(okafor.card, VERB.escalate).c as string;
    const ofCase = (user: TeamsUserName) => bf.to(chatOf(user)).filter((c) => c.body?.attachments?.[0] && cardText(c.body.attachments[0].content).includes(`case ${caseId}`));

    // Escalate (a senior reviewer, with a reason): the head has it; the presser's card says so, without decision buttons for him.
    const escalated = await press('okafor', VERB.escalate, action(okafor.card, VERB.escalate), { [INPUT.escalateReason]: 'Third message about Mrs Patel this term.' });
    expect(cardText(escalated)).toMatch(/You escalated this to the head teacher\./);
    expect(cardText(escalated)).toMatch(/Escalated to Mrs Harrison by Mr Okafor/);
    // Pressed again on the card as it was sent: the case has moved on, and the card says where it stands.
    const stale = await press('okafor', VERB.escalate, action(okafor.card, VERB.escalate), { [INPUT.escalateReason]: 'again' });
    expect(cardText(stale)).toMatch(/^Not done\nThis case has moved on since the card was sent/);
    expect(cardText(stale)).toMatch(/Escalated to Mrs Harrison by Mr Okafor/);

    // The head's review card is replaced in place with the escalation; she decides from the card as replaced.
    const headCard = await until(
      () => ofCase('harrison').filter((c) => c.method === 'PUT' && /Escalated to Mrs Harrison by Mr Okafor/.test(cardText(c.body.attachments[0].content))).at(-1),
      'the head’s card replaced with the escalation',
    );
    const headPost = ofCase('harrison').find((c) => c.method === 'POST');
    expect(headCard.path).toBe(`/teams/v3/conversations/${chatOf('harrison')}/activities/${headPost?.responseId}`);
    const breach = await press('harrison', VERB.breach, action(headCard.body.attachments[0].content, VERB.breach), {
      [INPUT.breachReason]: 'Personal abuse of a named teacher (§3).',
      [INPUT.breachFlags]: 'abusive',
      [INPUT.breachResponses]: 'warning_letter',
    });
    expect(cardText(breach)).toMatch(/You decided: breach\./);
    expect(cardText(breach)).toMatch(/Decided: breach by Mrs Harrison/);
    expect(executeActions(breach).map((a) => a.verb)).not.toContain(VERB.breach);
    // The other reviewers' cards follow.
    await until(() => ofCase('macey').some((c) => c.method === 'PUT' && /Decided: breach by Mrs Harrison/.test(cardText(c.body.attachments[0].content))), 'the DSL’s review card decided');

    // An enquiry for Mr Hughes; his reply is rejected from the approval card, then edited and approved.
    const ask = 'Lily is finding her maths homework hard this week, especially the times tables. Is there anything we could practise with her at home?';
    expect((await text({ MessageSid: `SM${'8'.repeat(32)}`, AccountSid: TWILIO_SID, From: LILY_MUM, To: SCHOOL_NUMBER, Body: ask, NumMedia: '0' })).status).toBe(200);
    const enquiry = await cardTo('hughes', /maths homework hard/);
    const first = 'Try the times tables songs.';
    await press('hughes', VERB.writeReply, action(enquiry.card, VERB.writeReply), { [INPUT.replyBody]: first });
    const approval = await cardTo('karen', /Try the times tables songs\./);
    const rejected = await press('karen', VERB.reject, action(approval.card, VERB.reject), { [INPUT.rejectReason]: 'Please name the website we use, and offer a chat at pick-up.' });
    expect(cardText(rejected)).toMatch(/You did not approve the reply; its author is told\./);
    expect(cardText(rejected)).toMatch(/Not approved: “Please name the website we use/);
    expect(executeActions(rejected)).toEqual([]);
    // The author is told on Teams, and writes again from his enquiry card as replaced.
    await until(() => bf.to(chatOf('hughes')).find((c) => /Please name the website we use/.test(cardText(c.body?.attachments?.[0]?.content ?? {}))), 'Mr Hughes told of the rejection');
    const hughesNow = await until(
      () => bf.to(chatOf('hughes')).filter((c) => c.method === 'PUT' && c.path.endsWith(`/activities/${enquiry.id}`) && executeActions(c.body.attachments[0].content).some((a) => a.verb === VERB.writeReply)).at(-1),
      'his enquiry card open for a new reply',
    );
    const second = 'Lily can practise on Times Tables Rock Stars.';
    await press('hughes', VERB.writeReply, action(hughesNow.body.attachments[0].content, VERB.writeReply), { [INPUT.replyBody]: second });
    const again = await cardTo('karen', /Lily can practise on Times Tables Rock Stars\./);
    const edited = 'Lily can practise on Times Tables Rock Stars; her login is in her reading record. Happy to chat at pick-up.';
    const done = await press('karen', VERB.editApprove, action(again.card, VERB.editApprove), { [INPUT.editedBody]: edited });
    expect(cardText(done)).toMatch(/You edited and approved the reply; it is being sent\./);
    const out = await until(() => sms.find((b) => b.Body === edited), 'the edited reply at Twilio');
    expect(out).toMatchObject({ To: LILY_MUM, From: SCHOOL_NUMBER });
    expect(sms.some((b) => b.Body === first || b.Body === second)).toBe(false);
  });
});
