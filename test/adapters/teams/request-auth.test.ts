import type { Json } from './helpers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ID, BOT_TOKEN, BotFramework, chatOf, installActivity, invokeActivity, messageActivity, OTHER_TENANT, postActivity, SERVICE_URL, SigningKey, TENANT, USERS } from './helpers';
import { type Running, startSchoolgate } from './server';

/**
 * botbuilder's own request handling on the real server: every activity POSTed to /api/messages must carry a Bot
 * Framework JWT, signed by a key the Bot Framework publishes (nock serves its OpenID metadata and keys), for our app
 * id, with the activity's service URL, from a key endorsed for Teams. Nothing unverified is stored or answered.
 */
describe('POST /api/messages: the Bot Framework token, verified by botbuilder', () => {
  let run: Running;
  let bf: BotFramework;
  const webchatKey = new SigningKey(['webchat']);
  const stranger = new SigningKey();

  beforeAll(async () => {
    run = await startSchoolgate();
    bf = new BotFramework({ keysAlso: [webchatKey.jwk] });
  });
  afterAll(async () => {
    bf?.close();
    await run?.close();
  });

  const conversations = async () => (await run.sg.store.executor.executeSql('SELECT school_id, kind, member_id, address, teams_user_id, conversation_id FROM teams_conversations ORDER BY id', [])).rows as Json[];

  it('refuses requests without a valid token (401), and nothing reaches the bot', async () => {
    const a = messageActivity('harrison', 'hello');
    const cases: [string, string | null][] = [
      ['no token', null],
      ['not a JWT', 'not-a-token'],
      ['signed by a key the Bot Framework does not publish', stranger.channelToken()],
      ['for another bot', bf.key.channelToken({ aud: '00000000-1111-2222-3333-444444444444' })],
      ['from another issuer', bf.key.channelToken({ iss: 'https://sts.windows.net/evil/' })],
      ['for another service URL', bf.key.channelToken({ serviceUrl: 'https://evil.example/teams/' })],
      ['expired', bf.key.channelToken({ expiresIn: -3600 })],
      ['from a key not endorsed for Teams', webchatKey.channelToken()],
    ];
    for (const [what, token] of cases) {
      const res = await postActivity(run.base, a, token);
      expect(res.status, what).toBe(401);
    }
    expect(bf.calls).toEqual([]);
    expect(bf.tokenRequests).toEqual([]);
    expect(await conversations()).toEqual([]);
  });

  it('accepts a signed message from a member of staff: keeps their chat and answers in it with the bot’s own token', async () => {
    const a = messageActivity('harrison', 'hello');
    const res = await postActivity(run.base, a, bf.key.channelToken());
    expect(res.status).toBe(200);
    expect(await conversations()).toEqual([
      { school_id: 'rossmore', kind: 'staff', member_id: 'harrison', address: '29:harrison', teams_user_id: '29:harrison', conversation_id: chatOf('harrison') },
    ]);
    // The reply goes to the connector at the activity's service URL, as a reply to it, with the token Entra gave the bot.
    expect(bf.calls).toHaveLength(1);
    const call = bf.calls[0]!;
    expect(call).toMatchObject({ method: 'POST', path: `/teams/v3/conversations/${chatOf('harrison')}/activities/${a.id}`, authorization: `Bearer ${BOT_TOKEN}` });
    expect(call.body).toMatchObject({ type: 'message', replyToId: a.id, conversation: { id: chatOf('harrison') }, recipient: { id: USERS.harrison.id } });
    expect(call.body.text).toMatch(/^Hello Mrs Harrison\. Schoolgate posts its alerts for Rossmore School to you here/);
    // Single tenant: the token comes from the school's own tenant, for the Bot Framework's audience.
    expect(bf.tokenRequests).toHaveLength(1);
    expect(bf.tokenRequests[0]).toMatchObject({ client_id: APP_ID, grant_type: 'client_credentials', scope: 'https://api.botframework.com/.default' });
    expect(bf.tokenRequests[0]!.client_secret).toBeDefined();
  });

  it('keeps the chat of a member of staff who installs the app, matched by their Entra object id', async () => {
    bf.calls.length = 0;
    const res = await postActivity(run.base, installActivity('karen'), bf.key.channelToken());
    expect(res.status).toBe(200);
    expect((await conversations()).find((r) => r.member_id === 'karen')).toEqual({
      school_id: 'rossmore',
      kind: 'staff',
      member_id: 'karen',
      address: USERS.karen.aadObjectId,
      teams_user_id: USERS.karen.id,
      conversation_id: chatOf('karen'),
    });
    expect(bf.calls.map((c) => c.body.text)).toEqual(['Hello Karen Wright. Schoolgate will post its alerts for Rossmore School to you here.']);
  });

  it('ignores a verified activity from another tenant, and refuses its card presses', async () => {
    bf.calls.length = 0;
    const before = await conversations();
    expect((await postActivity(run.base, messageActivity('okafor', 'hello', { tenant: OTHER_TENANT }), bf.key.channelToken())).status).toBe(200);
    expect(await conversations()).toEqual(before);
    expect(bf.calls).toEqual([]);
    const press = await postActivity(run.base, invokeActivity('harrison', 'sg.safeguarding.acknowledge', { s: 'rossmore', c: 'x', v: 1 }, { tenant: OTHER_TENANT }), bf.key.channelToken());
    expect(press.status).toBe(200);
    expect(press.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(press.body.value)).toContain('only be used from the school’s own Microsoft Teams');
  });

  it('answers a malformed card press with a refusal card, not an error', async () => {
    const res = await postActivity(run.base, invokeActivity('harrison', 'sg.nonsense', { hello: 1 }), bf.key.channelToken());
    expect(res.status).toBe(200);
    expect(res.body.statusCode).toBe(200);
    expect(JSON.stringify(res.body.value)).toContain('not one of Schoolgate’s current buttons');
  });

  it('uses the tenant and service URL it was configured with', () => {
    expect(TENANT).not.toBe(OTHER_TENANT);
    expect(SERVICE_URL).toBe('https://smba.trafficmanager.net/teams/');
  });
});

describe('POST /api/messages without Teams configured', () => {
  let run: Running;
  beforeAll(async () => {
    run = await startSchoolgate({ teams: false });
  });
  afterAll(async () => {
    await run?.close();
  });

  it('refuses everything with 503 and says what to set', async () => {
    const key = new SigningKey();
    const res = await postActivity(run.base, messageActivity('harrison', 'hello'), key.channelToken());
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('CONFIG_INVALID');
    expect(res.body.error.message).toMatch(/MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD, MICROSOFT_APP_TENANT_ID/);
  });
});
