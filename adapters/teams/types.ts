import { z } from 'zod';

/** Where the Bot Framework POSTs activities for this bot (the messaging endpoint set on the Azure Bot resource). */
export const TEAMS_MESSAGES_PATH = '/api/messages';

/**
 * The verbs of our Action.Execute buttons: Teams sends each press back as an `adaptiveCard/action` invoke carrying
 * the verb and the button's data merged with the card's inputs.
 */
export const VERB = {
  notBreach: 'sg.review.not_breach',
  breach: 'sg.review.breach',
  escalate: 'sg.review.escalate',
  acknowledge: 'sg.safeguarding.acknowledge',
  writeReply: 'sg.enquiry.write_reply',
  approve: 'sg.reply.approve',
  editApprove: 'sg.reply.edit_approve',
  reject: 'sg.reply.reject',
} as const;
export type Verb = (typeof VERB)[keyof typeof VERB];
export const VERBS = Object.values(VERB) as readonly Verb[];

/**
 * Input ids on the cards. Adaptive Cards need ids unique across the whole card (the forms of one card sit in
 * ShowCards side by side), so each form's fields carry its own prefix.
 */
export const INPUT = {
  notBreachReason: 'nbReason',
  notBreachForwarded: 'nbForwarded',
  breachReason: 'brReason',
  breachFlags: 'brFlags',
  breachResponses: 'brResponses',
  meetingWith: 'brMeetingWith',
  meetingDate: 'brMeetingDate',
  meetingTime: 'brMeetingTime',
  contact: 'brContact',
  contactTopics: 'brContactTopics',
  contactReviewDate: 'brContactReview',
  policeGrounds: 'brPoliceGrounds',
  policeReference: 'brPoliceRef',
  breachForwarded: 'brForwarded',
  escalateReason: 'esReason',
  replyBody: 'replyBody',
  editedBody: 'editedBody',
  rejectReason: 'rjReason',
} as const;

/**
 * What every button carries: the school, the case, and the version the card showed (the workflow refuses a press
 * on a card that is out of date with CONFLICT). For reply buttons the version is the reply's.
 */
export const ActionData = z.object({
  s: z.string().min(1),
  c: z.string().min(1),
  v: z.number().int().nonnegative(),
  r: z.string().min(1).optional(),
});
export type ActionData = z.infer<typeof ActionData>;

/** Where a posted card lives (PostedAlert.ref), so it can be replaced with updateActivity. */
export const TeamsCardRef = z.strictObject({
  conversationId: z.string().min(1),
  activityId: z.string().min(1),
  serviceUrl: z.url(),
  tenantId: z.string().min(1).optional(),
});
export type TeamsCardRef = z.infer<typeof TeamsCardRef>;

/** A member of staff as the cards' forms list them (meeting with, designated contact). */
export interface StaffChoice {
  id: string;
  name: string;
  roles: readonly string[];
}

/** Presentation data the cards need beyond the alert itself: names and the time zone from the school file. */
export interface RenderOptions {
  schoolName?: string;
  /** IANA time zone the school file gives; times on cards are the school's local times. */
  timezone?: string;
  /** A staff id → the name the school file gives them. */
  staffName?: (staffId: string) => string | undefined;
  /** Staff of the school, for the breach form's choices. */
  staff?: readonly StaffChoice[];
  /** PUBLIC_URL: adds an "Open in console" button. */
  consoleUrl?: string;
}
