import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_ID, BotFramework, chatOf, installActivity, type Json, messageActivity, postActivity, TENANT, until, USERS } from './helpers';
import { type Running, startSchoolgate } from './server';

const DENTIST = 'Hi, Amelia has a dentist appointment on Thursday at 2pm, I will collect her from the office at 1:30.';
const REPLY = 'Thank you, that is fine. The office will have Amelia ready at 1:30 on Thursday.';

/**
 * Parents on Teams: a message from a parent's Teams account goes through the same ingest and triage as an SMS
 * (stored before Teams gets its 200, de-duplicated by the activity), the acknowledgement and approved replies go
 * back to that Teams conversation through the outbox, as plain text.
 */
describe('a parent messages the school in Teams', () => {
  let run: Running;
  let bf: BotFramework;

  beforeAll(async () => {
    run = await startSchoolgate();
    bf = new BotFramework();
  });
  afterAll(async () => {
    bf?.close();
    await run?.close();
  });

  const rows = async (q: string, p: unknown[] = []) => (await run.sg.store.executor.executeSql(q, p)).rows as Json[];

  it('is stored before the 200, once, under the parent, and triaged like a text', async () => {
    const a = messageActivity('whitfield', DENTIST);
    const token = bf.key.channelToken();
    expect((await postActivity(run.base, a, token)).status).toBe(200);
    // Stored by the time Teams has its answer (no waiting).
    const stored = await rows(`SELECT channel, provider_message_id, from_address, to_address, body, school_id FROM messages WHERE channel = 'teams'`);
    expect(stored).toEqual([{ channel: 'teams', provider_message_id: `${chatOf('whitfield')}|${a.id}`, from_address: USERS.whitfield.id, to_address: BOT_ID, body: DENTIST, school_id: 'rossmore' }]);
    // Teams redelivers the same activity: stored once.
    expect((await postActivity(run.base, a, bf.key.channelToken())).status).toBe(200);
    expect(await rows(`SELECT id FROM messages WHERE channel = 'teams'`)).toHaveLength(1);
    expect(await rows(`SELECT kind, member_id, address FROM teams_conversations WHERE kind = 'parent'`)).toEqual([{ kind: 'parent', member_id: 'amelia-mum', address: USERS.whitfield.id }]);

    // Triage opens an enquiry for the parent, the same as a text would.
    const { json } = await until(async () => {
      const r = await run.api('GET', '/cases?kind=enquiry');
      return r.json.cases?.some((c: Json) => c.message.channel === 'teams') ? r : undefined;
    }, 'the enquiry');
    const enquiry = json.cases.find((c: Json) => c.message.channel === 'teams');
    expect(enquiry).toMatchObject({ kind: 'enquiry', parent: { id: 'amelia-mum', name: 'Sarah Whitfield' }, message: { body: DENTIST } });

    // The acknowledgement goes back to the parent's Teams chat through the outbox, as plain text.
    const ack = await until(() => bf.to(chatOf('whitfield')).find((c) => c.method === 'POST'), 'the acknowledgement in Teams');
    expect(ack.path).toBe(`/teams/v3/conversations/${chatOf('whitfield')}/activities`);
    expect(ack.body).toMatchObject({ type: 'message', textFormat: 'plain', recipient: { id: USERS.whitfield.id }, conversation: { id: chatOf('whitfield'), tenantId: TENANT } });
    expect(ack.body.text).toMatch(/^Thank you, Rossmore School has your message/);
    expect(ack.body.replyToId).toBeUndefined();

    // Staff reply and the office approves: the reply goes to that Teams conversation, exactly as approved, once.
    const assignee = enquiry.assignee.staffId as string;
    const written = await run.api('POST', `/cases/${enquiry.id}/replies`, assignee, { body: REPLY });
    expect(written.status).toBe(201);
    expect((await run.api('POST', `/replies/${written.json.reply.id}/approve`, 'karen', {})).status).toBe(200);
    const sent = await until(() => bf.to(chatOf('whitfield')).find((c) => c.method === 'POST' && c.body.text === REPLY), 'the reply in Teams');
    expect(sent.body).toMatchObject({ type: 'message', text: REPLY, textFormat: 'plain', from: { id: BOT_ID }, recipient: { id: USERS.whitfield.id } });
    const state = await until(async () => {
      const c = (await run.api('GET', `/cases/${enquiry.id}`, 'karen')).json.case;
      const r = c.replies.find((x: Json) => x.id === written.json.reply.id);
      return r?.state === 'sent' ? r : undefined;
    }, 'the reply recorded as sent');
    expect(state.delivery).toMatchObject({ state: 'sent' });
    expect(bf.to(chatOf('whitfield')).filter((c) => c.body?.text === REPLY)).toHaveLength(1);
  });

  it('takes a message from a Teams user no school file lists, like a text from an unknown number', async () => {
    const a = messageActivity('stranger', 'Hello, is the school open on Monday for the inset day?');
    expect((await postActivity(run.base, a, bf.key.channelToken())).status).toBe(200);
    expect(await rows(`SELECT from_address, school_id FROM messages WHERE provider_message_id = $1`, [`${chatOf('stranger')}|${a.id}`])).toEqual([
      { from_address: USERS.stranger.aadObjectId, school_id: 'rossmore' },
    ]);
  });

  it('remembers a parent who installs the app, and greets them', async () => {
    bf.calls.length = 0;
    await run.sg.store.executor.executeSql(`DELETE FROM teams_conversations WHERE kind = 'parent' AND member_id = 'amelia-mum'`, []);
    expect((await postActivity(run.base, installActivity('whitfield'), bf.key.channelToken())).status).toBe(200);
    expect(await rows(`SELECT member_id FROM teams_conversations WHERE kind = 'parent' AND member_id = 'amelia-mum'`)).toHaveLength(1);
    expect(bf.to(chatOf('whitfield')).map((c) => c.body.text)).toEqual(['Hello. You can message Rossmore School here; the school office will see your message and staff will reply here.']);
  });

  it('answers 500 when the message cannot be stored, so Teams delivers it again', async () => {
    await run.sg.ingest.close(); // refuses anything new, as when the server is shutting down
    const res = await postActivity(run.base, messageActivity('whitfield', 'Is there a PE kit list?'), bf.key.channelToken());
    expect(res.status).toBe(500);
    expect(await rows(`SELECT id FROM messages WHERE body = 'Is there a PE kit list?'`)).toEqual([]);
  });
});
