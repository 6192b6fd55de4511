import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ACTION, VIEW } from '../../../adapters/slack/types';
import { parseEnv } from '../../../src/config/env';
import { composeSchoolgate, type Schoolgate } from '../../../src/main/compose';
import { workflowPorts } from '../../../src/main/workflow';
import { createLogger } from '../../../src/server/logger';
import { checkMessage, checkModal, visibleText } from './block-kit';
import { BOT_TOKEN, blockAction, buttonIn, postInteraction, SIGNING_SECRET, SLACK_IDS, SlackApi, type SlackCall, slackSchoolDoc, until, viewSubmission } from './helpers';

/**
 * Issue #4 item 2 end to end on `npm start`'s composition (embedded PGlite, pg-boss, the real workflow, the real
 * server on a port): a flagged text → the review message in Slack → Not a breach (a modal) → the enquiry message to
 * the class teacher, without the abuse → Write reply (a modal) → the approval message to the office → Approve → the
 * SMS at Twilio. Slack's and Twilio's APIs are nock; every request to us is signed as they sign it.
 */
const SID = `AC${'5'.repeat(32)}`;
const TOKEN = 'slack-e2e-auth-token-0123456789';
const PUBLIC = 'https://gate.rossmore.example';
const SCHOOL_NUMBER = '+447700900001';
const LILY_MUM = '+447700900283';
const WAIT = 60_000;

describe('a flagged text to a sent reply, decided and approved in Slack', () => {
  let sg: Schoolgate;
  let base: string;
  let slack: SlackApi;
  const sms: Record<string, string>[] = [];

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-slack-e2e-'));
    const schoolFile = join(dir, 'rossmore.yaml');
    writeFileSync(schoolFile, stringify(slackSchoolDoc()));
    const env = parseEnv({
      SCHOOLGATE_DATA_DIR: join(dir, 'data'),
      SCHOOLGATE_SCHOOL_FILE: schoolFile,
      TWILIO_ACCOUNT_SID: SID,
      TWILIO_AUTH_TOKEN: TOKEN,
      TWILIO_PHONE_NUMBER: SCHOOL_NUMBER,
      PUBLIC_URL: PUBLIC,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SCHOOLGATE_LOG_LEVEL: 'error',
    });
    if (!env.ok) throw env.error;
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
    slack = new SlackApi();
    nock('https://api.twilio.com')
      .persist()
      .post(`/2010-04-01/Accounts/${SID}/Messages.json`, (b: Record<string, string>) => {
        sms.push(b);
        return true;
      })
      .basicAuth({ user: SID, pass: TOKEN })
      .reply(201, () => ({ sid: `SM${String(sms.length).padStart(32, '0')}`, status: 'queued' }));
    sg = await composeSchoolgate(env.value, { logger: createLogger({ level: 'error' }), workflow: workflowPorts });
    base = await sg.app.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await sg?.close();
    slack?.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  const postTo = (user: string, header: string) =>
    slack.waitFor('chat.postMessage', (c) => c.body.channel === `D${user.slice(1)}` && c.body.blocks[0]?.text?.text === header, `"${header}" to ${user}`);

  /** Press a button on a message we posted, as its recipient (or as someone else, with `as`). */
  const press = (message: SlackCall, actionId: string, as?: string) => {
    const button = buttonIn(message.body.blocks, actionId);
    if (!button) throw new Error(`no ${actionId} button on the message`);
    const user = as ?? `U${String(message.body.channel).slice(1)}`;
    const payload = blockAction({ user, actionId, value: button.value, channel: message.response.channel, ts: message.response.ts });
    return { payload, sent: postInteraction(base, payload) };
  };

  const openedFor = async (payload: { trigger_id: string }) => (await slack.waitFor('views.open', (c) => c.body.trigger_id === payload.trigger_id)).body.view;

  it('takes the text through Slack’s buttons and forms to the parent’s phone', { timeout: 240_000 }, async () => {
    const text = "Mr Hughes you are a useless teacher. Can Lily have her reading book changed please, she's read it three times.";
    const params = { MessageSid: `SM${'9'.repeat(32)}`, AccountSid: SID, From: LILY_MUM, To: SCHOOL_NUMBER, Body: text, NumMedia: '0' };
    const inbound = await fetch(`${base}/webhooks/twilio/sms`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(TOKEN, `${PUBLIC}/webhooks/twilio/sms`, params) },
      body: new URLSearchParams(params),
    });
    expect(inbound.status).toBe(200);

    // 1. Triage flags it; each eligible reviewer gets the review by DM (never Mr Hughes, whom it names).
    const review = await until(async () => slack.calls.find((c) => c.method === 'chat.postMessage' && c.body.channel === 'D0HARRISON'), 'the review message', WAIT);
    expect(review.body.blocks[0].text.text).toBe('Flagged message for review');
    expect(checkMessage(review.body.blocks, review.body.text)).toEqual([]);
    expect(visibleText(review.body.blocks)).toContain('Sarah Jones (+447700900283)');
    const quote = review.body.blocks.find((b: { type: string }) => b.type === 'rich_text');
    expect(quote.elements[0].elements.filter((e: { style?: object }) => e.style).map((e: { text: string }) => e.text).join(' ')).toMatch(/useless/);
    expect(slack.of('chat.postMessage').some((c) => c.body.channel === 'D0HUGHES')).toBe(false);

    // 2. Mrs Harrison: Not a breach, with a reason, in the form the button opens.
    const notBreach = press(review, ACTION.notBreach);
    expect((await notBreach.sent).status).toBe(200);
    const form = await openedFor(notBreach.payload);
    expect(form.callback_id).toBe(VIEW.notBreach);
    expect(checkModal(form)).toEqual([]);
    const decided = await postInteraction(base, viewSubmission({ user: SLACK_IDS.harrison!, view: form, answers: { reason: 'Upset, and the request is real; not abusive enough to act on' } }));
    expect(decided.status).toBe(200);
    expect(await decided.text()).toBe('');
    const redrawn = await slack.waitFor('chat.update', (c) => c.body.ts === review.response.ts, 'the review message redrawn');
    expect(redrawn.body.channel).toBe('D0HARRISON');
    expect(visibleText(redrawn.body.blocks)).toContain('Decided: not a breach by Mrs Harrison');
    expect(buttonIn(redrawn.body.blocks, ACTION.notBreach)).toBeUndefined();

    // 3. The enquiry reaches Mr Hughes without the words aimed at him.
    const enquiry = await postTo(SLACK_IDS.hughes!, 'Enquiry for you');
    expect(checkMessage(enquiry.body.blocks, enquiry.body.text)).toEqual([]);
    expect(JSON.stringify(enquiry.body)).not.toMatch(/useless/);
    expect(visibleText(enquiry.body.blocks)).toMatch(/reading book/);

    // 4. He writes the reply in the form Write reply opens; it waits for the office.
    const write = press(enquiry, ACTION.writeReply);
    await write.sent;
    const replyForm = await openedFor(write.payload);
    expect(replyForm.callback_id).toBe(VIEW.writeReply);
    const words = "Thanks for letting me know, I'll change Lily's book tomorrow.";
    const submitted = await postInteraction(base, viewSubmission({ user: SLACK_IDS.hughes!, view: replyForm, answers: { body: words } }));
    expect(submitted.status).toBe(200);
    expect(await submitted.text()).toBe('');
    await slack.waitFor('chat.update', (c) => c.body.ts === enquiry.response.ts && visibleText(c.body.blocks).includes('Mr Hughes sent a reply for approval.'), 'the enquiry message redrawn');

    // 5. The office gets the approval message; Mr Hughes pressing Approve is refused with the workflow's reason.
    const approval = await postTo(SLACK_IDS.karen!, 'Reply waiting for approval');
    expect(checkMessage(approval.body.blocks, approval.body.text)).toEqual([]);
    expect(visibleText(approval.body.blocks)).toContain(words);
    const wrong = press(approval, ACTION.approve, SLACK_IDS.hughes);
    await wrong.sent;
    const refusal = await slack.waitFor('chat.postEphemeral', (c) => c.body.user === SLACK_IDS.hughes, 'the refusal');
    expect(refusal.body.channel).toBe('D0KAREN');
    expect(refusal.body.text).toMatch(/^Not done: Mr Hughes cannot approve or reject reply \S+: it needs the role "office" or "head_teacher"/);
    expect(sms.some((b) => b.Body === words)).toBe(false);

    // 6. Karen approves: the SDK sends exactly those words to Lily's mum, and her message shows it done.
    const approve = press(approval, ACTION.approve);
    expect((await approve.sent).status).toBe(200);
    const out = await until(async () => sms.find((b) => b.Body === words), 'the SMS at Twilio', WAIT);
    expect(out).toEqual({ To: LILY_MUM, From: SCHOOL_NUMBER, Body: words, StatusCallback: `${PUBLIC}/webhooks/twilio/status` });
    const done = await slack.waitFor('chat.update', (c) => c.body.ts === approval.response.ts, 'the approval message redrawn');
    expect(visibleText(done.body.blocks)).toContain('Karen Wright approved the reply; it is being sent.');
    expect(buttonIn(done.body.blocks, ACTION.approve)).toBeUndefined();
    expect(sms.filter((b) => b.Body === words)).toHaveLength(1);
  });
});
