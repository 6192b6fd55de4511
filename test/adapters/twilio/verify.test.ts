import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { signedUrl, verifyTwilioSignature } from '../../../adapters/twilio/webhook/verify';
import { AUTH_TOKEN, inboundForm } from '../../server/helpers';

const config = { authToken: AUTH_TOKEN, publicUrl: 'https://schoolgate.rossmore.example' };
const request = (url: string, form: Record<string, string>, signature?: string) => ({
  url,
  form,
  headers: signature === undefined ? {} : { 'x-twilio-signature': signature },
});

describe('verifyTwilioSignature', () => {
  it('accepts Twilio’s signature over PUBLIC_URL + path + query', () => {
    const form = inboundForm();
    const sig = twilio.getExpectedTwilioSignature(AUTH_TOKEN, 'https://schoolgate.rossmore.example/webhooks/twilio/sms?a=1', form);
    expect(verifyTwilioSignature(config, request('/webhooks/twilio/sms?a=1', form, sig))).toEqual({ ok: true });
  });

  it('accepts a signature over the URL with the explicit default port (validateRequest tries both)', () => {
    const form = inboundForm();
    const sig = twilio.getExpectedTwilioSignature(AUTH_TOKEN, 'https://schoolgate.rossmore.example:443/webhooks/twilio/sms', form);
    expect(verifyTwilioSignature(config, request('/webhooks/twilio/sms', form, sig)).ok).toBe(true);
  });

  it('says exactly what to set when it cannot verify anything', () => {
    const v = verifyTwilioSignature({ authToken: undefined, publicUrl: undefined }, request('/webhooks/twilio/sms', inboundForm(), 'x'));
    expect(v).toMatchObject({ ok: false, reason: 'not_configured' });
    expect(!v.ok && v.message).toMatch(/TWILIO_AUTH_TOKEN and PUBLIC_URL are set \(missing: TWILIO_AUTH_TOKEN, PUBLIC_URL\)/);
  });

  it('distinguishes a missing signature from a wrong one', () => {
    expect(verifyTwilioSignature(config, request('/webhooks/twilio/sms', inboundForm()))).toMatchObject({ ok: false, reason: 'missing_signature' });
    expect(verifyTwilioSignature(config, request('/webhooks/twilio/sms', inboundForm(), 'AAAA'))).toMatchObject({ ok: false, reason: 'bad_signature' });
  });

  it('joins PUBLIC_URL and the path without doubling slashes', () => {
    expect(signedUrl('https://h.example/prefix/', '/webhooks/twilio/sms?x=1')).toBe('https://h.example/prefix/webhooks/twilio/sms?x=1');
  });
});
