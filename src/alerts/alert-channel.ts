import type { Result } from '../errors';
import type { CaseDetail, MessageView, ReplyView } from '../workflow/views';

/**
 * The port a staff surface implements to alert staff (adapters/teams, adapters/slack). The alert dispatcher
 * (src/alerts) reads the case as the member of staff may see it and hands it here; the adapter only renders
 * and delivers. Buttons on a card call the one workflow service (WorkflowApi); no adapter holds a rule.
 */

/** Why this card is being shown: the workflow's alert reasons plus the safeguarding and update events. */
export type AlertPurpose =
  | 'review' // a flagged message for a senior reviewer: flags, clauses, evidence, history, decision buttons
  | 'safeguarding' // a safeguarding concern for the DSL/deputy: Acknowledge
  | 'enquiry' // an enquiry for its assignee (never the abuse aimed at them): Write reply
  | 'approval' // a reply waiting for office approval: Approve / Edit / Reject
  | 'notice'; // anything else worth telling (reply rejected or failed, reassigned, escalated)

export interface AlertRecipient {
  staffId: string;
  name: string;
  roles: string[];
  teamsUserId?: string;
  slackUserId?: string;
  email?: string;
}

export interface StaffAlert {
  schoolId: string;
  purpose: AlertPurpose;
  /** The workflow's reason (opened, released, escalated, reassigned, reply_awaiting_approval...) or 'updated'. */
  reason: string;
  urgent: boolean;
  recipient: AlertRecipient;
  /** The case as this recipient may see it (an enquiry's body is the forwarded text, without the abuse). */
  case: CaseDetail;
  /** For an approval card: the reply waiting. */
  reply?: ReplyView;
  /** For a review card: the sender's recent messages, newest first (as the recipient may see them). */
  history: MessageView[];
  /** Safeguarding: acknowledged by whom and when, if it has been. */
  acknowledged?: { by: string; at: string } | null;
  /** A short line for the top of the card when the case changed ("Decided: not a breach by Mr Harrison"). */
  headline?: string;
}

/** Where a posted card lives, so it can be updated in place when its case changes. Opaque to the core. */
export interface PostedAlert {
  channel: 'teams' | 'slack';
  /** JSON the adapter can read back: conversation id + activity id (Teams), channel + ts (Slack). */
  ref: string;
}

export interface StaffAlertChannel {
  readonly name: 'teams' | 'slack';
  /** True when this recipient can be reached here (a Slack user id; a stored Teams conversation reference). */
  canReach(schoolId: string, recipient: AlertRecipient): Promise<boolean>;
  post(alert: StaffAlert): Promise<Result<PostedAlert>>;
  /** Replace the card in place with the case's new state, so nobody acts on a stale card. */
  update(posted: PostedAlert, alert: StaffAlert): Promise<Result<void>>;
}
