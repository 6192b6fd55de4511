import { z } from 'zod';
import type { Result, SchoolgateError } from '../errors';
import { Channel } from '../domain/taxonomy';

/**
 * The parent channel ports: what the core expects of any channel parents write in (SMS through Twilio, Teams).
 * Channel-neutral on purpose: the core never sees a Twilio field name, and never imports an adapter.
 */

/** An attachment kept as a reference at the provider: never downloaded by Schoolgate. */
export const MediaRef = z.object({
  url: z.url({ message: 'media url must be an absolute URL' }),
  contentType: z.string().min(1, 'media contentType must be a MIME type such as image/jpeg'),
});
export type MediaRef = z.infer<typeof MediaRef>;

const common = {
  channel: Channel,
  /** The provider's own id for the message (Twilio MessageSid): the de-duplication key with `channel`. */
  providerMessageId: z.string().min(1),
  from: z.string().min(1),
  to: z.string().min(1),
  receivedAt: z.iso.datetime({ offset: true }),
};

/** A parent's message, verified and parsed, before it is stored. */
export const InboundText = z.object({
  ...common,
  body: z.string().max(10_000),
  media: z.array(MediaRef),
  /**
   * The school, when the channel itself knows it (Teams: the school file that lists the sender; every school of a
   * trust shares one bot, so `to` cannot say). Otherwise the school is found by `to` (the school's SMS number).
   */
  schoolId: z.string().min(1).optional(),
});
export type InboundText = z.infer<typeof InboundText>;

/**
 * A parent opting out of (STOP) or back in to (START) messages on this channel. The provider already acts on it
 * (Twilio stops delivering); the core must record it so nothing more is queued to that address.
 */
export const ConsentChange = z.object({
  ...common,
  kind: z.enum(['opt_out', 'opt_in']),
  /** The keyword as the parent wrote it, upper-cased (STOP, START, ...). */
  keyword: z.string().min(1),
  body: z.string().max(10_000),
});
export type ConsentChange = z.infer<typeof ConsentChange>;

/** Statuses a provider reports for an outbound message (Twilio's MessageStatus values for outbound messages). */
export const DELIVERY_STATUSES = [
  'accepted',
  'scheduled',
  'queued',
  'sending',
  'sent',
  'delivered',
  'undelivered',
  'failed',
  'canceled',
  'read',
  'partially_delivered',
] as const;
export const DeliveryStatus = z.enum(DELIVERY_STATUSES);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

/** A delivery report for a message Schoolgate sent. */
export const DeliveryStatusUpdate = z.object({
  channel: Channel,
  providerMessageId: z.string().min(1),
  status: DeliveryStatus,
  /** The provider's error code (Twilio 30003 unreachable, 30005 unknown number, 30007 filtered, ...), or null. */
  errorCode: z.number().int().nullable(),
  receivedAt: z.iso.datetime({ offset: true }),
});
export type DeliveryStatusUpdate = z.infer<typeof DeliveryStatusUpdate>;

/** What a verified inbound webhook carries. */
export type InboundEvent = { kind: 'text'; text: InboundText } | { kind: 'consent'; change: ConsentChange };

/**
 * Where the HTTP layer hands inbound traffic. Every method persists before it resolves: the server answers the
 * provider only after it resolves, and answers 5xx when it rejects, so the provider retries (no lost message).
 * Each must be idempotent on (channel, providerMessageId): providers redeliver.
 */
export interface ParentChannelIngest {
  acceptInbound(text: InboundText): Promise<{ stored: 'new' | 'duplicate' }>;
  recordConsent(change: ConsentChange): Promise<{ stored: 'new' | 'duplicate' }>;
  recordStatus(update: DeliveryStatusUpdate): Promise<void>;
}

/** A webhook request as the HTTP layer received it, for an adapter to verify and parse. */
export interface WebhookRequest {
  /** Path and query string exactly as received, e.g. `/webhooks/twilio/sms?school=rossmore`. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The decoded form body. */
  readonly form: Readonly<Record<string, unknown>>;
}

/**
 * The inbound side of a channel adapter: verify the platform's signature, then parse. A request that fails
 * verification is a FORBIDDEN error (or CONFIG_INVALID when the channel is not configured to verify anything);
 * a verified request with bad fields is INPUT_INVALID. Never accepts unsigned traffic.
 */
export interface ParentChannelWebhook {
  readonly channel: Channel;
  inbound(req: WebhookRequest, receivedAt: Date): Result<InboundEvent, SchoolgateError>;
  status(req: WebhookRequest, receivedAt: Date): Result<DeliveryStatusUpdate, SchoolgateError>;
}

/** One message to a parent. */
export interface OutboundText {
  to: string;
  body: string;
  /** Where the provider reports delivery (the public status webhook URL); omitted when it has none. */
  statusCallbackUrl?: string;
  /** The outbox's id for this send; used for correlation in logs (Twilio's Messages API has no idempotency key). */
  idempotencyKey: string;
}

/**
 * The outcome of one send attempt, as a value. `retryable` says whether the queue should try again later;
 * `maybeSent` says the provider may have accepted the message despite the error (a timeout, a reset after the
 * request went out, a 5xx): reconcile with `findRecentlySent` before retrying, or the parent gets it twice.
 */
export type SendOutcome =
  | { ok: true; providerMessageId: string; status: DeliveryStatus }
  | { ok: false; retryable: boolean; maybeSent: boolean; code?: number; message: string };

export interface SentMessage {
  providerMessageId: string;
  status: DeliveryStatus | 'unknown';
  to: string;
  from: string;
  createdAt: string;
}

export type FindSentOutcome =
  | { ok: true; messages: SentMessage[] }
  | { ok: false; retryable: boolean; code?: number; message: string };

/** The outbound side of a channel adapter. */
export interface ParentChannelSender {
  readonly channel: Channel;
  send(message: OutboundText): Promise<SendOutcome>;
  /**
   * Messages with exactly this body sent to `to` since `since` (newest first), so the outbox can settle an
   * attempt whose outcome is unknown instead of sending twice. `from` defaults to the sender's own address.
   */
  findRecentlySent(query: { to: string; body: string; since: Date; from?: string }): Promise<FindSentOutcome>;
}
