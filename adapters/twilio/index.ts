import type {
  DeliveryStatusUpdate,
  InboundEvent,
  ParentChannelWebhook,
  WebhookRequest,
} from '../../src/channels/parent-channel';
import { err, ok, type Result, SchoolgateError } from '../../src/errors';
import { createTwilioClient, TwilioSender } from './send';
import { parseInboundSms, parseStatusCallback } from './webhook/parse';
import { type TwilioVerifyConfig, verifyTwilioSignature } from './webhook/verify';

export { classifyTwilioError, createTwilioClient, TwilioSender } from './send';
export type { TwilioWebhookEvent } from './types';
export { parseInboundSms, parseStatusCallback } from './webhook/parse';
export { signedUrl, verifyTwilioSignature } from './webhook/verify';

/** The paths Twilio is configured with, relative to PUBLIC_URL. */
export const TWILIO_SMS_PATH = '/webhooks/twilio/sms';
export const TWILIO_STATUS_PATH = '/webhooks/twilio/status';

/**
 * Twilio's inbound side: verify, parse, convert to the core's channel-neutral events. Converts and forwards only;
 * what happens to a message is the core's business.
 */
export class TwilioSmsWebhook implements ParentChannelWebhook {
  readonly channel = 'sms' as const;

  constructor(private readonly config: TwilioVerifyConfig) {}

  inbound(req: WebhookRequest, receivedAt: Date): Result<InboundEvent, SchoolgateError> {
    const verified = this.verify(req);
    if (!verified.ok) return verified;
    const parsed = parseInboundSms(req.form);
    if (!parsed.ok) return parsed;
    const e = parsed.value;
    const common = {
      channel: 'sms' as const,
      providerMessageId: e.messageSid,
      from: e.from,
      to: e.to,
      body: e.body,
      receivedAt: receivedAt.toISOString(),
    };
    if (e.kind === 'text') return ok({ kind: 'text', text: { ...common, media: e.media } });
    return ok({ kind: 'consent', change: { ...common, kind: e.kind, keyword: e.keyword } });
  }

  status(req: WebhookRequest, receivedAt: Date): Result<DeliveryStatusUpdate, SchoolgateError> {
    const verified = this.verify(req);
    if (!verified.ok) return verified;
    const parsed = parseStatusCallback(req.form);
    if (!parsed.ok) return parsed;
    const e = parsed.value;
    return ok({
      channel: 'sms',
      providerMessageId: e.messageSid,
      status: e.status,
      errorCode: e.errorCode,
      receivedAt: receivedAt.toISOString(),
    });
  }

  private verify(req: WebhookRequest): Result<true, SchoolgateError> {
    const v = verifyTwilioSignature(this.config, req);
    if (v.ok) return ok(true);
    // Not configured is the operator's problem (CONFIG_INVALID); a bad or missing signature is the caller's.
    return err(new SchoolgateError(v.reason === 'not_configured' ? 'CONFIG_INVALID' : 'FORBIDDEN', v.message, { reason: v.reason }));
  }
}

/** The Twilio settings, as parsed from the environment by src/config/env.ts. */
export interface TwilioSettings {
  TWILIO_ACCOUNT_SID?: string;
  TWILIO_AUTH_TOKEN?: string;
  TWILIO_PHONE_NUMBER?: string;
  PUBLIC_URL?: string;
}

/** The inbound side is always built: unconfigured, it refuses every request with a message saying what to set. */
export function createTwilioWebhook(s: TwilioSettings): TwilioSmsWebhook {
  return new TwilioSmsWebhook({ authToken: s.TWILIO_AUTH_TOKEN, publicUrl: s.PUBLIC_URL });
}

/** The outbound side needs the account SID, auth token and the school's number; says which are missing. */
export function createTwilioSender(s: TwilioSettings, timeoutMs?: number): Result<TwilioSender, SchoolgateError> {
  const missing = (['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_PHONE_NUMBER'] as const).filter((k) => !s[k]);
  if (missing.length > 0 || !s.TWILIO_ACCOUNT_SID || !s.TWILIO_AUTH_TOKEN || !s.TWILIO_PHONE_NUMBER) {
    return err(
      new SchoolgateError(
        'CONFIG_INVALID',
        `SMS replies cannot be sent until ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} set (Twilio Console, Account Info and Phone Numbers).`,
      ),
    );
  }
  const client = createTwilioClient({ accountSid: s.TWILIO_ACCOUNT_SID, authToken: s.TWILIO_AUTH_TOKEN, timeoutMs });
  return ok(new TwilioSender(client, s.TWILIO_PHONE_NUMBER));
}

/** The status callback URL to give Twilio with each send, or undefined when there is no public URL. */
export function twilioStatusCallbackUrl(publicUrl: string | undefined): string | undefined {
  return publicUrl ? publicUrl.replace(/\/+$/, '') + TWILIO_STATUS_PATH : undefined;
}
