import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DeliveryStatusUpdate, ParentChannelSender } from '../channels/parent-channel';
import type { Channel } from '../domain/taxonomy';
import type { OutboxJobData } from '../pipeline/triage-worker';
import { QUEUES, type QueuedJob } from '../queue/queue';
import type { Store, Tx } from '../store/open';
import { auditEvents, optOuts, outbox } from '../store/schema';

/** How the outbox tells the workflow what became of a reply (acknowledgements have no reply). */
export interface ReplyDeliveryPort {
  /** Called in the outbox's transaction when a reply's send reaches a new state. */
  replyStateChanged(tx: Tx, e: { schoolId: string; replyId: string; state: 'sending' | 'sent' | 'delivered' | 'failed'; detail?: string }): Promise<void>;
}

export interface OutboxDeps {
  store: Store;
  /** One sender per channel; a channel without one (not configured) fails its rows with a clear reason. */
  senders: Partial<Record<Channel, ParentChannelSender>>;
  replies: ReplyDeliveryPort;
  /** Twilio's status callback URL (PUBLIC_URL + path), when PUBLIC_URL is set. */
  statusCallbackUrl?: (channel: Channel) => string | undefined;
  clock?: () => Date;
}

type Row = typeof outbox.$inferSelect;
const FINAL = new Set(['sent', 'delivered', 'undelivered', 'failed']);
/** When a send may have reached the provider, look back this far for it before sending again. */
const RECONCILE_WINDOW_MS = 10 * 60_000;

/**
 * The outbox: approved replies and configured acknowledgements, each a row sent at most once. A row is marked
 * `sending` (committed) before the provider is called; a later attempt that finds it still `sending` does not
 * know whether the text went, so it asks the provider for a matching recent message before sending again.
 * Retries with backoff are the queue's; failures are recorded on the row (and the reply) for staff to see.
 */
export class Outbox {
  private readonly clock: () => Date;
  constructor(private readonly deps: OutboxDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  async runSendJob(job: QueuedJob<OutboxJobData>): Promise<void> {
    const row = await this.load(job.data.outboxId, job.data.schoolId);
    if (!row || FINAL.has(row.state)) return;
    const lastAttempt = job.retryCount >= QUEUES.send.retryLimit;
    const sender = this.deps.senders[row.channel];
    if (!sender) return this.fail(row, `no ${row.channel} sender is configured (for SMS set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_PHONE_NUMBER)`, null);
    if (await this.optedOut(row)) return this.fail(row, 'the parent has opted out (STOP): not sent', null);

    if (row.state === 'sending') {
      // The previous attempt may have reached the provider: never send twice.
      const since = new Date(Date.parse(row.updatedAt) - RECONCILE_WINDOW_MS);
      const found = await sender.findRecentlySent({ to: row.toAddress, body: row.body, since });
      if (!found.ok) {
        if (lastAttempt) return this.fail(row, `could not check whether an earlier attempt was sent: ${found.message}. Check the provider's log before sending again.`, found.code ?? null);
        throw new Error(`reconcile failed: ${found.message}`);
      }
      const match = found.messages[0];
      if (match) return this.markSent(row, match.providerMessageId);
    }

    await this.deps.store.transaction(async (tx) => {
      await tx.update(outbox).set({ state: 'sending', attempts: sql`${outbox.attempts} + 1`, updatedAt: this.clock().toISOString() }).where(eq(outbox.id, row.id));
      if (row.replyId) await this.deps.replies.replyStateChanged(tx, { schoolId: row.schoolId, replyId: row.replyId, state: 'sending' });
    });
    const outcome = await sender.send({ to: row.toAddress, body: row.body, idempotencyKey: row.idempotencyKey, statusCallbackUrl: this.deps.statusCallbackUrl?.(row.channel) });
    if (outcome.ok) return this.markSent(row, outcome.providerMessageId);
    if (!outcome.retryable || lastAttempt) return this.fail(row, outcome.message, outcome.code ?? null);
    if (!outcome.maybeSent) await this.deps.store.db.update(outbox).set({ state: 'pending', lastError: outcome.message }).where(eq(outbox.id, row.id));
    else await this.deps.store.db.update(outbox).set({ lastError: outcome.message }).where(eq(outbox.id, row.id));
    throw new Error(`send failed, will retry: ${outcome.message}`);
  }

  /** A provider's delivery report (Twilio status callback). States only move forward. */
  async recordStatus(update: DeliveryStatusUpdate): Promise<void> {
    const [row] = await this.deps.store.db.select().from(outbox).where(and(eq(outbox.channel, update.channel), eq(outbox.providerMessageId, update.providerMessageId))).limit(1);
    if (!row) return; // not ours (or sent before this deployment): nothing to record
    const next = update.status === 'delivered' || update.status === 'read' ? 'delivered' : update.status === 'undelivered' ? 'undelivered' : update.status === 'failed' ? 'failed' : null;
    if (!next || row.state === next || row.state === 'delivered') return;
    await this.deps.store.transaction(async (tx) => {
      const changed = await tx
        .update(outbox)
        .set({
          state: next,
          errorCode: update.errorCode === null ? null : String(update.errorCode),
          deliveredAt: next === 'delivered' ? update.receivedAt : null,
          updatedAt: this.clock().toISOString(),
        })
        .where(and(eq(outbox.id, row.id), inArray(outbox.state, ['sending', 'sent', 'undelivered', 'failed'])))
        .returning({ id: outbox.id });
      if (!changed.length) return;
      await this.audit(tx, row, `outbox.${next}`, { errorCode: update.errorCode });
      if (row.replyId)
        await this.deps.replies.replyStateChanged(tx, {
          schoolId: row.schoolId,
          replyId: row.replyId,
          state: next === 'delivered' ? 'delivered' : 'failed',
          detail: next === 'delivered' ? undefined : `carrier reported ${update.status}${update.errorCode ? ` (error ${update.errorCode})` : ''}`,
        });
    });
  }

  private load(id: string, schoolId: string): Promise<Row | undefined> {
    return this.deps.store.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.id, id), eq(outbox.schoolId, schoolId)))
      .limit(1)
      .then((r) => r[0]);
  }

  private async optedOut(row: Row): Promise<boolean> {
    const [o] = await this.deps.store.db
      .select({ optedOut: optOuts.optedOut })
      .from(optOuts)
      .where(and(eq(optOuts.schoolId, row.schoolId), eq(optOuts.channel, row.channel), eq(optOuts.address, row.toAddress)))
      .limit(1);
    return o?.optedOut ?? false;
  }

  private async markSent(row: Row, providerMessageId: string): Promise<void> {
    await this.deps.store.transaction(async (tx) => {
      const now = this.clock().toISOString();
      await tx.update(outbox).set({ state: 'sent', providerMessageId, sentAt: now, updatedAt: now, lastError: null }).where(eq(outbox.id, row.id));
      await this.audit(tx, row, 'outbox.sent', { providerMessageId });
      if (row.replyId) await this.deps.replies.replyStateChanged(tx, { schoolId: row.schoolId, replyId: row.replyId, state: 'sent' });
    });
  }

  private async fail(row: Row, reason: string, code: number | null): Promise<void> {
    await this.deps.store.transaction(async (tx) => {
      await tx.update(outbox).set({ state: 'failed', lastError: reason, errorCode: code === null ? null : String(code), updatedAt: this.clock().toISOString() }).where(eq(outbox.id, row.id));
      await this.audit(tx, row, 'outbox.failed', { reason, code });
      if (row.replyId) await this.deps.replies.replyStateChanged(tx, { schoolId: row.schoolId, replyId: row.replyId, state: 'failed', detail: reason });
    });
  }

  private audit(tx: Tx, row: Row, action: string, data: Record<string, unknown>) {
    return tx.insert(auditEvents).values({ schoolId: row.schoolId, actor: 'system', action, entityType: 'outbox', entityId: row.id, data: { kind: row.kind, replyId: row.replyId, ...data } });
  }
}
