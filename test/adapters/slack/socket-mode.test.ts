import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { createSlackSurface } from '../../../adapters/slack/index';
import { ACTION, SLACK_EVENTS_PATH } from '../../../adapters/slack/types';
import { AlertDispatcher } from '../../../src/alerts/dispatcher';
import { parseEnv } from '../../../src/config/env';
import { LILY_MUM } from '../../workflow/fixtures';
import { arrive, backends, type Harness, jobs, openHarness } from '../../workflow/store-fixtures';
import { APP_TOKEN, BOT_TOKEN, blockAction, buttonIn, SLACK_IDS, SlackApi, slackSchool, until } from './helpers';

/**
 * Socket Mode: Bolt asks Slack for a WebSocket URL (apps.connections.open, nock) and connects out to it; here the
 * URL points at a local WebSocket server standing in for Slack's, which says hello and sends a button press in an
 * envelope the way Slack does. Nothing listens for Slack on our side: no public URL is needed.
 */

// biome-ignore lint/suspicious/noExplicitAny: Slack's JSON as the tests read it
type Json = any;

class FakeSlackSocket {
  readonly server: WebSocketServer;
  readonly received: Json[] = [];
  sockets: WebSocket[] = [];
  closed = 0;
  constructor() {
    this.server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    this.server.on('connection', (ws) => {
      this.sockets.push(ws);
      ws.on('message', (data) => this.received.push(JSON.parse(String(data))));
      ws.on('close', () => this.closed++);
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'local', approximate_connection_time: 3600 }, connection_info: { app_id: 'A0SCHOOLGATE' } }));
    });
  }
  get url() {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/link/?ticket=t-1`;
  }
  send(envelope: Json) {
    for (const ws of this.sockets) ws.send(JSON.stringify(envelope));
  }
  listening(): Promise<void> {
    return this.server.address() ? Promise.resolve() : new Promise((r, e) => this.server.once('listening', r).once('error', e));
  }
  close() {
    for (const ws of this.sockets) ws.terminate();
    return new Promise((r) => this.server.close(r));
  }
}

describe('Slack Socket Mode', () => {
  let h: Harness;
  let slack: SlackApi;
  let fake: FakeSlackSocket;
  let stop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
    h = await openHarness(backends[0]!);
    slack = new SlackApi();
    fake = new FakeSlackSocket();
    await fake.listening();
  });
  afterAll(async () => {
    await stop?.();
    await fake?.close();
    await h?.close();
    slack?.close();
    nock.enableNetConnect();
  });

  it('is configured by SLACK_APP_TOKEN: the bot token is still needed, and the HTTP route says Socket Mode is in use', () => {
    const alone = parseEnv({ SLACK_APP_TOKEN: APP_TOKEN });
    expect(alone.ok).toBe(false);
    if (!alone.ok) expect(alone.error.message).toMatch(/SLACK_BOT_TOKEN: SLACK_BOT_TOKEN is required when SLACK_APP_TOKEN is set/);
    const wrong = parseEnv({ SLACK_APP_TOKEN: 'xoxb-not-an-app-token', SLACK_BOT_TOKEN: 'xapp-wrong-way-round', SLACK_SIGNING_SECRET: 'short' });
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.error.message.match(/SLACK_\w+:/g)).toEqual(['SLACK_BOT_TOKEN:', 'SLACK_SIGNING_SECRET:', 'SLACK_APP_TOKEN:']);
    const env = parseEnv({ SLACK_APP_TOKEN: APP_TOKEN, SLACK_BOT_TOKEN: BOT_TOKEN });
    expect(env.ok).toBe(true);

    const school = slackSchool();
    const surface = createSlackSurface({ SLACK_APP_TOKEN: APP_TOKEN, SLACK_BOT_TOKEN: BOT_TOKEN }, { workflow: h.service, schools: new Map([[school.id, school]]) });
    expect(surface.socketMode).not.toBeNull();
    expect(surface.channel).not.toBeNull();
    expect(surface.problems).toEqual([]);
    expect(surface.webhook.path).toBe(SLACK_EVENTS_PATH);
    expect(String((surface.webhook.handler as Error).message)).toMatch(/Socket Mode \(SLACK_APP_TOKEN\).*set SLACK_SIGNING_SECRET/);
    expect(createSlackSurface({ SLACK_BOT_TOKEN: BOT_TOKEN }, { workflow: h.service, schools: new Map() }).socketMode).toBeNull();
  });

  it('connects out, takes a button press from the socket to the workflow, acks its envelope, and stops cleanly', async () => {
    const school = slackSchool();
    const schools = new Map([[school.id, school]]);
    slack.answers.set('apps.connections.open', { ok: true, url: fake.url });
    const surface = createSlackSurface({ SLACK_APP_TOKEN: APP_TOKEN, SLACK_BOT_TOKEN: BOT_TOKEN }, { workflow: h.service, schools });
    stop = surface.socketMode!.stop;
    await surface.socketMode!.start();
    const open = slack.of('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0]!.authorization).toBe(`Bearer ${APP_TOKEN}`); // the app-level token, not the bot's
    expect(fake.sockets).toHaveLength(1);

    const { caseIds } = await arrive(h, { from: LILY_MUM, body: 'Lily told me someone at the bus stop grabbed her arm and would not let go.', topic: 'safeguarding', urgency: 'urgent' });
    const dispatcher = new AlertDispatcher({ store: h.store, schools, workflow: h.service, channels: [surface.channel!] });
    for (const data of (await jobs(h, 'alert')).filter((d) => d.caseId === caseIds[0])) await dispatcher.run({ id: 'job-socket', data, retryCount: 0 });
    const posted = slack.of('chat.postMessage').find((c) => c.body.channel === 'D0MACEY')!;
    const button = buttonIn(posted.body.blocks, ACTION.acknowledge);

    fake.send({
      envelope_id: 'env-1',
      type: 'interactive',
      accepts_response_payload: true,
      payload: blockAction({ user: SLACK_IDS.macey!, actionId: ACTION.acknowledge, value: button.value, channel: posted.response.channel, ts: posted.response.ts }),
    });
    const acked = await until(async () => fake.received.find((m) => m.envelope_id === 'env-1'), 'the envelope ack');
    expect(acked).toEqual({ envelope_id: 'env-1', payload: {} }); // acked with nothing to say: the work is done after
    const update = await slack.waitFor('chat.update', (c) => c.body.ts === posted.response.ts);
    expect(JSON.stringify(update.body.blocks)).toContain('Miss Macey acknowledged this concern.');
    expect((await h.service.getCase(caseIds[0]!, { kind: 'operator' })).safeguarding?.acknowledged?.by).toBe('macey');

    await surface.socketMode!.stop();
    await until(async () => fake.closed === 1, 'the socket to close');
    expect(slack.of('apps.connections.open')).toHaveLength(1); // no reconnect after a deliberate stop
  });

  it('a refused app token stops start() with Slack’s reason instead of retrying for ever', async () => {
    slack.answers.delete('apps.connections.open');
    slack.failWith.set('apps.connections.open', 'invalid_auth');
    const surface = createSlackSurface({ SLACK_APP_TOKEN: APP_TOKEN, SLACK_BOT_TOKEN: BOT_TOKEN }, { workflow: h.service, schools: new Map() });
    await expect(surface.socketMode!.start()).rejects.toThrow(/invalid_auth/);
    await surface.socketMode!.stop();
  });
});
