import twilio from 'twilio';
import {
  DeliveryStatus,
  type FindSentOutcome,
  type OutboundText,
  type ParentChannelSender,
  type SendOutcome,
} from '../../src/channels/parent-channel';

export interface TwilioClientOptions {
  accountSid: string;
  authToken: string;
  /** Per-request timeout; Twilio's SDK default is 30 s, too long for a queue worker. */
  timeoutMs?: number;
}

/**
 * The REST client the sender is given. Retries belong to the queue, so the SDK's own 429 retry is off; `env: {}`
 * stops the SDK reading TWILIO_* variables from process.env behind the config module's back.
 */
export function createTwilioClient(o: TwilioClientOptions): twilio.Twilio {
  return twilio(o.accountSid, o.authToken, { autoRetry: false, timeout: o.timeoutMs ?? 15_000, env: {} });
}

/** Sends SMS through Twilio's Messages API; every failure comes back as a classified value, never thrown. */
export class TwilioSender implements ParentChannelSender {
  readonly channel = 'sms' as const;

  constructor(
    private readonly client: twilio.Twilio,
    /** The school's Twilio number (TWILIO_PHONE_NUMBER), E.164. */
    private readonly from: string,
  ) {}

  async send(message: OutboundText): Promise<SendOutcome> {
    try {
      const created = await this.client.messages.create({
        to: message.to,
        from: this.from,
        body: message.body,
        ...(message.statusCallbackUrl ? { statusCallback: message.statusCallbackUrl } : {}),
      });
      // A 2xx with a SID means Twilio has taken the message; a status outside our list is still that.
      const status = DeliveryStatus.safeParse(created.status);
      return { ok: true, providerMessageId: created.sid, status: status.success ? status.data : 'accepted' };
    } catch (error) {
      return classifyTwilioError(error, 'send the message');
    }
  }

  async findRecentlySent(query: { to: string; body: string; since: Date; from?: string }): Promise<FindSentOutcome> {
    try {
      // No DateSent filter: a message still queued has no date_sent yet and would be missed. Newest come first,
      // so one page of recent messages to this parent covers any attempt still being reconciled.
      const found = await this.client.messages.list({ to: query.to, from: query.from ?? this.from, limit: 50, pageSize: 50 });
      const messages = found
        .filter((m) => m.body === query.body && m.dateCreated instanceof Date && m.dateCreated >= query.since)
        .map((m) => {
          const status = DeliveryStatus.safeParse(m.status);
          return {
            providerMessageId: m.sid,
            status: status.success ? status.data : ('unknown' as const),
            to: m.to,
            from: m.from,
            createdAt: m.dateCreated.toISOString(),
          };
        });
      return { ok: true, messages };
    } catch (error) {
      const { retryable, code, message } = classifyTwilioError(error, 'list recent messages');
      return { ok: false, retryable, code, message };
    }
  }
}

// Socket errors before the request can have reached Twilio: nothing was sent.
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ERR_TLS_CERT_ALTNAME_INVALID']);
// Errors after the request may have gone out: the outcome is unknown.
const UNKNOWN_OUTCOME_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ECONNRESET', 'EPIPE', 'ERR_NETWORK', 'ESOCKETTIMEDOUT']);

// What the school's office can do about the commonest refusals.
const HINTS: Record<number, string> = {
  20003: 'Twilio rejected the credentials: check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN',
  21211: 'the parent’s number is not a valid phone number: correct it in the parent’s record',
  21408: 'sending to this country is not enabled: allow it under Messaging Geographic Permissions in the Twilio Console',
  21606: 'TWILIO_PHONE_NUMBER is not an SMS-capable number on this Twilio account',
  21610: 'the parent has replied STOP to this number; Twilio will not deliver until they text START',
  21614: 'the parent’s number cannot receive SMS (a landline?)',
};

type Failure = Extract<SendOutcome, { ok: false }>;

/**
 * Translate whatever the SDK threw into a value the queue can act on: 429 and 5xx are retryable, other 4xx are
 * not (retrying an invalid or unsubscribed number never helps). Twilio's messages can quote the phone number, so
 * digits runs are masked before the message is stored or logged.
 */
export function classifyTwilioError(error: unknown, action: string): Failure {
  const e = (error ?? {}) as { status?: unknown; code?: unknown; message?: unknown };
  const text = typeof e.message === 'string' ? maskNumbers(e.message) : String(error);

  if (typeof e.status === 'number') {
    const code = typeof e.code === 'number' ? e.code : undefined;
    const hint = code !== undefined ? HINTS[code] : undefined;
    const what = `Twilio could not ${action} (HTTP ${e.status}${code !== undefined ? `, error ${code}` : ''}): ${hint ?? text}`;
    if (e.status === 429) return { ok: false, retryable: true, maybeSent: false, code, message: what };
    if (e.status === 408 || e.status >= 500) return { ok: false, retryable: true, maybeSent: true, code, message: what };
    return { ok: false, retryable: false, maybeSent: false, code, message: what };
  }

  const sysCode = typeof e.code === 'string' ? e.code : undefined;
  if (sysCode && NOT_SENT_CODES.has(sysCode)) {
    return { ok: false, retryable: true, maybeSent: false, message: `Could not reach Twilio to ${action} (${sysCode}): ${text}` };
  }
  if (sysCode && UNKNOWN_OUTCOME_CODES.has(sysCode)) {
    return {
      ok: false,
      retryable: true,
      maybeSent: true,
      message: `The connection to Twilio failed while trying to ${action} (${sysCode}); it may have been sent: ${text}`,
    };
  }
  // Anything else (an SDK or programming fault): retry through the queue, reconciling first, and let the dead
  // letter queue show it if it persists.
  return { ok: false, retryable: true, maybeSent: true, message: `Unexpected error trying to ${action} through Twilio: ${text}` };
}

/** Mask phone-number-like digit runs so a parent's number never reaches a log or an error record. */
export function maskNumbers(text: string): string {
  return text.replace(/\+?\d[\d\s().-]{5,}\d/g, '[number]');
}
