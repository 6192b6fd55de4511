import { and, asc, eq } from 'drizzle-orm';
import type { School } from '../config/load-school';
import { isSchoolgateError } from '../errors';
import type { QueuedJob } from '../queue/queue';
import type { Store } from '../store/open';
import { auditEvents, cases, replies, staffAlertPosts } from '../store/schema';
import { AlertJob } from '../workflow/ports';
import type { AuditView, CaseDetail, StaffCaller, WorkflowApi } from '../workflow/views';
import type { AlertPurpose, AlertRecipient, StaffAlert, StaffAlertChannel } from './alert-channel';
import { caseAlert, recipientOf } from './case-alert';

/** How many of the sender's earlier messages a review card shows. */

export interface AlertDispatcherDeps {
  store: Store;
  schools: ReadonlyMap<string, School>;
  workflow: WorkflowApi;
  channels: readonly StaffAlertChannel[];
  log?: { warn(obj: object, msg: string): void };
  clock?: () => Date;
}

/** What one job did, for tests and the log: who was reached where, whose cards were updated, who could not be reached. */
export interface DispatchReport {
  posted: { staffId: string; channel: string }[];
  updated: { staffId: string; channel: string }[];
  unreachable: string[];
}

const PURPOSES: readonly AlertPurpose[] = ['review', 'safeguarding', 'enquiry', 'approval', 'notice'];

/** The card a recipient gets for a job: the case kind, the reply waiting, or a plain notice. */
export function purposeOf(job: Pick<AlertJob, 'reason'>, detail: Pick<CaseDetail, 'kind' | 'topic'>): AlertPurpose {
  if (job.reason === 'reply_awaiting_approval') return 'approval';
  if (job.reason === 'reply_rejected' || job.reason === 'reply_failed' || job.reason === 'reassigned') return 'notice';
  if (detail.kind === 'review') return 'review';
  return detail.topic === 'safeguarding' ? 'safeguarding' : 'enquiry';
}

/** The card a stored post is, read back (an unknown value, from an older version, renders as its case's kind). */
const storedPurpose = (p: string): AlertPurpose | null => (PURPOSES.includes(p as AlertPurpose) ? (p as AlertPurpose) : null);

interface CardKey {
  purpose: AlertPurpose | null;
  reason: AlertJob['reason'];
  replyId?: string;
}

/**
 * The `alert` queue's worker: tells each member of staff a job names about their case, on every staff surface the
 * school enabled (Teams, Slack) that can reach them, and keeps every card it posted up to date.
 *
 * - The case is read AS the recipient (the workflow's read model and permissions), so an enquiry card carries the
 *   forwarded text and never the words a reviewer flagged against its assignee.
 * - Every posted card is a row of `staff_alert_posts` (job, staff, channel): a retried job reposts only where it
 *   failed, and a surface failure fails the job so pg-boss retries it with backoff.
 * - An `updated` job (enqueued by the workflow with the change) replaces every card of the case in place; a card
 *   already showing the case's current versions is left alone, so retries and repeats cost nothing.
 * - A recipient no surface can reach is recorded as `alert.unreachable` (ids only, never a message body).
 */
export class AlertDispatcher {
  private readonly now: () => Date;

  constructor(private readonly deps: AlertDispatcherDeps) {
    this.now = deps.clock ?? (() => new Date());
  }

  async run(job: QueuedJob<unknown>): Promise<DispatchReport> {
    const data = AlertJob.parse(job.data);
    const school = this.deps.schools.get(data.schoolId);
    if (!school) throw new Error(`alert for school ${data.schoolId}, which is not configured`);
    const report: DispatchReport = { posted: [], updated: [], unreachable: [] };
    const failures: string[] = [];

    if (data.reason === 'updated') {
      await this.updateCards(data, school, null, report, failures);
    } else {
      const postedIds = await this.postCards(data, job.id, school, report, failures);
      // The case may have moved while the cards were being posted (an `updated` job that ran first found none).
      if (postedIds.length) await this.updateCards(data, school, new Set(postedIds), report, failures);
    }
    // A surface failed: retry the job (pg-boss backoff); cards already posted or up to date are not touched again.
    if (failures.length) throw new Error(`alert not delivered: ${failures.join('; ')}`);
    return report;
  }

  private enabled(school: School): StaffAlertChannel[] {
    return this.deps.channels.filter((c) => school.file.alerts[c.name]);
  }

  private async postCards(job: AlertJob, jobId: string, school: School, report: DispatchReport, failures: string[]): Promise<number[]> {
    const enabled = this.enabled(school);
    const postedIds: number[] = [];
    for (const staffId of new Set(job.staffIds)) {
      const recipient = recipientOf(school, staffId);
      if (!recipient) {
        report.unreachable.push(staffId);
        await this.audit(job, jobId, 'alert.unreachable', { staffId, why: 'not in the school file' }, true);
        continue;
      }
      // Read the version first: a card is never recorded as newer than what it shows.
      const shown = await this.shownState(job);
      let alert: StaffAlert;
      try {
        alert = await this.alertFor(job, school, recipient, { purpose: null, reason: job.reason, replyId: job.replyId });
      } catch (e) {
        // The recipient may no longer see this case (reassigned away, role removed): nothing to tell them.
        if (isSchoolgateError(e, 'FORBIDDEN') || isSchoolgateError(e, 'NOT_FOUND')) continue;
        throw e;
      }
      let reached = false;
      let failed = false;
      for (const channel of enabled) {
        if (!(await channel.canReach(school.id, recipient))) continue;
        if (await this.alreadyPosted(jobId, staffId, channel.name)) {
          reached = true;
          continue;
        }
        const posted = await channel.post(alert);
        if (!posted.ok) {
          failed = true;
          failures.push(`${channel.name} to ${staffId}: ${posted.error.message}`);
          continue;
        }
        reached = true;
        report.posted.push({ staffId, channel: channel.name });
        const id = await this.deps.store.transaction(async (tx) => {
          const [row] = await tx
            .insert(staffAlertPosts)
            .values({
              schoolId: job.schoolId,
              caseId: job.caseId,
              staffId,
              channel: channel.name,
              ref: posted.value.ref,
              purpose: alert.purpose,
              replyId: alert.reply?.id ?? null,
              jobId,
              shown,
              postedAt: this.now().toISOString(),
            })
            .onConflictDoNothing()
            .returning({ id: staffAlertPosts.id });
          await tx.insert(auditEvents).values(auditRow(job, jobId, 'alert.posted', { staffId, channel: channel.name, purpose: alert.purpose }));
          return row?.id;
        });
        if (id !== undefined) postedIds.push(id);
      }
      if (!reached && !failed) {
        report.unreachable.push(staffId);
        await this.audit(
          job,
          jobId,
          'alert.unreachable',
          {
            staffId,
            why: enabled.length
              ? `no enabled surface (${enabled.map((c) => c.name).join(', ')}) can reach them yet`
              : 'the school file enables no alert surface (alerts.teams, alerts.slack)',
            surfaces: enabled.map((c) => c.name),
          },
          enabled.length > 0,
        );
      }
    }
    return postedIds;
  }

  /** Bring the case's posted cards (all of them, or `only` these) to its current state, each as its recipient may see it. */
  private async updateCards(job: AlertJob, school: School, only: Set<number> | null, report: DispatchReport, failures: string[]): Promise<void> {
    const posts = await this.deps.store.db
      .select()
      .from(staffAlertPosts)
      .where(and(eq(staffAlertPosts.schoolId, job.schoolId), eq(staffAlertPosts.caseId, job.caseId)))
      .orderBy(asc(staffAlertPosts.id));
    const stale = posts.filter((p) => !only || only.has(p.id));
    if (!stale.length) return;
    const shown = await this.shownState(job);
    const alerts = new Map<string, StaffAlert | null>();
    for (const post of stale) {
      if (post.shown === shown) continue;
      const channel = this.enabled(school).find((c) => c.name === post.channel);
      const recipient = recipientOf(school, post.staffId);
      // The surface was switched off, or the member of staff left the school file: nothing can be updated.
      if (!channel || !recipient) continue;
      const key = `${post.staffId}|${post.purpose}|${post.replyId ?? ''}`;
      if (!alerts.has(key)) {
        try {
          alerts.set(key, await this.alertFor(job, school, recipient, { purpose: storedPurpose(post.purpose), reason: 'updated', replyId: post.replyId ?? undefined }));
        } catch (e) {
          // They may no longer see the case (reassigned away): their card's buttons are refused by the workflow.
          if (!(isSchoolgateError(e, 'FORBIDDEN') || isSchoolgateError(e, 'NOT_FOUND'))) throw e;
          alerts.set(key, null);
        }
      }
      const alert = alerts.get(key);
      if (!alert) continue;
      const updated = await channel.update({ channel: channel.name, ref: post.ref }, alert);
      if (!updated.ok) {
        failures.push(`updating the ${channel.name} card of ${post.staffId}: ${updated.error.message}`);
        continue;
      }
      await this.deps.store.db.update(staffAlertPosts).set({ shown, updatedAt: this.now().toISOString() }).where(eq(staffAlertPosts.id, post.id));
      report.updated.push({ staffId: post.staffId, channel: channel.name });
    }
  }

  /** The versions of the case and its replies: what a card shows, cheaply, without reading it as anyone. */
  private async shownState(job: AlertJob): Promise<string> {
    const db = this.deps.store.db;
    const [c] = await db
      .select({ version: cases.version })
      .from(cases)
      .where(and(eq(cases.id, job.caseId), eq(cases.schoolId, job.schoolId)));
    const rs = await db
      .select({ id: replies.id, version: replies.version })
      .from(replies)
      .where(and(eq(replies.caseId, job.caseId), eq(replies.schoolId, job.schoolId)))
      .orderBy(asc(replies.id));
    return [c?.version ?? 0, ...rs.map((r) => `${r.id}:${r.version}`)].join('|');
  }

  private async alertFor(job: AlertJob, school: School, recipient: AlertRecipient, card: CardKey): Promise<StaffAlert> {
    const viewer: StaffCaller = { kind: 'staff', staffId: recipient.staffId, schoolId: job.schoolId, via: 'alert' };
    const detail = await this.deps.workflow.getCase(job.caseId, viewer);
    const headline = card.reason === 'opened' || card.reason === 'released' ? undefined : headlineOf(detail.audit, school, recipient.staffId);
    return caseAlert(this.deps.workflow, viewer, detail, {
      purpose: card.purpose ?? purposeOf(job, detail),
      reason: card.reason,
      recipient,
      urgent: job.urgent,
      replyId: card.replyId,
      headline,
    });
  }

  private async alreadyPosted(jobId: string, staffId: string, channel: 'teams' | 'slack'): Promise<boolean> {
    const rows = await this.deps.store.db
      .select({ id: staffAlertPosts.id })
      .from(staffAlertPosts)
      .where(and(eq(staffAlertPosts.jobId, jobId), eq(staffAlertPosts.staffId, staffId), eq(staffAlertPosts.channel, channel)))
      .limit(1);
    return rows.length > 0;
  }

  private async audit(job: AlertJob, jobId: string, action: string, data: Record<string, unknown>, warn = false): Promise<void> {
    await this.deps.store.db.insert(auditEvents).values(auditRow(job, jobId, action, data));
    // Worth a warning only when something is wrong: a surface is on and still could not reach them, or an unknown id.
    if (warn) this.deps.log?.warn({ caseId: job.caseId, staffId: data.staffId, why: data.why }, 'a member of staff could not be alerted');
  }
}

function auditRow(job: AlertJob, jobId: string, action: string, data: Record<string, unknown>) {
  return {
    schoolId: job.schoolId,
    actor: 'system',
    action,
    entityType: 'case',
    entityId: job.caseId,
    data: { ...data, jobId, reason: job.reason, urgent: job.urgent },
  };
}


/**
 * One line for the top of a card saying what last happened to its case ("Acknowledged by Mrs Macey"), from the
 * audit trail the recipient may see. Staff names and states only: never a parent's words or a staff note.
 */
export function headlineOf(audit: readonly AuditView[], school: School, recipientId: string): string | undefined {
  const last = [...audit].reverse().find((a) => !a.action.startsWith('alert.') && a.action !== 'case.opened');
  if (!last) return undefined;
  const name = (id: unknown) => (typeof id === 'string' ? (id === recipientId ? 'you' : (school.staffById.get(id)?.name ?? id)) : 'someone');
  const by = name(last.actor.startsWith('staff:') ? last.actor.slice('staff:'.length) : null);
  const d = last.data;
  switch (last.action) {
    case 'review.decide_breach':
      return `Decided: a breach, by ${by}`;
    case 'review.decide_not_breach':
      return `Decided: not a breach, by ${by}`;
    case 'review.escalate':
      return `Escalated to ${name(d.toStaffId)} by ${by}`;
    case 'review.reassign':
    case 'enquiry.reassign':
      return `Passed to ${name(d.toStaffId)} by ${by}`;
    case 'enquiry.submit_reply':
    case 'reply.submit':
      return `Reply written by ${by}, waiting for approval`;
    case 'enquiry.approve_reply':
    case 'reply.approve':
      return `Reply approved by ${by}`;
    case 'enquiry.reject_reply':
    case 'reply.reject':
      return `Reply sent back by ${by}`;
    case 'reply.start_sending':
    case 'reply.accept':
      return 'Reply sent';
    case 'reply.deliver':
      return 'Reply delivered';
    case 'reply.fail':
      return 'Reply could not be sent';
    case 'reply.retry':
      return `Reply sent again by ${by}`;
    case 'enquiry.close':
      return `Closed by ${by}`;
    case 'safeguarding.acknowledge':
      return `Acknowledged by ${by}`;
    case 'safeguarding.action':
      return `Action recorded by ${by}`;
    case 'safeguarding.escalate':
      return `Not acknowledged in time: escalated to ${Array.isArray(d.to) ? d.to.map(name).join(', ') : 'the next lead'}`;
    default:
      return undefined;
  }
}
