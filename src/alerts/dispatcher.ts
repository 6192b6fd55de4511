import { and, eq, sql } from 'drizzle-orm';
import type { School } from '../config/load-school';
import { isSchoolgateError } from '../errors';
import type { QueuedJob } from '../queue/queue';
import type { Store } from '../store/open';
import { auditEvents } from '../store/schema';
import { AlertJob } from '../workflow/ports';
import type { CaseDetail, MessageView, StaffCaller, WorkflowApi } from '../workflow/views';
import type { AlertPurpose, AlertRecipient, StaffAlert, StaffAlertChannel } from './alert-channel';

/** How many of the sender's earlier messages a review card shows. */
export const REVIEW_HISTORY = 5;

export interface AlertDispatcherDeps {
  store: Store;
  schools: ReadonlyMap<string, School>;
  workflow: WorkflowApi;
  channels: readonly StaffAlertChannel[];
  log?: { warn(obj: object, msg: string): void };
}

/** What one job did, for tests and the log: who was reached where, and who could not be reached. */
export interface DispatchReport {
  posted: { staffId: string; channel: string }[];
  unreachable: string[];
}

/** The card a recipient gets for a job: the case kind, the reply waiting, or a plain notice. */
export function purposeOf(job: AlertJob, detail: CaseDetail): AlertPurpose {
  if (job.reason === 'reply_awaiting_approval') return 'approval';
  if (job.reason === 'reply_rejected' || job.reason === 'reply_failed' || job.reason === 'reassigned') return 'notice';
  if (detail.kind === 'review') return 'review';
  return detail.topic === 'safeguarding' ? 'safeguarding' : 'enquiry';
}

/**
 * The `alert` queue's worker: tells each member of staff a job names about their case, on every staff surface the
 * school enabled (Teams, Slack) that can reach them. The case is read AS the recipient, so an enquiry card carries
 * the forwarded text and never the words a reviewer flagged against its assignee. A delivery is recorded once
 * (audit `alert.posted`), so a retried job reposts only where it failed; a recipient no surface can reach is
 * recorded as `alert.unreachable` (ids only) so the gap is visible instead of silent.
 */
export class AlertDispatcher {
  constructor(private readonly deps: AlertDispatcherDeps) {}

  async run(job: QueuedJob<unknown>): Promise<DispatchReport> {
    const data = AlertJob.parse(job.data);
    const school = this.deps.schools.get(data.schoolId);
    if (!school) throw new Error(`alert for school ${data.schoolId}, which is not configured`);
    const enabled = this.deps.channels.filter((c) => school.file.alerts[c.name]);
    const report: DispatchReport = { posted: [], unreachable: [] };
    const failures: string[] = [];

    for (const staffId of data.staffIds) {
      const member = school.staffById.get(staffId);
      if (!member) {
        report.unreachable.push(staffId);
        await this.record(data, job.id, 'alert.unreachable', { staffId, why: 'not in the school file' }, true);
        continue;
      }
      const recipient: AlertRecipient = {
        staffId,
        name: member.name,
        roles: [...member.roles],
        teamsUserId: member.contact.teams_user_id,
        slackUserId: member.contact.slack_user_id,
        email: member.contact.email,
      };
      let alert: StaffAlert;
      try {
        alert = await this.alertFor(data, recipient);
      } catch (e) {
        // The recipient may no longer see this case (reassigned away, role removed): nothing to tell them.
        if (isSchoolgateError(e, 'FORBIDDEN') || isSchoolgateError(e, 'NOT_FOUND')) continue;
        throw e;
      }
      let reached = false;
      for (const channel of enabled) {
        if (!(await channel.canReach(school.id, recipient))) continue;
        if (await this.alreadyPosted(data, job.id, staffId, channel.name)) {
          reached = true;
          continue;
        }
        const posted = await channel.post(alert);
        if (!posted.ok) {
          failures.push(`${channel.name} to ${staffId}: ${posted.error.message}`);
          continue;
        }
        reached = true;
        report.posted.push({ staffId, channel: channel.name });
        await this.record(data, job.id, 'alert.posted', {
          staffId,
          channel: channel.name,
          purpose: alert.purpose,
          ref: posted.value.ref,
        });
      }
      if (!reached && !failures.length) {
        report.unreachable.push(staffId);
        await this.record(
          data,
          job.id,
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
    // A surface failed: retry the job (pg-boss backoff); deliveries already recorded are not repeated.
    if (failures.length) throw new Error(`alert not delivered: ${failures.join('; ')}`);
    return report;
  }

  private async alertFor(job: AlertJob, recipient: AlertRecipient): Promise<StaffAlert> {
    const viewer: StaffCaller = { kind: 'staff', staffId: recipient.staffId, schoolId: job.schoolId, via: 'alert' };
    const detail = await this.deps.workflow.getCase(job.caseId, viewer);
    const purpose = purposeOf(job, detail);
    let history: MessageView[] = [];
    if (purpose === 'review') {
      const page = await this.deps.workflow.listMessages(
        viewer,
        { from: detail.message.from },
        { limit: REVIEW_HISTORY + 1 },
      );
      history = page.items.filter((m) => m.id !== detail.message.id).slice(0, REVIEW_HISTORY);
    }
    return {
      schoolId: job.schoolId,
      purpose,
      reason: job.reason,
      urgent: job.urgent,
      recipient,
      case: detail,
      reply: job.replyId ? detail.replies.find((r) => r.id === job.replyId) : undefined,
      history,
    };
  }

  private async alreadyPosted(job: AlertJob, jobId: string, staffId: string, channel: string): Promise<boolean> {
    const rows = await this.deps.store.db
      .select({ id: auditEvents.id })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.schoolId, job.schoolId),
          eq(auditEvents.entityType, 'case'),
          eq(auditEvents.entityId, job.caseId),
          eq(auditEvents.action, 'alert.posted'),
          sql`${auditEvents.data}->>'jobId' = ${jobId} AND ${auditEvents.data}->>'staffId' = ${staffId} AND ${auditEvents.data}->>'channel' = ${channel}`,
        ),
      )
      .limit(1);
    return rows.length > 0;
  }

  private async record(
    job: AlertJob,
    jobId: string,
    action: string,
    data: Record<string, unknown>,
    warn = false,
  ): Promise<void> {
    await this.deps.store.db.insert(auditEvents).values({
      schoolId: job.schoolId,
      actor: 'system',
      action,
      entityType: 'case',
      entityId: job.caseId,
      data: { ...data, jobId, reason: job.reason, urgent: job.urgent },
    });
    // Worth a warning only when something is wrong: a surface is on and still could not reach them, or an unknown id.
    if (warn)
      this.deps.log?.warn(
        { caseId: job.caseId, staffId: data.staffId, why: data.why },
        'a member of staff could not be alerted',
      );
  }
}
