import { randomUUID } from 'node:crypto';
import { and, desc, eq, gte, lt, sql } from 'drizzle-orm';
import { chooseAcknowledgement } from '../acknowledgements/choose-acknowledgement';
import type { School } from '../config/load-school';
import type { InboundMessage } from '../domain/message';
import type { Flag, Topic } from '../domain/taxonomy';
import type { HistoryEntry, TriageResult } from '../domain/triage';
import type { TriageJobData } from '../ingest/ingest-service';
import { type JobQueue, QUEUES, type QueuedJob } from '../queue/queue';
import type { RoutingDecision, Sender } from '../routing/route';
import { findParentByAddress } from '../store/school-sync';
import { type Store, sqlExecutor, type Tx } from '../store/open';
import { auditEvents, managedContacts, messages, optOuts, outbox, triageResults } from '../store/schema';
import type { Classifier } from '../triage/classifier';
import { HISTORY_DAYS, HISTORY_MAX_ENTRIES } from '../triage/history';
import { provenanceOf, type TriageProvenance } from '../triage/provenance';
import { triageMessage } from '../triage/triage';

/** The workflow's entry point for a triaged message, called inside the triage transaction. */
export interface CaseOpener {
  openCasesFromTriage(
    tx: Tx,
    input: { school: School; messageId: string; parentId: string | null; body: string; result: TriageResult; routing: RoutingDecision },
  ): Promise<{ caseIds: string[] }>;
}

export interface OutboxJobData {
  schoolId: string;
  outboxId: string;
}

export interface TriageWorkerDeps {
  store: Store;
  schools: ReadonlyMap<string, School>;
  classifier: Classifier;
  queue: JobQueue;
  cases: CaseOpener;
  onTriaged?: (r: { messageId: string; result: TriageResult; caseIds: string[] }) => void;
}

type MessageRow = typeof messages.$inferSelect;

/** The sender's earlier messages (and their triage) in the history window, oldest first. */
async function senderHistory(store: Store, m: MessageRow): Promise<HistoryEntry[]> {
  const since = new Date(Date.parse(m.receivedAt) - HISTORY_DAYS * 86_400_000).toISOString();
  const rows = await store.db
    .select({ receivedAt: messages.receivedAt, body: messages.body, channel: messages.channel, flags: triageResults.flags, topic: triageResults.topic })
    .from(messages)
    .innerJoin(triageResults, eq(triageResults.messageId, messages.id))
    .where(and(eq(messages.schoolId, m.schoolId), eq(messages.fromAddress, m.fromAddress), gte(messages.receivedAt, since), lt(messages.receivedAt, m.receivedAt)))
    .orderBy(desc(messages.receivedAt))
    .limit(HISTORY_MAX_ENTRIES);
  return rows.reverse().map((r) => ({ receivedAt: new Date(r.receivedAt).toISOString(), body: r.body, channel: r.channel, flags: r.flags as Flag[], topic: r.topic as Topic }));
}

/** Who sent it, as the database knows them: file and imported parents, and any managed contact in force. */
async function resolveSender(store: Store, school: School, m: MessageRow): Promise<{ sender: Sender; parentId: string | null }> {
  const found = await findParentByAddress(store.db, m.schoolId, m.channel, m.fromAddress);
  if (!found) return { sender: { address: m.fromAddress, parent: null, managedContact: null }, parentId: null };
  const [mc] = await store.db
    .select({ designated: managedContacts.designatedStaffId, topics: managedContacts.allowedTopics })
    .from(managedContacts)
    .where(and(eq(managedContacts.schoolId, m.schoolId), eq(managedContacts.parentId, found.id), eq(managedContacts.active, true)))
    .orderBy(desc(managedContacts.createdAt))
    .limit(1);
  const designatedKnown = mc && school.staffById.has(mc.designated);
  return {
    parentId: found.id,
    sender: {
      address: m.fromAddress,
      parent: { id: found.externalId, name: found.name, phones: [], teams_ids: [], children: found.children.map((c) => ({ name: c.name, class: c.className })) },
      managedContact: designatedKnown ? { designated_contact: mc.designated, allowed_topics: mc.topics as Topic[] } : null,
    },
  };
}

/**
 * One `triage` job: classify a stored message with its sender's history, save the result, open its cases and
 * queue the acknowledgement, all in one transaction. Idempotent: a redelivered job for a message already
 * triaged does nothing. On the last failed attempt the message is marked triage_failed, so it is never lost
 * silently (staff see it in the API and console).
 */
export async function runTriageJob(deps: TriageWorkerDeps, job: QueuedJob<TriageJobData>): Promise<void> {
  const { store } = deps;
  const [m] = await store.db
    .select()
    .from(messages)
    .where(and(eq(messages.id, job.data.messageId), eq(messages.schoolId, job.data.schoolId)))
    .limit(1);
  if (!m) throw new Error(`message ${job.data.messageId} not found in school ${job.data.schoolId}`);
  if (m.status !== 'received') return;
  const school = deps.schools.get(m.schoolId);
  if (!school) throw new Error(`school ${m.schoolId} is in the database but not configured: add its school file to SCHOOLGATE_SCHOOL_FILE`);
  try {
    const [history, { sender, parentId }] = await Promise.all([senderHistory(store, m), resolveSender(store, school, m)]);
    const inbound: InboundMessage = { id: m.id, from: m.fromAddress, receivedAt: new Date(m.receivedAt).toISOString(), channel: m.channel, body: m.body };
    const { result, routing } = await triageMessage(inbound, history, school, deps.classifier, sender);
    const model = provenanceOf(result);
    // A school in `local` mode is triaged by the local classifier alone, even when the cascade has a model.
    const classifierName = model?.mode === 'local' ? 'local' : deps.classifier.name;
    const outcome = await store.transaction(async (tx) => {
      const inserted = await tx
        .insert(triageResults)
        .values({
          id: randomUUID(),
          schoolId: m.schoolId,
          messageId: m.id,
          classifier: classifierName,
          flags: result.flags,
          topic: result.topic,
          urgency: result.urgency,
          reasons: result.reasons,
          route: result.route,
          // Issue #7: a model-backed classifier says whether it fell back and what (minimised) text it sent.
          fellBack: model?.fellBack ?? false,
          sentText: model?.sentText ?? null,
          needsReview: model?.needsReview ?? false,
          model: model && model.mode !== 'local' ? modelAudit(model) : null,
        })
        .onConflictDoNothing()
        .returning({ id: triageResults.id });
      if (!inserted.length) return null; // another worker finished it first
      await tx.update(messages).set({ status: 'triaged', parentId }).where(eq(messages.id, m.id));
      await tx.insert(auditEvents).values({
        schoolId: m.schoolId,
        actor: 'system',
        action: 'message.triaged',
        entityType: 'message',
        entityId: m.id,
        data: {
          classifier: classifierName,
          flags: result.flags,
          topic: result.topic,
          urgency: result.urgency,
          route: result.route,
          why: routing.why,
          ...(model && model.mode !== 'local' ? { model: modelAudit(model) } : {}),
        },
      });
      const { caseIds } = await deps.cases.openCasesFromTriage(tx, { school, messageId: m.id, parentId, body: m.body, result, routing });
      const ackId = await queueAcknowledgement(deps, tx, school, m, sender.managedContact !== null);
      return { caseIds, ackId };
    });
    if (!outcome) return;
    if (outcome.ackId) deps.queue.wake('send');
    deps.queue.wake('alert');
    deps.onTriaged?.({ messageId: m.id, result, caseIds: outcome.caseIds });
  } catch (e) {
    if (job.retryCount >= QUEUES.triage.retryLimit) {
      await store.transaction(async (tx) => {
        await tx.update(messages).set({ status: 'triage_failed' }).where(and(eq(messages.id, m.id), eq(messages.status, 'received')));
        await tx.insert(auditEvents).values({ schoolId: m.schoolId, actor: 'system', action: 'message.triage_failed', entityType: 'message', entityId: m.id, data: { error: (e as Error).message } });
      });
    }
    throw e;
  }
}

/** The configured acknowledgement, through the same outbox as replies: at most one per sender an hour, none after STOP. */
async function queueAcknowledgement(deps: TriageWorkerDeps, tx: Tx, school: School, m: MessageRow, managed: boolean): Promise<string | null> {
  const [opt] = await tx
    .select({ optedOut: optOuts.optedOut })
    .from(optOuts)
    .where(and(eq(optOuts.schoolId, m.schoolId), eq(optOuts.channel, m.channel), eq(optOuts.address, m.fromAddress)))
    .limit(1);
  const [last] = await tx
    .select({ at: sql<string>`max(${outbox.createdAt})` })
    .from(outbox)
    .where(and(eq(outbox.schoolId, m.schoolId), eq(outbox.toAddress, m.fromAddress), eq(outbox.kind, 'acknowledgement')));
  const ack = chooseAcknowledgement({
    school,
    receivedAt: new Date(m.receivedAt),
    managedContact: managed,
    optedOut: opt?.optedOut ?? false,
    lastAcknowledgedAt: last?.at ? new Date(last.at) : null,
  });
  if (!ack) return null;
  const id = randomUUID();
  await tx
    .insert(outbox)
    .values({ id, schoolId: m.schoolId, kind: 'acknowledgement', messageId: m.id, channel: m.channel, toAddress: m.fromAddress, body: ack.text, state: 'pending', idempotencyKey: `ack:${m.id}` })
    .onConflictDoNothing();
  await deps.queue.enqueue<OutboxJobData>('send', [{ data: { schoolId: m.schoolId, outboxId: id }, singletonKey: `send:${id}` }], { tx: sqlExecutor(tx) });
  return id;
}

/** How the model took part, for the audit trail: labels and numbers only (the text sent is on the triage row). */
function modelAudit(p: TriageProvenance) {
  const { sentText: _sent, ...rest } = p;
  return rest;
}
