import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SlackAlertChannel } from '../../../adapters/slack/alert-channel';
import { alertMessage } from '../../../adapters/slack/blocks';
import { createSlackClient, renderOptions } from '../../../adapters/slack/index';
import { alert, enquiry, recipient, reviewCase, school } from './fixtures';
import { BOT_TOKEN, SlackApi } from './helpers';

/** The alert channel at Slack's Web API: exactly what the SDK sends to post a DM and to update it in place. */
describe('SlackAlertChannel (chat.postMessage / chat.update through the real Web API client)', () => {
  let slack: SlackApi;
  const channel = () => new SlackAlertChannel(createSlackClient(BOT_TOKEN), renderOptions(new Map([[school.id, school]]), 'https://gate.rossmore.example'));
  const render = renderOptions(new Map([[school.id, school]]), 'https://gate.rossmore.example')('rossmore');

  beforeAll(() => {
    nock.disableNetConnect();
    slack = new SlackApi();
  });
  afterEach(() => {
    slack.calls.length = 0;
    slack.failWith.clear();
  });
  afterAll(() => {
    slack.close();
    nock.enableNetConnect();
  });

  it('reaches only staff with a Slack member id', async () => {
    const c = channel();
    expect(await c.canReach('rossmore', recipient)).toBe(true);
    expect(await c.canReach('rossmore', { ...recipient, slackUserId: undefined })).toBe(false);
  });

  it('opens the DM once, posts the blocks, and returns the channel and ts to update it by', async () => {
    const c = channel();
    const a = alert({ case: reviewCase() });
    const posted = await c.post(a);
    expect(posted).toEqual({ ok: true, value: { channel: 'slack', ref: JSON.stringify({ channel: 'D0HARRISON', ts: '1700000001.000100' }) } });
    const expected = alertMessage(a, render);
    expect(slack.calls.map((x) => x.method)).toEqual(['conversations.open', 'chat.postMessage']);
    expect(slack.calls[0]!.body).toEqual({ users: 'U0HARRISON' });
    expect(slack.calls[1]!.body).toEqual({ channel: 'D0HARRISON', text: expected.text, blocks: expected.blocks, unfurl_links: 'false', unfurl_media: 'false' });
    expect(slack.calls.every((x) => x.authorization === `Bearer ${BOT_TOKEN}`)).toBe(true);

    await c.post(alert({ case: reviewCase({ id: 'case-review-2' }) }));
    expect(slack.calls.map((x) => x.method)).toEqual(['conversations.open', 'chat.postMessage', 'chat.postMessage']); // the DM is remembered

    const moved = alert({ case: reviewCase({ state: 'not_breach', version: 4 }), reason: 'updated', headline: 'Decided elsewhere' });
    const updated = await c.update(posted.ok ? posted.value : { channel: 'slack', ref: '' }, moved);
    expect(updated).toEqual({ ok: true, value: undefined });
    const again = alertMessage(moved, render);
    expect(slack.calls.at(-1)).toMatchObject({ method: 'chat.update', body: { channel: 'D0HARRISON', ts: '1700000001.000100', text: again.text, blocks: again.blocks } });
  });

  it('turns Slack’s refusals into errors that say who must act', async () => {
    const c = channel();
    slack.failWith.set('chat.postMessage', 'invalid_auth');
    const auth = await c.post(alert({ purpose: 'enquiry', case: enquiry() }));
    expect(auth.ok).toBe(false);
    if (!auth.ok) {
      expect(auth.error.code).toBe('CONFIG_INVALID');
      expect(auth.error.message).toMatch(/Slack refused to post an alert to Mrs Harrison: invalid_auth\. Check SLACK_BOT_TOKEN/);
    }
    slack.failWith.set('chat.postMessage', 'is_archived');
    const other = await c.post(alert({ case: reviewCase() }));
    expect(!other.ok && other.error.code).toBe('UPSTREAM_FAILED');
    slack.failWith.set('chat.update', 'message_not_found');
    const gone = await c.update({ channel: 'slack', ref: JSON.stringify({ channel: 'D0HARRISON', ts: '1.1' }) }, alert({ case: reviewCase() }));
    expect(!gone.ok && gone.error.code).toBe('NOT_FOUND');
    const bad = await c.update({ channel: 'slack', ref: '{"activityId":"a1"}' }, alert({ case: reviewCase() }));
    expect(!bad.ok && bad.error.code).toBe('INPUT_INVALID');
    const none = await c.post(alert({ case: reviewCase(), recipient: { ...recipient, slackUserId: undefined } }));
    expect(!none.ok && none.error.message).toMatch(/no contact\.slack_user_id/);
  });

  it('does not wait out Slack’s rate limit: the queue retries the job later', async () => {
    slack.statusOnce.set('chat.postMessage', [429, { ok: false, error: 'ratelimited' }, { 'retry-after': '30' }]);
    const c = channel();
    const r = await c.post(alert({ case: reviewCase() }));
    expect(!r.ok && r.error.code).toBe('RATE_LIMITED');
    expect(!r.ok && r.error.message).toMatch(/retry after 30 s/);
    expect(slack.of('chat.postMessage')).toHaveLength(1); // asked once, not retried inside the SDK
  });
});
