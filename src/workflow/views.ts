import type { Flag, Role, Topic, Urgency } from '../domain/taxonomy';
import type { Reason, Route } from '../domain/triage';
import type { IncidentResponse } from './review';

/**
 * What the workflow shows and takes, as plain data: the JSON API, the console and the Teams/Slack surfaces all
 * use these shapes. Nothing here touches storage, so the HTTP server can depend on it (it may not import the store).
 */

/**
 * A member of staff acting or reading. `schoolId` is needed only when the same staff id is in two school files
 * of one deployment; `via` (session, api_token, teams...) is recorded in the audit trail.
 */
export interface StaffCaller {
  kind: 'staff';
  staffId: string;
  schoolId?: string;
  via?: string;
}
/** Who changes things: staff, or Schoolgate itself (delivery reports). */
export type Caller = StaffCaller | { kind: 'system' };
/** Who reads: staff (their school only, their view), or the deployment's operator (the API token: every school). */
export type Viewer = StaffCaller | { kind: 'operator' };

export interface Page<T> {
  items: T[];
  /** Pass back as `cursor` for the next page; null when there is nothing more. */
  nextCursor: string | null;
}

export interface PageRequest {
  limit: number;
  cursor?: string;
}

export interface StaffRef {
  staffId: string;
  role: Role | null;
  /** From the school file; null when the id is no longer in it. */
  name: string | null;
}

export interface ParentRef {
  /** The school file's (or the import's) parent id. */
  id: string;
  name: string;
}

export interface CaseMessage {
  id: string;
  from: string;
  /**
   * For a review (and for the operator): the message as sent. For an enquiry seen by staff: the text forwarded
   * to its assignee, which leaves out the words a reviewer flagged.
   */
  body: string;
  /** True when `body` is the forwarded text and differs from what the parent sent. */
  redacted: boolean;
  receivedAt: string;
  channel: 'sms' | 'teams';
}

export interface CaseSummary {
  id: string;
  schoolId: string;
  kind: 'review' | 'enquiry';
  state: string;
  /** The message's conduct flags; empty on an enquiry for staff who may not see its review. */
  flags: Flag[];
  topic: Topic;
  urgency: Urgency;
  assignee: StaffRef | null;
  parent: ParentRef | null;
  message: CaseMessage;
  /** Enquiry: what its assignee is shown. Null on a review. */
  forwardedText: string | null;
  /** Enquiry released from a review: that review's id. */
  reviewCaseId: string | null;
  /** Send it back as `expectedVersion` to refuse the change if someone else moved the case first. */
  version: number;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export interface DeliveryView {
  outboxId: string;
  state: string;
  attempt: number;
  lastError: string | null;
  errorCode: string | null;
  sentAt: string | null;
  deliveredAt: string | null;
}

export interface ReplyView {
  id: string;
  caseId: string;
  state: string;
  authorId: string;
  /** What the author wrote. */
  body: string;
  /** What was approved (and is sent): the office may edit it first. */
  approvedBody: string | null;
  attempt: number;
  approvedBy: string | null;
  approvedAt: string | null;
  rejectedReason: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** The latest send of this reply through the outbox. */
  delivery: DeliveryView | null;
}

export interface ManagedContactView {
  id: string;
  parentId: string;
  designatedStaffId: string;
  allowedTopics: Topic[];
  reviewDate: string;
  source: 'school_file' | 'incident';
  active: boolean;
}

/** A parent as the Parents page lists them. `id` is the school file's (or the MIS import's) id. */
export interface ParentSummary {
  id: string;
  schoolId: string;
  name: string;
  addresses: { channel: 'sms' | 'teams'; address: string }[];
  children: { name: string; className: string }[];
  /** The arrangement in force, if any (its review date says when it is looked at again). */
  managedContact: ManagedContactView | null;
  lastMessageAt: string | null;
}

/** One line of a parent's thread: a message they sent, or a reply or acknowledgement sent to them. */
export interface ParentThreadEntry {
  direction: 'inbound' | 'outbound';
  id: string;
  channel: 'sms' | 'teams';
  address: string;
  /** Null when withheld (the flagged words name the reader, and another reviewer handles it). */
  body: string | null;
  withheld: boolean;
  at: string;
  /** Inbound: received, triaged, triage_failed, consent. Outbound: the outbox state (pending ... delivered). */
  status: string;
  kind: 'message' | 'reply' | 'acknowledgement';
  triage: { flags: Flag[]; topic: Topic; urgency: Urgency } | null;
  cases: { id: string; kind: 'review' | 'enquiry'; state: string }[];
}

export interface ParentDetail extends ParentSummary {
  /** Newest first, both directions, every channel. */
  thread: ParentThreadEntry[];
  /** Every arrangement, past and present. */
  managedContacts: ManagedContactView[];
  /** Null when the reader may not see incidents (only senior reviewers and the head teacher may). */
  incidents: IncidentView[] | null;
}

export interface IncidentView {
  id: string;
  schoolId: string;
  caseId: string;
  messageId: string;
  parent: ParentRef | null;
  sender: string;
  flags: Flag[];
  /** The code-of-conduct clauses breached, quoted. */
  clauses: string[];
  /** The §4 responses chosen; letters carry their drafted text. */
  responses: IncidentResponse[];
  managedContact: ManagedContactView | null;
  decidedBy: string;
  reason: string;
  createdAt: string;
}

export interface AuditView {
  id: string;
  schoolId: string;
  at: string;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  data: Record<string, unknown>;
}

export interface CaseDetail extends CaseSummary {
  /** Why it went to this assignee (routing's explanation). */
  why: string | null;
  /** The triage's reasons with their evidence; flag reasons are left out when the flags are. */
  reasons: Reason[];
  /** Review: staff named in the flagged words. */
  namedInEvidence: string[];
  /** Review: the enquiry waiting for the decision (null once released, or when there is none). */
  heldEnquiry: { role: Role; staffId: string } | null;
  /** Review: the enquiry its decision released. */
  releasedCaseId: string | null;
  replies: ReplyView[];
  incident: IncidentView | null;
  /** Every transition of this case and its replies, oldest first. */
  audit: AuditView[];
  /** A safeguarding concern: who acknowledged it, the actions recorded, the escalations. Null otherwise. */
  safeguarding: SafeguardingView | null;
}

export interface SafeguardingView {
  acknowledged: { by: string; at: string } | null;
  actions: { by: string; at: string; action: string; reason: string }[];
  escalations: { step: number; to: string[]; at: string }[];
}

export interface MessageView {
  id: string;
  schoolId: string;
  direction: 'inbound' | 'outbound';
  channel: 'sms' | 'teams';
  from: string;
  to: string;
  /** Null when withheld: the flagged words name the reader, and another reviewer handles it. */
  body: string | null;
  withheld: boolean;
  receivedAt: string;
  /** received, triaged, triage_failed (kept and visible), consent (STOP/START). */
  status: string;
  parent: ParentRef | null;
  triage: { flags: Flag[]; topic: Topic; urgency: Urgency; route: Route | null; fellBack: boolean } | null;
}

export interface MessageDetail extends MessageView {
  /** Null when the body is withheld. */
  reasons: Reason[] | null;
  cases: { id: string; kind: 'review' | 'enquiry'; state: string }[];
}

export interface FailedJobView {
  id: string;
  queue: string;
  data: unknown;
  retryCount: number;
  error: string;
  failedAt: string | null;
}

export interface CaseFilters {
  school?: string;
  state?: string;
  kind?: 'review' | 'enquiry';
  assignee?: string;
  urgency?: Urgency;
}

export interface MessageFilters {
  school?: string;
  status?: string;
  from?: string;
}

export interface AuditFilters {
  school?: string;
  entityType?: string;
  entityId?: string;
}

/** An optimistic-concurrency guard: refuse with CONFLICT when the entity's version is not this one. */
export interface Guard {
  expectedVersion?: number;
}

export interface CaseMoved {
  caseId: string;
  state: string;
  version: number;
  assigneeId: string | null;
}

export interface ReviewDecided extends CaseMoved {
  incidentId: string | null;
  managedContactId: string | null;
  /** The enquiry the decision released to its assignee, with the forwarded text. */
  releasedCaseId: string | null;
}

export interface ReplyMovedResult {
  reply: ReplyView;
  case: CaseMoved;
}

export interface ReplySent extends ReplyMovedResult {
  /** The outbox row created for this attempt (its send job was queued in the same transaction). */
  outboxId: string;
}

/** The workflow as the JSON API and other staff surfaces use it. Every method throws SchoolgateError. */
export interface WorkflowApi {
  listCases(viewer: Viewer, filters: CaseFilters, page: PageRequest): Promise<Page<CaseSummary>>;
  getCase(caseId: string, viewer: Viewer): Promise<CaseDetail>;
  decideReview(caseId: string, actor: StaffCaller, input: unknown, guard?: Guard): Promise<ReviewDecided>;
  escalateReview(caseId: string, actor: StaffCaller, input: unknown, guard?: Guard): Promise<CaseMoved>;
  reassign(caseId: string, actor: StaffCaller, input: unknown, guard?: Guard): Promise<CaseMoved>;
  closeCase(caseId: string, actor: StaffCaller, input: unknown, guard?: Guard): Promise<CaseMoved>;
  writeReply(caseId: string, actor: StaffCaller, input: unknown, guard?: Guard): Promise<ReplyMovedResult>;
  approveReply(replyId: string, actor: StaffCaller, input: unknown, guard?: Guard): Promise<ReplySent>;
  rejectReply(replyId: string, actor: StaffCaller, input: unknown, guard?: Guard): Promise<ReplyMovedResult>;
  retrySend(replyId: string, actor: StaffCaller, guard?: Guard): Promise<ReplySent>;
  listIncidents(viewer: Viewer, filters: { school?: string }, page: PageRequest): Promise<Page<IncidentView>>;
  listMessages(viewer: Viewer, filters: MessageFilters, page: PageRequest): Promise<Page<MessageView>>;
  getMessage(messageId: string, viewer: Viewer): Promise<MessageDetail>;
  listAudit(viewer: Viewer, filters: AuditFilters, page: PageRequest): Promise<Page<AuditView>>;
  failedJobs(viewer: Viewer, options: { queue?: string; limit: number }): Promise<FailedJobView[]>;
  acknowledgeSafeguarding(caseId: string, actor: StaffCaller, guard?: Guard): Promise<CaseMoved>;
  recordSafeguardingAction(caseId: string, actor: StaffCaller, input: unknown, guard?: Guard): Promise<CaseMoved>;
  safeguardingRecord(caseId: string, actor: StaffCaller): Promise<Record<string, unknown>>;
  listParents(viewer: Viewer, filters: { q?: string; school?: string }, page: PageRequest): Promise<Page<ParentSummary>>;
  getParent(parentId: string, viewer: Viewer, options?: { school?: string }): Promise<ParentDetail>;
}
