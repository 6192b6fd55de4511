import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import twilio from 'twilio';
import { createTwilioWebhook } from '../../adapters/twilio/index';
import type {
  ConsentChange,
  DeliveryStatusUpdate,
  InboundText,
  ParentChannelIngest,
} from '../../src/channels/parent-channel';
import { buildServer, type ServerDeps } from '../../src/server/app';
import { createLogger } from '../../src/server/logger';

export const ACCOUNT_SID = `AC${'a'.repeat(32)}`;
export const AUTH_TOKEN = 'test-auth-token-0123456789abcdef';
export const PUBLIC_URL = 'https://schoolgate.rossmore.example';
export const API_TOKEN = 'api-token-0123456789abcdef0123';
export const SCHOOL_NUMBER = '+447700900001';
export const PARENT_NUMBER = '+447700900123';

/** A fake ingest port that records what it was given, de-duplicating on providerMessageId like the real one must. */
export class RecordingIngest implements ParentChannelIngest {
  readonly texts: InboundText[] = [];
  readonly consents: ConsentChange[] = [];
  readonly statuses: DeliveryStatusUpdate[] = [];
  acceptCalls = 0;
  private failure: Error | null = null;
  private gate: Promise<void> | null = null;
  private entered: (() => void) | null = null;

  /** Every call rejects with this error until cleared (storage down). */
  failWith(error: Error | null) {
    this.failure = error;
  }

  /** The next acceptInbound waits for `release`; `entered` resolves once it has started. */
  hold(): { entered: Promise<void>; release: () => void } {
    let release!: () => void;
    this.gate = new Promise((r) => {
      release = r;
    });
    const entered = new Promise<void>((r) => {
      this.entered = r;
    });
    return { entered, release };
  }

  async acceptInbound(text: InboundText) {
    this.acceptCalls++;
    if (this.gate) {
      const gate = this.gate;
      this.gate = null;
      this.entered?.();
      await gate;
    }
    if (this.failure) throw this.failure;
    if (this.texts.some((t) => t.providerMessageId === text.providerMessageId)) return { stored: 'duplicate' as const };
    this.texts.push(text);
    return { stored: 'new' as const };
  }

  async recordConsent(change: ConsentChange) {
    if (this.failure) throw this.failure;
    if (this.consents.some((c) => c.providerMessageId === change.providerMessageId)) return { stored: 'duplicate' as const };
    this.consents.push(change);
    return { stored: 'new' as const };
  }

  async recordStatus(update: DeliveryStatusUpdate) {
    if (this.failure) throw this.failure;
    this.statuses.push(update);
  }
}

/** Collects every log line the server writes. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void) {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }
  get text() {
    return this.lines.join('\n');
  }
  get records(): Record<string, unknown>[] {
    return this.lines.map((l) => JSON.parse(l));
  }
}

export const messageSid = (n: number) => `SM${n.toString(16).padStart(32, '0')}`;

export function inboundForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    ToCountry: 'GB',
    SmsMessageSid: messageSid(1),
    NumMedia: '0',
    SmsSid: messageSid(1),
    SmsStatus: 'received',
    Body: 'Hello Ms Patel, Sam is ill today and will not be in.',
    FromCountry: 'GB',
    NumSegments: '1',
    MessageSid: messageSid(1),
    AccountSid: ACCOUNT_SID,
    From: PARENT_NUMBER,
    To: SCHOOL_NUMBER,
    ApiVersion: '2010-04-01',
    ...overrides,
  };
}

export interface TestServer {
  app: FastifyInstance;
  base: string;
  ingest: RecordingIngest;
  logs: LogCapture;
  close: () => Promise<void>;
}

export interface StartOptions extends Partial<Omit<ServerDeps, 'logger' | 'ingest' | 'sms'>> {
  twilio?: { authToken?: string; publicUrl?: string };
  ingest?: RecordingIngest;
  logLevel?: 'info' | 'debug' | 'trace';
}

/** The real server on an ephemeral port, with the real Twilio webhook adapter and a recording ingest. */
export async function startServer(o: StartOptions = {}): Promise<TestServer> {
  const logs = new LogCapture();
  const ingest = o.ingest ?? new RecordingIngest();
  const tw = o.twilio ?? { authToken: AUTH_TOKEN, publicUrl: PUBLIC_URL };
  const app = await buildServer({
    health: o.health ?? { database: async () => ({ ok: true }), queue: async () => ({ ok: true }) },
    api: o.api ?? { clock: () => new Date('2026-11-24T09:00:00Z') },
    apiToken: 'apiToken' in o ? o.apiToken : API_TOKEN,
    authenticators: o.authenticators,
    limits: o.limits,
    clock: o.clock ?? (() => new Date('2026-11-24T08:15:00Z')),
    logger: createLogger({ level: o.logLevel ?? 'info', destination: logs }),
    ingest,
    sms: createTwilioWebhook({ TWILIO_AUTH_TOKEN: tw.authToken, PUBLIC_URL: tw.publicUrl }),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('server has no port');
  return { app, base: `http://127.0.0.1:${address.port}`, ingest, logs, close: () => app.close() };
}

/** POST a form to the server, signed the way Twilio signs it: over the public URL the school configured. */
export function postSigned(
  server: { base: string },
  path: string,
  form: Record<string, string>,
  o: { authToken?: string; publicUrl?: string; signature?: string | null } = {},
) {
  const signature =
    o.signature !== undefined
      ? o.signature
      : twilio.getExpectedTwilioSignature(o.authToken ?? AUTH_TOKEN, (o.publicUrl ?? PUBLIC_URL) + path, form);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (signature !== null) headers['x-twilio-signature'] = signature;
  return fetch(server.base + path, { method: 'POST', headers, body: new URLSearchParams(form).toString() });
}
