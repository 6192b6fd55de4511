import { describe, expect, it } from 'vitest';
import { parseInboundSms, parseStatusCallback } from '../../../adapters/twilio/webhook/parse';
import { ACCOUNT_SID, inboundForm, messageSid } from '../../server/helpers';

describe('parseInboundSms', () => {
  it('parses an ordinary text', () => {
    const r = parseInboundSms(inboundForm({ Body: 'Can Sam leave early on Friday?' }));
    expect(r).toEqual({
      ok: true,
      value: {
        kind: 'text',
        messageSid: messageSid(1),
        accountSid: ACCOUNT_SID,
        from: '+447700900123',
        to: '+447700900001',
        body: 'Can Sam leave early on Friday?',
        media: [],
      },
    });
  });

  it.each(['STOP', 'stop', ' Stop\n', 'STOPALL', 'UNSUBSCRIBE', 'cancel', 'END', 'quit'])('treats %j as an opt-out', (body) => {
    const r = parseInboundSms(inboundForm({ Body: body }));
    expect(r.ok && r.value).toMatchObject({ kind: 'opt_out', keyword: body.trim().toUpperCase() });
  });

  it.each(['START', 'yes', 'Unstop'])('treats %j as an opt-in', (body) => {
    const r = parseInboundSms(inboundForm({ Body: body }));
    expect(r.ok && r.value).toMatchObject({ kind: 'opt_in', keyword: body.toUpperCase() });
  });

  it.each(['Please stop texting me about dinner money', 'Stop.', 'yes please', 'end of term?'])(
    'keeps %j a text: Twilio matches keywords only as the whole body',
    (body) => {
      const r = parseInboundSms(inboundForm({ Body: body }));
      expect(r.ok && r.value.kind).toBe('text');
    },
  );

  it('honours OptOutType from Twilio Advanced Opt-Out, custom keywords included', () => {
    const out = parseInboundSms(inboundForm({ Body: 'Arrêt', OptOutType: 'STOP' }));
    expect(out.ok && out.value).toMatchObject({ kind: 'opt_out', keyword: 'ARRÊT' });
    const back = parseInboundSms(inboundForm({ Body: 'resume', OptOutType: 'START' }));
    expect(back.ok && back.value).toMatchObject({ kind: 'opt_in', keyword: 'RESUME' });
    // HELP is answered by Twilio and otherwise an ordinary message.
    const help = parseInboundSms(inboundForm({ Body: 'HELP', OptOutType: 'HELP' }));
    expect(help.ok && help.value.kind).toBe('text');
  });

  it('lists every problem in one INPUT_INVALID error, naming fields, never their values', () => {
    const r = parseInboundSms({ MessageSid: 'nonsense', From: '', Body: 'secret words', NumMedia: 'two' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('INPUT_INVALID');
    expect(r.error.message).toMatch(/MessageSid must be a Twilio message SID/);
    expect(r.error.message).toMatch(/AccountSid is missing/);
    expect(r.error.message).toMatch(/From is empty/);
    expect(r.error.message).toMatch(/To is missing/);
    expect(r.error.message).toMatch(/NumMedia must be a whole number/);
    expect(r.error.message).not.toMatch(/nonsense|secret/);
  });

  it('rejects a repeated field (an array) instead of guessing', () => {
    const r = parseInboundSms({ ...inboundForm(), Body: ['one', 'two'] });
    expect(r.ok).toBe(false);
  });

  it('requires a URL and content type for each announced attachment', () => {
    const r = parseInboundSms(inboundForm({ NumMedia: '2', MediaUrl0: 'https://api.twilio.com/m/0', MediaContentType0: 'image/png', MediaUrl1: 'file:///etc/passwd' }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message).toMatch(/MediaUrl1 must be the http\(s\) URL of attachment 2 of 2/);
    expect(r.error.message).toMatch(/MediaContentType1 must be the MIME type/);
  });

  it('refuses more than ten attachments', () => {
    const r = parseInboundSms(inboundForm({ NumMedia: '11' }));
    expect(r.ok || r.error.message).toMatch(/NumMedia must be at most 10/);
  });
});

describe('parseStatusCallback', () => {
  it('parses each of Twilio’s outbound statuses', () => {
    for (const status of ['queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'accepted', 'scheduled', 'canceled', 'read']) {
      const r = parseStatusCallback({ MessageSid: messageSid(5), AccountSid: ACCOUNT_SID, MessageStatus: status });
      expect(r).toEqual({ ok: true, value: { kind: 'status', messageSid: messageSid(5), accountSid: ACCOUNT_SID, status, errorCode: null } });
    }
  });

  it('reads ErrorCode as a number and an empty one as none', () => {
    const failed = parseStatusCallback({ MessageSid: messageSid(5), AccountSid: ACCOUNT_SID, MessageStatus: 'failed', ErrorCode: '30007' });
    expect(failed.ok && failed.value.errorCode).toBe(30007);
    const empty = parseStatusCallback({ MessageSid: messageSid(5), AccountSid: ACCOUNT_SID, MessageStatus: 'sent', ErrorCode: '' });
    expect(empty.ok && empty.value.errorCode).toBe(null);
  });

  it('explains a missing status or a non-numeric error code', () => {
    const r = parseStatusCallback({ MessageSid: messageSid(5), AccountSid: ACCOUNT_SID, ErrorCode: 'oops' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message).toMatch(/MessageStatus must be one of/);
    expect(r.error.message).toMatch(/ErrorCode must be a number/);
  });
});
