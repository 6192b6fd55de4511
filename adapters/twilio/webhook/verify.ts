import twilio from 'twilio';
import type { WebhookRequest } from '../../../src/channels/parent-channel';

export interface TwilioVerifyConfig {
  /** TWILIO_AUTH_TOKEN: the key Twilio signs webhooks with. */
  authToken: string | undefined;
  /** PUBLIC_URL: the base URL the school gave Twilio, possibly with a path prefix (https://host/schoolgate). */
  publicUrl: string | undefined;
}

export type VerifyOutcome =
  | { ok: true }
  | { ok: false; reason: 'not_configured' | 'missing_signature' | 'bad_signature'; message: string };

/**
 * Check `X-Twilio-Signature` against the URL Twilio was given: PUBLIC_URL plus the path and query string as
 * received, never the address this process listens on (behind a proxy they differ). Fails closed: without an
 * auth token and public URL nothing is accepted. validateRequest compares in constant time and also tries the
 * URL with and without the default port.
 */
export function verifyTwilioSignature(config: TwilioVerifyConfig, req: WebhookRequest): VerifyOutcome {
  const missing = [
    config.authToken ? null : 'TWILIO_AUTH_TOKEN',
    config.publicUrl ? null : 'PUBLIC_URL',
  ].filter((m): m is string => m !== null);
  if (missing.length > 0 || !config.authToken || !config.publicUrl) {
    return {
      ok: false,
      reason: 'not_configured',
      message:
        `Twilio webhooks are refused until TWILIO_AUTH_TOKEN and PUBLIC_URL are set (missing: ${missing.join(', ')}). ` +
        'Set TWILIO_AUTH_TOKEN to the Auth Token in the Twilio Console (Account Info) and PUBLIC_URL to the https ' +
        'address Twilio is given for this server, then restart Schoolgate.',
    };
  }

  const header = req.headers['x-twilio-signature'];
  if (typeof header !== 'string' || header === '') {
    return { ok: false, reason: 'missing_signature', message: 'The request has no X-Twilio-Signature header.' };
  }

  const url = signedUrl(config.publicUrl, req.url);
  if (!twilio.validateRequest(config.authToken, header, url, req.form)) {
    return {
      ok: false,
      reason: 'bad_signature',
      message: 'The X-Twilio-Signature does not match. If this is really Twilio, check that PUBLIC_URL matches the webhook URL in the Twilio Console and that TWILIO_AUTH_TOKEN is current.',
    };
  }
  return { ok: true };
}

/** PUBLIC_URL (without a trailing slash) + the path and query as received, e.g. https://host/prefix/webhooks/twilio/sms?x=1. */
export function signedUrl(publicUrl: string, pathAndQuery: string): string {
  return publicUrl.replace(/\/+$/, '') + pathAndQuery;
}
