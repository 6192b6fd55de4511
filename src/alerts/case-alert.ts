import type { School } from '../config/load-school';
import type { StaffMember } from '../config/school-schema';
import type { CaseDetail, MessageView, StaffCaller, WorkflowApi } from '../workflow/views';
import type { AlertPurpose, AlertRecipient, StaffAlert } from './alert-channel';

/** How many of the sender's earlier messages a review card shows. */
export const REVIEW_HISTORY = 5;

/** A member of staff in a school file as an alert's recipient, with every way the file gives to reach them. */
export function alertRecipient(member: StaffMember): AlertRecipient {
  return {
    staffId: member.id,
    name: member.name,
    roles: [...member.roles],
    teamsUserId: member.contact.teams_user_id,
    slackUserId: member.contact.slack_user_id,
    email: member.contact.email,
  };
}

/** The recipient for a staff id of the school, or null if the school file has nobody by that id. */
export function recipientOf(school: School, staffId: string): AlertRecipient | null {
  const member = school.staffById.get(staffId);
  return member ? alertRecipient(member) : null;
}

export interface CaseAlertFields {
  purpose: AlertPurpose;
  reason: string;
  recipient: AlertRecipient;
  /** Urgent whatever the case says (the job that raised the alert was). */
  urgent?: boolean;
  /** For an approval card: the reply it is about. */
  replyId?: string;
  headline?: string;
}

/**
 * The alert for a case already read as `viewer` (the recipient): for a review card, with the sender's recent
 * messages as the viewer may see them. The one place the dispatcher and every surface's redraw build a card's
 * content, so a card posted and the same card redrawn after a press show the same things.
 */
export async function caseAlert(workflow: Pick<WorkflowApi, 'listMessages'>, viewer: StaffCaller, detail: CaseDetail, f: CaseAlertFields): Promise<StaffAlert> {
  let history: MessageView[] = [];
  if (f.purpose === 'review') {
    const page = await workflow.listMessages(viewer, { from: detail.message.from }, { limit: REVIEW_HISTORY + 1 });
    history = page.items.filter((m) => m.id !== detail.message.id).slice(0, REVIEW_HISTORY);
  }
  const reply = f.replyId ? detail.replies.find((r) => r.id === f.replyId) : undefined;
  return {
    schoolId: detail.schoolId,
    purpose: f.purpose,
    reason: f.reason,
    urgent: f.urgent === true || detail.urgency === 'urgent',
    recipient: f.recipient,
    case: detail,
    ...(reply ? { reply } : {}),
    history,
    acknowledged: detail.safeguarding ? detail.safeguarding.acknowledged : undefined,
    ...(f.headline ? { headline: f.headline } : {}),
  };
}
