import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackSurface, type SlackSurface } from '../../../adapters/slack/index';
import { ACTION, VIEW } from '../../../adapters/slack/types';
import { createTwilioWebhook } from '../../../adapters/twilio/index';
import { AlertDispatcher } from '../../../src/alerts/dispatcher';
import type { School } from '../../../src/config/load-school';
import { isSchoolgateError } from '../../../src/errors';
import { buildServer } from '../../../src/server/app';
import { createLogger } from '../../../src/server/logger';
import { LogCapture, RecordingIngest } from '../../server/helpers';
import { LILY_MUM } from '../../workflow/fixtures';
import { arrive, backends, type Harness, jobs, openHarness } from '../../workflow/store-fixtures';
import { checkMessage, checkModal, visibleText } from './block-kit';
import {
  BOT_TOKEN,
  blockAction,
  buttonIn,
  postInteraction,
  SIGNING_SECRET,
  SLACK_IDS,
  SlackApi,
  type SlackCall,
  slackSchool,
  slackSignature,
  viewSubmission,
} from './helpers';

// biome-ignore lint/suspicious/noExplicitAny: Slack's JSON as the tests read it
type Json = any;

/**
 * Bolt's real request handling inside our real server on a port: signatures checked on the raw bytes, button presses
 * and modal submissions reaching the real workflow service (PGlite), and everything we send Slack asserted at its Web
 * API through nock.
 */

async function serve(surface: SlackSurface, logs = new LogCapture()) {
  const app = await buildServer({
    logger: createLogger({ level: 'debug', destination: logs }),
    health: { database: async () => ({ ok: true }), queue: async () => ({ ok: true }) },
    ingest: new RecordingIngest(),
    sms: createTwilioWebhook({}),
    api: { clock: () => new Date() },
    rawWebhooks: [surface.webhook],
  });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, base, logs };
}

describe('Slack requests through our server (Bolt HTTPReceiver on /webhooks/slack/events)', () => {
  let h: Harness;
  let school: School;
  let slack: SlackApi;
  let surface: SlackSurface;
  let server: Awaited<ReturnType<typeof serve>>;
  let dispatcher: AlertDispatcher;
  let seq = 0;
  // Everything the server and the adapter log, at debug level, to check that no parent's words are in it.
  const logs = new LogCapture();

  /** Run the alert jobs for a case through the real dispatcher and the Slack channel; the messages posted, by Slack user. */
  const deliver = async (caseId: string) => {
    const before = slack.calls.length;
    for (const data of (await jobs(h, 'alert')).filter((d) => d.caseId === caseId)) await dispatcher.run({ id: `job-${seq++}`, data, retryCount: 0 });
    const posts = slack.calls.slice(before).filter((c) => c.method === 'chat.postMessage');
    return new Map(posts.map((p) => [`U${String(p.body.channel).slice(1)}`, p]));
  };
  const tsOf = (post: SlackCall): string => post.response.ts;

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
    h = await openHarness(backends[0]!);
    school = slackSchool();
    const schools = new Map([
      [school.id, school],
      [h.ashby.id, h.ashby],
    ]);
    slack = new SlackApi();
    surface = createSlackSurface(
      { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, PUBLIC_URL: 'https://gate.rossmore.example' },
      { workflow: h.service, schools, log: createLogger({ level: 'debug', destination: logs }) },
    );
    dispatcher = new AlertDispatcher({ store: h.store, schools, workflow: h.service, channels: [surface.channel!] });
    server = await serve(surface, logs);
  });
  afterAll(async () => {
    await server?.app.close();
    await h?.close();
    slack?.close();
    nock.enableNetConnect();
  });

  it('answers Slack’s URL check, and refuses a bad, stale or missing signature with 401 before anything is read', async () => {
    const body = JSON.stringify({ type: 'url_verification', challenge: 'c-123', token: 'unused' });
    const ok = await fetch(`${server.base}/webhooks/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json', ...slackSignature(SIGNING_SECRET, body) }, body });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ challenge: 'c-123' });

    const before = slack.calls.length;
    const press = blockAction({ user: SLACK_IDS.macey!, actionId: ACTION.acknowledge, value: JSON.stringify({ s: 'rossmore', c: 'x', v: 1 }), channel: 'D0MACEY', ts: '1.2' });
    const wrongSecret = await postInteraction(server.base, press, { secret: 'f'.repeat(32) });
    const stale = await postInteraction(server.base, press, { timestamp: Math.floor(Date.now() / 1000) - 10 * 60 }); // a correct HMAC, 10 minutes old
    const forged = await postInteraction(server.base, press, { signature: 'v0=deadbeef' });
    const unsigned = await fetch(`${server.base}/webhooks/slack/events`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `payload=${encodeURIComponent(JSON.stringify(press))}` });
    expect([wrongSecret.status, stale.status, forged.status, unsigned.status]).toEqual([401, 401, 401, 401]);
    expect(slack.calls.length).toBe(before); // nothing acted on
  });

  it('fails closed when Slack is not set up, saying what to set', async () => {
    const schools = new Map([[school.id, school]]);
    for (const [settings, expected] of [
      [{ SLACK_BOT_TOKEN: BOT_TOKEN }, /SLACK_SIGNING_SECRET/],
      [{}, /set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET/],
    ] as const) {
      const s = createSlackSurface(settings, { workflow: h.service, schools });
      const other = await serve(s);
      try {
        const body = `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions' }))}`;
        const res = await fetch(`${other.base}/webhooks/slack/events`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...slackSignature(SIGNING_SECRET, body) }, body });
        expect(res.status).toBe(503);
        expect(await res.text()).toMatch(expected);
      } finally {
        await other.app.close();
      }
      expect(s.problems.length).toBe(1); // a school asks for Slack alerts and cannot have them: warned at start
    }
  });

  it('safeguarding: the DSL’s Acknowledge reaches the workflow and the message updates in place; others are refused, to themselves', async () => {
    const { caseIds } = await arrive(h, { from: LILY_MUM, body: 'Lily said her uncle hit her at the weekend and she is scared to go home.', topic: 'safeguarding', urgency: 'urgent' });
    const caseId = caseIds.at(-1)!;
    const posted = await deliver(caseId);
    const toMacey = posted.get(SLACK_IDS.macey!)!;
    expect(toMacey).toBeDefined();
    expect(toMacey.authorization).toBe(`Bearer ${BOT_TOKEN}`);
    expect(slack.of('conversations.open').map((c) => c.body.users)).toContain(SLACK_IDS.macey);
    expect(toMacey.body.channel).toBe('D0MACEY');
    expect(toMacey.body.text).toBe('Safeguarding concern: please acknowledge it now');
    expect(checkMessage(toMacey.body.blocks, toMacey.body.text)).toEqual([]);
    const ack = buttonIn(toMacey.body.blocks, ACTION.acknowledge);
    const ts = tsOf(toMacey);

    // Someone who is not a member of staff of the school, and someone without the role: refused, only to them.
    const stranger = await postInteraction(server.base, blockAction({ user: 'U0NOBODY', actionId: ACTION.acknowledge, value: ack.value, channel: 'D0MACEY', ts }));
    expect(stranger.status).toBe(200);
    const notLinked = await slack.waitFor('chat.postEphemeral', (c) => c.body.user === 'U0NOBODY');
    expect(notLinked.body).toMatchObject({ channel: 'D0MACEY', user: 'U0NOBODY' });
    expect(notLinked.body.text).toMatch(/^Not done: your Slack account \(U0NOBODY\) is not linked to a member of staff at Rossmore School/);

    const forbidden = await h.service.acknowledgeSafeguarding(caseId, { kind: 'staff', staffId: 'hughes' }).catch((e) => e);
    expect(isSchoolgateError(forbidden, 'FORBIDDEN')).toBe(true);
    await postInteraction(server.base, blockAction({ user: SLACK_IDS.hughes!, actionId: ACTION.acknowledge, value: ack.value, channel: 'D0MACEY', ts }));
    const refusal = await slack.waitFor('chat.postEphemeral', (c) => c.body.user === SLACK_IDS.hughes);
    expect(refusal.body).toEqual({ channel: 'D0MACEY', user: SLACK_IDS.hughes, text: `Not done: ${forbidden.message}` });
    expect((await h.service.getCase(caseId, { kind: 'operator' })).safeguarding?.acknowledged).toBeNull();

    // The DSL acknowledges: recorded by the workflow as her, and her message redrawn without the button.
    const res = await postInteraction(server.base, blockAction({ user: SLACK_IDS.macey!, actionId: ACTION.acknowledge, value: ack.value, channel: 'D0MACEY', ts }));
    expect(res.status).toBe(200);
    const update = await slack.waitFor('chat.update', (c) => c.body.ts === ts);
    expect(update.body.channel).toBe('D0MACEY');
    expect(checkMessage(update.body.blocks, update.body.text)).toEqual([]);
    expect(buttonIn(update.body.blocks, ACTION.acknowledge)).toBeUndefined();
    expect(visibleText(update.body.blocks)).toMatch(/Miss Macey acknowledged this concern\./);
    expect(visibleText(update.body.blocks)).toMatch(/Acknowledged\* by Miss Macey/);
    const after = await h.service.getCase(caseId, { kind: 'operator' });
    expect(after.safeguarding?.acknowledged?.by).toBe('macey');
    expect(after.audit.find((a) => a.action === 'safeguarding.acknowledge')?.actor).toBe('staff:macey');

    // The same (now stale) button pressed again: refused with the workflow's reason, and the message redrawn as it is.
    const updates = slack.of('chat.update').length;
    await postInteraction(server.base, blockAction({ user: SLACK_IDS.okafor!, actionId: ACTION.acknowledge, value: ack.value, channel: 'D0OKAFOR', ts: '1700000999.000100' }));
    const moved = await slack.waitFor('chat.postEphemeral', (c) => c.body.user === SLACK_IDS.okafor);
    expect(moved.body.text).toMatch(/^Not done: this case has moved on since the message was posted/);
    await slack.waitFor('chat.update', (c) => c.body.ts === '1700000999.000100');
    expect(slack.of('chat.update').length).toBe(updates + 1);
  });

  it('review: Breach… opens the form, the workflow’s problems show under its fields, a valid decision closes it and redraws the message', async () => {
    const body = "Mr Hughes you are a useless teacher. Can Lily have her reading book changed please, she's read it three times.";
    const { caseIds } = await arrive(h, { from: LILY_MUM, body, flags: [['abusive', 'useless teacher']], topic: 'learning' });
    const reviewId = caseIds[0]!;
    const posted = await deliver(reviewId);
    expect([...posted.keys()].sort()).toEqual([SLACK_IDS.harrison, SLACK_IDS.macey, SLACK_IDS.okafor].sort()); // every eligible reviewer; never Mr Hughes
    const toHead = posted.get(SLACK_IDS.harrison!)!;
    expect(checkMessage(toHead.body.blocks, toHead.body.text)).toEqual([]);
    const ts = tsOf(toHead);
    const breach = buttonIn(toHead.body.blocks, ACTION.breach);

    // The office cannot see a review: refused before any form opens.
    const opened = slack.of('views.open').length;
    await postInteraction(server.base, blockAction({ user: SLACK_IDS.karen!, actionId: ACTION.breach, value: breach.value, channel: 'D0KAREN', ts: '1.1' }));
    const karen = await slack.waitFor('chat.postEphemeral', (c) => c.body.user === SLACK_IDS.karen);
    expect(karen.body.text).toMatch(/^Not done: Karen Wright cannot see review/);
    expect(slack.of('views.open').length).toBe(opened);

    const press = blockAction({ user: SLACK_IDS.harrison!, actionId: ACTION.breach, value: breach.value, channel: 'D0HARRISON', ts });
    await postInteraction(server.base, press);
    const open = await slack.waitFor('views.open', (c) => c.body.trigger_id === press.trigger_id);
    const view = open.body.view;
    expect(checkModal(view)).toEqual([]);
    expect(view.callback_id).toBe(VIEW.breach);
    expect(JSON.parse(view.private_metadata)).toEqual({ ...JSON.parse(breach.value), ch: 'D0HARRISON', ts });

    // No response chosen, a meeting without whom: the workflow's own problems, each under its field.
    const bad = await postInteraction(server.base, viewSubmission({ user: SLACK_IDS.harrison!, view, answers: { reason: 'Abuse of a named teacher', breachedFlags: ['abusive'], responses: ['meeting'] } }));
    expect(bad.status).toBe(200);
    const errors = (await bad.json()) as Json;
    expect(errors.response_action).toBe('errors');
    expect(Object.keys(errors.errors)).toEqual(['meetingWith']);
    expect((await h.service.getCase(reviewId, { kind: 'operator' })).state).toBe('open');

    const good = await postInteraction(server.base, viewSubmission({ user: SLACK_IDS.harrison!, view, answers: { reason: 'Personal abuse of a named teacher (§3)', breachedFlags: ['abusive'], responses: ['warning_letter'] } }));
    expect(good.status).toBe(200);
    expect(await good.text()).toBe(''); // an empty answer closes the form
    const decided = await h.service.getCase(reviewId, { kind: 'operator' });
    expect(decided.state).toBe('breach');
    expect(decided.incident?.decidedBy).toBe('harrison');
    const update = await slack.waitFor('chat.update', (c) => c.body.ts === ts);
    expect(update.body.channel).toBe('D0HARRISON');
    expect(visibleText(update.body.blocks)).toContain('Mrs Harrison decided: breach.');
    expect(visibleText(update.body.blocks)).toContain('Decided: breach by Mrs Harrison');
    expect(buttonIn(update.body.blocks, ACTION.breach)).toBeUndefined();

    // Submitting the same form again is refused in the form and to the person, as the case has moved on.
    const again = await postInteraction(server.base, viewSubmission({ user: SLACK_IDS.harrison!, view, answers: { reason: 'Again', breachedFlags: ['abusive'], responses: ['warning_letter'] } }));
    const answer = (await again.json()) as Json;
    expect(answer.response_action).toBe('update');
    expect(visibleText(answer.view)).toMatch(/Not done: this case has moved on since the message was posted/);
  });

  it('a school whose file does not turn Slack on takes no presses from Slack', async () => {
    expect(h.ashby.file.alerts.slack).toBe(false);
    await postInteraction(server.base, blockAction({ user: SLACK_IDS.karen!, actionId: ACTION.approve, value: JSON.stringify({ s: 'ashby', c: 'c1', v: 1, r: 'r1' }), channel: 'D0KAREN', ts: '1.5' }));
    const refusal = await slack.waitFor('chat.postEphemeral', (c) => c.body.ts === undefined && /Ashby/.test(c.body.text));
    expect(refusal.body.text).toBe('Not done: Ashby School does not use Slack for Schoolgate (alerts.slack is off in its school file). Use the console.');
  });

  it('approval: Reject and Edit & approve through their forms; review: Escalate through its form', async () => {
    const { caseIds } = await arrive(h, { from: LILY_MUM, body: 'Is Lily’s class going to the museum on Thursday?', topic: 'learning' });
    const enquiryId = caseIds[0]!;
    const hughes = { kind: 'staff' as const, staffId: 'hughes' };
    const first = await h.service.writeReply(enquiryId, hughes, { body: 'Yes, on Thursday; bring a packed lunch.' });
    const toKaren = (await deliver(enquiryId)).get(SLACK_IDS.karen!)!;
    expect(toKaren.body.blocks[0].text.text).toBe('Reply waiting for approval');

    const reject = blockAction({ user: SLACK_IDS.karen!, actionId: ACTION.reject, value: buttonIn(toKaren.body.blocks, ACTION.reject).value, channel: 'D0KAREN', ts: tsOf(toKaren) });
    await postInteraction(server.base, reject);
    const rejectForm = (await slack.waitFor('views.open', (c) => c.body.trigger_id === reject.trigger_id)).body.view;
    expect(rejectForm.callback_id).toBe(VIEW.reject);
    expect(checkModal(rejectForm)).toEqual([]);
    const short = (await (await postInteraction(server.base, viewSubmission({ user: SLACK_IDS.karen!, view: rejectForm, answers: { reason: 'no' } }))).json()) as Json;
    expect(short).toEqual({ response_action: 'errors', errors: { reason: expect.stringMatching(/^Reason for rejecting the reply is required/) } });
    expect(await (await postInteraction(server.base, viewSubmission({ user: SLACK_IDS.karen!, view: rejectForm, answers: { reason: 'The trip is on Friday, please check' } }))).text()).toBe('');
    const rejected = (await h.service.getCase(enquiryId, { kind: 'operator' })).replies.find((r) => r.id === first.reply.id)!;
    expect(rejected).toMatchObject({ state: 'rejected', rejectedReason: 'The trip is on Friday, please check' });
    await slack.waitFor('chat.update', (c) => c.body.ts === tsOf(toKaren) && visibleText(c.body.blocks).includes('Karen Wright did not approve the reply.'));

    const second = await h.service.writeReply(enquiryId, hughes, { body: 'Yes, on Friday; bring a packed lunch.' });
    const again = [...(await deliver(enquiryId)).values()].find((c) => c.body.channel === 'D0KAREN')!;
    const edit = blockAction({ user: SLACK_IDS.karen!, actionId: ACTION.editApprove, value: buttonIn(again.body.blocks, ACTION.editApprove).value, channel: 'D0KAREN', ts: tsOf(again) });
    await postInteraction(server.base, edit);
    const editForm = (await slack.waitFor('views.open', (c) => c.body.trigger_id === edit.trigger_id)).body.view;
    expect(editForm.blocks[0].element.initial_value).toBe('Yes, on Friday; bring a packed lunch.');
    const edited = 'Yes, the trip is on Friday. Please bring a packed lunch. Mr Hughes';
    expect(await (await postInteraction(server.base, viewSubmission({ user: SLACK_IDS.karen!, view: editForm, answers: { editedBody: edited } }))).text()).toBe('');
    const approved = (await h.service.getCase(enquiryId, { kind: 'operator' })).replies.find((r) => r.id === second.reply.id)!;
    expect(approved).toMatchObject({ approvedBody: edited, approvedBy: 'karen' });
    const redrawn = await slack.waitFor('chat.update', (c) => c.body.ts === tsOf(again));
    expect(visibleText(redrawn.body.blocks)).toContain('Karen Wright edited and approved the reply; it is being sent.');
    expect(visibleText(redrawn.body.blocks)).toContain(edited);

    const review = await arrive(h, { from: LILY_MUM, body: 'You people are clowns, all of you.', flags: [['abusive', 'clowns']], topic: 'none' });
    const toMacey = (await deliver(review.caseIds[0]!)).get(SLACK_IDS.macey!)!;
    const escalate = blockAction({ user: SLACK_IDS.macey!, actionId: ACTION.escalate, value: buttonIn(toMacey.body.blocks, ACTION.escalate).value, channel: 'D0MACEY', ts: tsOf(toMacey) });
    await postInteraction(server.base, escalate);
    const escForm = (await slack.waitFor('views.open', (c) => c.body.trigger_id === escalate.trigger_id)).body.view;
    expect(escForm.callback_id).toBe(VIEW.escalate);
    expect(await (await postInteraction(server.base, viewSubmission({ user: SLACK_IDS.macey!, view: escForm, answers: { reason: 'Repeated; the head should decide' } }))).text()).toBe('');
    expect((await h.service.getCase(review.caseIds[0]!, { kind: 'operator' })).state).toBe('escalated');
    const esc = await slack.waitFor('chat.update', (c) => c.body.ts === tsOf(toMacey));
    expect(visibleText(esc.body.blocks)).toContain('Miss Macey escalated this to the head teacher.');
    expect(buttonIn(esc.body.blocks, ACTION.escalate)).toBeUndefined();
  });

  it('logs ids and outcomes, never a parent’s words, even at debug level', () => {
    expect(logs.text).toMatch(/"component":"slack".*"action":"sg_safeguarding_acknowledge".*"outcome":"done"/);
    expect(logs.text).toMatch(/"outcome":"FORBIDDEN"/);
    for (const words of ['uncle hit her', 'useless teacher', 'reading book', 'Personal abuse']) expect(logs.text).not.toContain(words);
  });
});
