import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * One schema for PGlite and PostgreSQL (migrations in ./migrations, made by drizzle-kit). Every row carries
 * `school_id`, so a trust can run several schools in one deployment and no query forgets whose data it is.
 */
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });
const created = () => ts('created_at').notNull().defaultNow();
const updated = () => ts('updated_at').notNull().defaultNow();
const schoolId = () =>
  text('school_id')
    .notNull()
    .references(() => schools.id);

export const schools = pgTable('schools', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  createdAt: created(),
  updatedAt: updated(),
});

export const parents = pgTable(
  'parents',
  {
    id: uuid('id').primaryKey(),
    schoolId: schoolId(),
    /** The school file's parent id, or the MIS id from an imported CSV. */
    externalId: text('external_id').notNull(),
    name: text('name').notNull(),
    source: text('source', { enum: ['school_file', 'import'] }).notNull(),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [uniqueIndex('parents_school_external').on(t.schoolId, t.externalId)],
);

/** One parent, many (channel, address) routes; an address identifies one parent per school. */
export const parentAddresses = pgTable(
  'parent_addresses',
  {
    id: uuid('id').primaryKey(),
    schoolId: schoolId(),
    parentId: uuid('parent_id')
      .notNull()
      .references(() => parents.id, { onDelete: 'cascade' }),
    channel: text('channel', { enum: ['sms', 'teams'] }).notNull(),
    address: text('address').notNull(),
  },
  (t) => [uniqueIndex('parent_addresses_school_channel_address').on(t.schoolId, t.channel, t.address)],
);

export const children = pgTable(
  'children',
  {
    id: uuid('id').primaryKey(),
    schoolId: schoolId(),
    parentId: uuid('parent_id')
      .notNull()
      .references(() => parents.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    className: text('class_name').notNull(),
  },
  (t) => [index('children_parent').on(t.parentId)],
);

export const messages = pgTable(
  'messages',
  {
    id: uuid('id').primaryKey(),
    schoolId: schoolId(),
    direction: text('direction', { enum: ['inbound', 'outbound'] }).notNull(),
    channel: text('channel', { enum: ['sms', 'teams'] }).notNull(),
    /** Twilio MessageSid or Teams activity id: redeliveries carry the same one. */
    providerMessageId: text('provider_message_id'),
    fromAddress: text('from_address').notNull(),
    toAddress: text('to_address').notNull(),
    parentId: uuid('parent_id').references(() => parents.id),
    body: text('body').notNull(),
    /** MMS media kept as references ({url, contentType}); never downloaded. */
    media: jsonb('media').notNull().default(sql`'[]'::jsonb`),
    receivedAt: ts('received_at').notNull(),
    /** received → triaged | triage_failed; consent for STOP/START keywords. */
    status: text('status', { enum: ['received', 'triaged', 'triage_failed', 'consent'] }).notNull(),
    createdAt: created(),
  },
  (t) => [
    uniqueIndex('messages_channel_provider_id').on(t.channel, t.providerMessageId),
    index('messages_sender_history').on(t.schoolId, t.fromAddress, t.receivedAt),
    index('messages_school_received').on(t.schoolId, t.receivedAt, t.id),
  ],
);

export const triageResults = pgTable(
  'triage_results',
  {
    id: uuid('id').primaryKey(),
    schoolId: schoolId(),
    messageId: uuid('message_id')
      .notNull()
      .references(() => messages.id),
    classifier: text('classifier').notNull(),
    flags: jsonb('flags').notNull(),
    topic: text('topic').notNull(),
    urgency: text('urgency').notNull(),
    reasons: jsonb('reasons').notNull(),
    route: jsonb('route'),
    /** True when an outside classifier failed and the local one decided. */
    fellBack: boolean('fell_back').notNull().default(false),
    /** The minimised text sent to an outside AI service, for audit; never the original. */
    sentText: text('sent_text'),
    /** Issue #7: the classifiers disagreed on a flag, safeguarding or urgency; the safer answer was taken. */
    needsReview: boolean('needs_review').notNull().default(false),
    /** Issue #7: how the model took part (mode, model id, fallback reason, tokens, latency); no message text. */
    model: jsonb('model'),
    createdAt: created(),
  },
  (t) => [uniqueIndex('triage_results_message').on(t.messageId)],
);

/**
 * Issue #7: every call to an outside model, for cost and speed (tokens and latency per call) and the daily
 * token budget per school (`day` is the school's local date). Never holds message text.
 */
export const modelCalls = pgTable(
  'model_calls',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    schoolId: schoolId(),
    day: date('day', { mode: 'string' }).notNull(),
    purpose: text('purpose', { enum: ['triage', 'reply_draft'] }).notNull(),
    modelId: text('model_id').notNull(),
    /** `ok`, or why the answer could not be used (a fallback reason). */
    outcome: text('outcome').notNull(),
    inputTokens: integer('input_tokens').notNull().default(0),
    outputTokens: integer('output_tokens').notNull().default(0),
    latencyMs: integer('latency_ms'),
    /** The message triaged or the case drafted for. */
    subjectId: text('subject_id'),
    createdAt: created(),
  },
  (t) => [index('model_calls_school_day').on(t.schoolId, t.day)],
);

export const cases = pgTable(
  'cases',
  {
    id: uuid('id').primaryKey(),
    schoolId: schoolId(),
    kind: text('kind', { enum: ['review', 'enquiry'] }).notNull(),
    state: text('state').notNull(),
    messageId: uuid('message_id')
      .notNull()
      .references(() => messages.id),
    parentId: uuid('parent_id').references(() => parents.id),
    /** An enquiry released from a review points at it. */
    parentCaseId: uuid('parent_case_id'),
    assigneeStaffId: text('assignee_staff_id'),
    assigneeRole: text('assignee_role'),
    flags: jsonb('flags').notNull().default(sql`'[]'::jsonb`),
    topic: text('topic').notNull(),
    urgency: text('urgency').notNull(),
    /** For an enquiry from a flagged message: the text the assignee is shown, without the abuse. */
    forwardedBody: text('forwarded_body'),
    /** Workflow details that vary by kind (held route, reviewers, named staff). */
    details: jsonb('details').notNull().default(sql`'{}'::jsonb`),
    /** Optimistic concurrency: every update checks and bumps it. */
    version: integer('version').notNull().default(1),
    createdAt: created(),
    updatedAt: updated(),
    closedAt: ts('closed_at'),
  },
  (t) => [
    index('cases_school_state').on(t.schoolId, t.state),
    index('cases_school_assignee').on(t.schoolId, t.assigneeStaffId),
    index('cases_school_created').on(t.schoolId, t.createdAt, t.id),
    index('cases_message').on(t.messageId),
  ],
);

export const replies = pgTable(
  'replies',
  {
    id: uuid('id').primaryKey(),
    schoolId: schoolId(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    authorStaffId: text('author_staff_id').notNull(),
    body: text('body').notNull(),
    /** The text as approved (office may edit before approving); what is sent. */
    approvedBody: text('approved_body'),
    state: text('state').notNull(),
    attempt: integer('attempt').notNull().default(1),
    approvedBy: text('approved_by'),
    approvedAt: ts('approved_at'),
    rejectedReason: text('rejected_reason'),
    version: integer('version').notNull().default(1),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [index('replies_case').on(t.caseId), index('replies_school_state').on(t.schoolId, t.state)],
);

export const outbox = pgTable(
  'outbox',
  {
    id: uuid('id').primaryKey(),
    schoolId: schoolId(),
    kind: text('kind', { enum: ['reply', 'acknowledgement'] }).notNull(),
    replyId: uuid('reply_id').references(() => replies.id),
    /** The inbound message this answers. */
    messageId: uuid('message_id').references(() => messages.id),
    channel: text('channel', { enum: ['sms', 'teams'] }).notNull(),
    toAddress: text('to_address').notNull(),
    body: text('body').notNull(),
    state: text('state', { enum: ['pending', 'sending', 'sent', 'delivered', 'undelivered', 'failed'] }).notNull(),
    /** A reply attempt or an acknowledgement is sent at most once: the key is unique. */
    idempotencyKey: text('idempotency_key').notNull(),
    providerMessageId: text('provider_message_id'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    errorCode: text('error_code'),
    createdAt: created(),
    updatedAt: updated(),
    sentAt: ts('sent_at'),
    deliveredAt: ts('delivered_at'),
  },
  (t) => [
    uniqueIndex('outbox_idempotency_key').on(t.idempotencyKey),
    index('outbox_provider_id').on(t.providerMessageId),
    index('outbox_school_to').on(t.schoolId, t.toAddress, t.createdAt),
  ],
);

export const incidents = pgTable(
  'incidents',
  {
    id: uuid('id').primaryKey(),
    schoolId: schoolId(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    parentId: uuid('parent_id').references(() => parents.id),
    flags: jsonb('flags').notNull(),
    clauses: jsonb('clauses').notNull(),
    /** The responses chosen from code of conduct §4, with their details (letters, review date). */
    responses: jsonb('responses').notNull(),
    decidedBy: text('decided_by').notNull(),
    reason: text('reason').notNull(),
    createdAt: created(),
  },
  (t) => [index('incidents_school_created').on(t.schoolId, t.createdAt)],
);

export const managedContacts = pgTable(
  'managed_contacts',
  {
    id: uuid('id').primaryKey(),
    schoolId: schoolId(),
    parentId: uuid('parent_id')
      .notNull()
      .references(() => parents.id),
    designatedStaffId: text('designated_staff_id').notNull(),
    allowedTopics: jsonb('allowed_topics').notNull(),
    reviewDate: date('review_date', { mode: 'string' }).notNull(),
    source: text('source', { enum: ['school_file', 'incident'] }).notNull(),
    incidentId: uuid('incident_id').references(() => incidents.id),
    active: boolean('active').notNull().default(true),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [index('managed_contacts_parent').on(t.schoolId, t.parentId)],
);

export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    schoolId: schoolId(),
    at: ts('at').notNull().defaultNow(),
    /** 'system', 'api', 'staff:<id>' or 'parent:<address>'. */
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    data: jsonb('data').notNull().default(sql`'{}'::jsonb`),
  },
  (t) => [index('audit_school_at').on(t.schoolId, t.at), index('audit_entity').on(t.entityType, t.entityId)],
);

/**
 * Every alert card posted to a member of staff on a staff surface (Teams, Slack): where it lives, so it can be
 * updated in place when its case changes, and which alert job posted it, so a retried job never posts twice.
 */
export const staffAlertPosts = pgTable(
  'staff_alert_posts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    schoolId: schoolId(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    staffId: text('staff_id').notNull(),
    channel: text('channel', { enum: ['teams', 'slack'] }).notNull(),
    /** The adapter's own reference (JSON: conversation + activity id on Teams, channel + ts on Slack). */
    ref: text('ref').notNull(),
    /** The card it is (review, safeguarding, enquiry, approval, notice): an update keeps it. */
    purpose: text('purpose').notNull(),
    /** An approval card's reply. */
    replyId: uuid('reply_id'),
    /** The alert job that posted it (pg-boss job id). */
    jobId: text('job_id').notNull(),
    /** The case state the card shows (versions of the case and its replies): an update is skipped when unchanged. */
    shown: text('shown').notNull(),
    postedAt: ts('posted_at').notNull().defaultNow(),
    updatedAt: ts('updated_at'),
  },
  (t) => [uniqueIndex('staff_alert_posts_job').on(t.jobId, t.staffId, t.channel), index('staff_alert_posts_case').on(t.schoolId, t.caseId)],
);

/**
 * Teams conversations Schoolgate may write to (issue #4): a person's 1:1 chat with the bot, kept when they first
 * message it or install it, so staff alerts and approved replies to parents can be sent proactively. One row per
 * school, kind and Teams user; the reference is the Bot Framework's own JSON, read only by adapters/teams.
 */
export const teamsConversations = pgTable(
  'teams_conversations',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    schoolId: schoolId(),
    kind: text('kind', { enum: ['staff', 'parent'] }).notNull(),
    /** The school file's staff id or parent id; null for a sender the school file does not list. */
    memberId: text('member_id'),
    /** The address Schoolgate knows them by: the id the school file lists (Microsoft Entra object id or Teams user id). */
    address: text('address').notNull(),
    /** Teams' user id for this bot (29:...). */
    teamsUserId: text('teams_user_id').notNull(),
    /** Their Microsoft Entra (AAD) object id, when Teams sent it. */
    aadObjectId: text('aad_object_id'),
    conversationId: text('conversation_id').notNull(),
    /** The Bot Framework ConversationReference (service URL, conversation, bot), as Teams last sent it. */
    reference: jsonb('reference').notNull(),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [uniqueIndex('teams_conversations_person').on(t.schoolId, t.kind, t.teamsUserId), index('teams_conversations_address').on(t.address)],
);

export const optOuts = pgTable(
  'opt_outs',
  {
    schoolId: schoolId(),
    channel: text('channel').notNull(),
    address: text('address').notNull(),
    optedOut: boolean('opted_out').notNull(),
    keyword: text('keyword').notNull(),
    updatedAt: updated(),
  },
  (t) => [primaryKey({ columns: [t.schoolId, t.channel, t.address] })],
);

/** Console accounts: a member of staff from the school file, signing in with a password (scrypt hash). */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey(),
    schoolId: schoolId(),
    /** The staff id in the school file: roles come from there, so the workflow's permissions apply as they are. */
    staffId: text('staff_id').notNull(),
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    /** Admins may also manage accounts; everything else follows the staff member's roles. */
    admin: boolean('admin').notNull().default(false),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [uniqueIndex('users_email').on(t.email), uniqueIndex('users_school_staff').on(t.schoolId, t.staffId)],
);

/** Console sessions. Only a digest of the cookie's token is stored; the CSRF token is per session. */
export const sessions = pgTable(
  'sessions',
  {
    tokenDigest: text('token_digest').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    schoolId: schoolId(),
    csrfToken: text('csrf_token').notNull(),
    expiresAt: ts('expires_at').notNull(),
    createdAt: created(),
  },
  (t) => [index('sessions_user').on(t.userId)],
);
