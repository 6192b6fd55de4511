import { z } from 'zod';

/** The path Slack POSTs interactivity (button presses, modal submissions) and events to, relative to PUBLIC_URL. */
export const SLACK_EVENTS_PATH = '/webhooks/slack/events';

/** Button action ids: unique within a message, and the keys Bolt's listeners match on. */
export const ACTION = {
  notBreach: 'sg_review_not_breach',
  breach: 'sg_review_breach',
  escalate: 'sg_review_escalate',
  acknowledge: 'sg_safeguarding_acknowledge',
  writeReply: 'sg_enquiry_write_reply',
  approve: 'sg_reply_approve',
  editApprove: 'sg_reply_edit_approve',
  reject: 'sg_reply_reject',
  openConsole: 'sg_open_console',
} as const;
export type ActionId = (typeof ACTION)[keyof typeof ACTION];

/** Modal callback ids: which form was submitted. */
export const VIEW = {
  notBreach: 'sg_not_breach',
  breach: 'sg_breach',
  escalate: 'sg_escalate',
  writeReply: 'sg_write_reply',
  editApprove: 'sg_edit_approve',
  reject: 'sg_reject',
} as const;
export type ViewId = (typeof VIEW)[keyof typeof VIEW];

/**
 * What a button carries: the school, the case, and the version the card showed (the workflow refuses a press on a
 * card that is out of date with CONFLICT). Short keys: a button value is at most 2,000 characters.
 */
export const ButtonValue = z.strictObject({
  s: z.string().min(1),
  c: z.string().min(1),
  /** The case's version, or for reply buttons the reply's. */
  v: z.number().int().nonnegative(),
  /** Reply buttons: the reply. */
  r: z.string().min(1).optional(),
});
export type ButtonValue = z.infer<typeof ButtonValue>;

/** What a modal carries back on submit: the button's value plus the message to update in place. */
export const ModalMetadata = ButtonValue.extend({
  /** The conversation and timestamp of the message whose button opened the modal. */
  ch: z.string().min(1),
  ts: z.string().min(1),
});
export type ModalMetadata = z.infer<typeof ModalMetadata>;

/** Where a posted message lives (PostedAlert.ref), so it can be updated with chat.update. */
export const SlackMessageRef = z.strictObject({ channel: z.string().min(1), ts: z.string().min(1) });
export type SlackMessageRef = z.infer<typeof SlackMessageRef>;

/** Presentation data the builders need beyond the alert itself (names from the school file, the console's address). */
export interface RenderOptions {
  schoolName?: string;
  /** A staff id → the name the school file gives them. */
  staffName?: (staffId: string) => string | undefined;
  /** PUBLIC_URL: adds an "Open in console" link button. */
  consoleUrl?: string;
}
