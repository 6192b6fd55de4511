import { randomUUID } from 'node:crypto';
import type { ConsentChange, DeliveryStatusUpdate, InboundText, ParentChannelIngest } from '../channels/parent-channel';
import type { School } from '../config/load-school';
import type { JobQueue, SqlExecutor } from '../queue/queue';
import { GroupCommitter } from './group-commit';

/** Opens a transaction on the store and runs `fn` inside it; commits if it resolves, rolls back if it throws. */
export type InTransaction = <T>(fn: (tx: SqlExecutor) => Promise<T>) => Promise<T>;

export interface TriageJobData {
  schoolId: string;
  messageId: string;
}

/** Where delivery reports go (the outbox owns them); injected so ingest stays about inbound traffic. */
export interface DeliveryRecorder {
  recordStatus(update: DeliveryStatusUpdate): Promise<void>;
}

export interface IngestDeps {
  inTransaction: InTransaction;
  queue: JobQueue;
  schools: readonly School[];
  deliveries: DeliveryRecorder;
  /** Called after a batch commits, e.g. to wake the triage worker now instead of at its next poll. */
  onStored?: (count: number) => void;
  /** Told when a text arrives for a number no school lists (it is kept under the first school). */
  onUnknownNumber?: (to: string) => void;
}

interface Row {
  id: string;
  schoolId: string;
  text: InboundText;
}

/**
 * The inbound side of every parent channel: each text is stored and its triage enqueued in ONE transaction
 * before the webhook is answered, so an acknowledged message is never lost; a redelivery with the same
 * provider id is stored once. Concurrent webhooks share a transaction (group commit).
 */
export class IngestService implements ParentChannelIngest {
  private readonly committer: GroupCommitter<Row, 'new' | 'duplicate'>;
  private readonly schoolByNumber = new Map<string, School>();

  constructor(private readonly deps: IngestDeps) {
    if (!deps.schools.length) throw new Error('IngestService needs at least one school');
    for (const s of deps.schools) for (const n of s.file.school.phone_numbers) this.schoolByNumber.set(n, s);
    this.committer = new GroupCommitter((rows) => this.writeBatch(rows));
  }

  /** The school a message belongs to, by the number or Teams tenant it was sent to. */
  schoolFor(to: string): School {
    const s = this.schoolByNumber.get(to);
    if (s) return s;
    // A trust must list each school's numbers; one school owns everything. Never drop the message.
    if (this.deps.schools.length > 1) this.deps.onUnknownNumber?.(to);
    return this.deps.schools[0]!;
  }

  /**
   * Resolves once no text has arrived for `quietMs` and none is waiting to be stored, or after `maxWaitMs`.
   * Triage runs on the same event loop and (embedded) database as ingest: giving way during a burst keeps
   * webhooks answered at once, and the bound makes triage progress even under sustained load.
   */
  async whenQuiet(quietMs = 100, maxWaitMs = 500): Promise<void> {
    const until = performance.now() + maxWaitMs;
    for (;;) {
      const now = performance.now();
      if (now >= until) return;
      const wait = this.lastArrival + quietMs - now;
      if (wait <= 0) return this.committer.whenQuiet(Math.max(1, until - now));
      await new Promise((r) => setTimeout(r, Math.min(wait, until - now)));
    }
  }

  private lastArrival = Number.NEGATIVE_INFINITY;

  async acceptInbound(text: InboundText): Promise<{ stored: 'new' | 'duplicate' }> {
    this.lastArrival = performance.now();
    const known = text.schoolId && this.deps.schools.some((s) => s.id === text.schoolId) ? text.schoolId : undefined;
    const stored = await this.committer.submit({ id: randomUUID(), schoolId: known ?? this.schoolFor(text.to).id, text });
    return { stored };
  }

  private async writeBatch(rows: Row[]): Promise<('new' | 'duplicate')[]> {
    // A provider may redeliver while the first copy is still in this batch: keep the first.
    const firstByKey = new Map<string, Row>();
    for (const r of rows) {
      const key = `${r.text.channel}\u0000${r.text.providerMessageId}`;
      if (!firstByKey.has(key)) firstByKey.set(key, r);
    }
    const unique = [...firstByKey.values()];
    const inserted = await this.deps.inTransaction(async (tx) => {
      const { rows: out } = await tx.executeSql(
        `INSERT INTO messages (id, school_id, direction, channel, provider_message_id, from_address, to_address, body, media, received_at, status)
         SELECT u.id, u.school_id, 'inbound', u.channel, u.provider_message_id, u.from_address, u.to_address, u.body, u.media::jsonb, u.received_at, 'received'
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[])
           AS u(id, school_id, channel, provider_message_id, from_address, to_address, body, media, received_at)
         ON CONFLICT (channel, provider_message_id) DO NOTHING
         RETURNING id, school_id`,
        [
          unique.map((r) => r.id),
          unique.map((r) => r.schoolId),
          unique.map((r) => r.text.channel),
          unique.map((r) => r.text.providerMessageId),
          unique.map((r) => r.text.from),
          unique.map((r) => r.text.to),
          unique.map((r) => r.text.body),
          unique.map((r) => JSON.stringify(r.text.media)),
          unique.map((r) => r.text.receivedAt),
        ],
      );
      const jobs = out.map((r) => ({ data: { schoolId: String(r.school_id), messageId: String(r.id) } satisfies TriageJobData, singletonKey: `triage:${r.id}` }));
      await this.deps.queue.enqueue('triage', jobs, { tx });
      return new Set(out.map((r) => String(r.id)));
    });
    if (inserted.size) this.deps.onStored?.(inserted.size);
    return rows.map((r) => (inserted.has(r.id) ? 'new' : 'duplicate'));
  }

  /** STOP / START: kept as a message (the parent's words are a record) and applied to the opt-out list. */
  async recordConsent(change: ConsentChange): Promise<{ stored: 'new' | 'duplicate' }> {
    const school = this.schoolFor(change.to);
    return this.deps.inTransaction(async (tx) => {
      const { rows } = await tx.executeSql(
        `INSERT INTO messages (id, school_id, direction, channel, provider_message_id, from_address, to_address, body, media, received_at, status)
         VALUES ($1, $2, 'inbound', $3, $4, $5, $6, $7, '[]'::jsonb, $8, 'consent')
         ON CONFLICT (channel, provider_message_id) DO NOTHING RETURNING id`,
        [randomUUID(), school.id, change.channel, change.providerMessageId, change.from, change.to, change.body, change.receivedAt],
      );
      if (!rows.length) return { stored: 'duplicate' as const };
      const optedOut = change.kind === 'opt_out';
      await tx.executeSql(
        `INSERT INTO opt_outs (school_id, channel, address, opted_out, keyword, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (school_id, channel, address) DO UPDATE SET opted_out = EXCLUDED.opted_out, keyword = EXCLUDED.keyword, updated_at = EXCLUDED.updated_at`,
        [school.id, change.channel, change.from, optedOut, change.keyword, change.receivedAt],
      );
      await tx.executeSql(
        `INSERT INTO audit_events (school_id, at, actor, action, entity_type, entity_id, data) VALUES ($1, $2, $3, $4, 'message', $5, $6::jsonb)`,
        [school.id, change.receivedAt, `parent:${change.from}`, optedOut ? 'consent.opt_out' : 'consent.opt_in', String(rows[0]!.id), JSON.stringify({ keyword: change.keyword, channel: change.channel })],
      );
      return { stored: 'new' as const };
    });
  }

  recordStatus(update: DeliveryStatusUpdate): Promise<void> {
    return this.deps.deliveries.recordStatus(update);
  }

  /** Finish writing what was accepted; refuse anything new (the server stops taking requests first). */
  close(): Promise<void> {
    return this.committer.close();
  }
}
