import { z } from 'zod';
import { DELIVERY_STATUSES, type DeliveryStatus, type MediaRef } from '../../src/channels/parent-channel';

/** Twilio's form fields for inbound messages and status callbacks, and the union they parse into. */

/** Message SIDs: SM… for SMS, MM… for MMS. */
const MessageSid = z
  .string({ error: 'MessageSid is missing' })
  .regex(/^(SM|MM)[0-9a-fA-F]{32}$/, 'MessageSid must be a Twilio message SID (SM or MM followed by 32 hex characters)');
const AccountSid = z
  .string({ error: 'AccountSid is missing' })
  .regex(/^AC[0-9a-fA-F]{32}$/, 'AccountSid must be a Twilio account SID (AC followed by 32 hex characters)');
// Phone numbers are E.164 for SMS, but Twilio also uses channel addresses (whatsapp:+44…) and short codes.
const Address = (name: string) =>
  z.string({ error: `${name} is missing` }).min(1, `${name} is empty`).max(64, `${name} is longer than 64 characters`);

export const InboundSmsForm = z.object({
  MessageSid,
  AccountSid,
  From: Address('From'),
  To: Address('To'),
  // An MMS with only a picture has an empty Body.
  Body: z.string({ error: 'Body must be text' }).max(10_000, 'Body is longer than 10,000 characters').default(''),
  NumMedia: z.coerce
    .number({ error: 'NumMedia must be a whole number' })
    .int('NumMedia must be a whole number')
    .min(0, 'NumMedia must be 0 or more')
    .max(10, 'NumMedia must be at most 10 (Twilio’s MMS limit)')
    .default(0),
  // Set by Twilio Advanced Opt-Out when the body matched one of the Messaging Service's keywords.
  OptOutType: z.string().optional(),
});
export type InboundSmsForm = z.infer<typeof InboundSmsForm>;

export const StatusCallbackForm = z.object({
  MessageSid,
  AccountSid,
  MessageStatus: z.enum(DELIVERY_STATUSES, { error: `MessageStatus must be one of ${DELIVERY_STATUSES.join(', ')}` }),
  // Absent or empty when the message did not fail.
  ErrorCode: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.coerce.number({ error: 'ErrorCode must be a number' }).int('ErrorCode must be a whole number').optional(),
  ),
});
export type StatusCallbackForm = z.infer<typeof StatusCallbackForm>;

interface MessageFields {
  messageSid: string;
  accountSid: string;
  from: string;
  to: string;
  body: string;
}

/** A verified Twilio webhook, parsed. */
export type TwilioWebhookEvent =
  | ({ kind: 'text'; media: MediaRef[] } & MessageFields)
  | ({ kind: 'opt_out'; keyword: string } & MessageFields)
  | ({ kind: 'opt_in'; keyword: string } & MessageFields)
  | { kind: 'status'; messageSid: string; accountSid: string; status: DeliveryStatus; errorCode: number | null };

export type TwilioInboundEvent = Exclude<TwilioWebhookEvent, { kind: 'status' }>;
export type TwilioStatusEvent = Extract<TwilioWebhookEvent, { kind: 'status' }>;
