import type { Topic } from '../domain/taxonomy';
import type { FallbackReason } from '../triage/model-port';
import type { Viewer } from '../workflow/views';

/**
 * Suggested replies as every staff surface uses them (the JSON API, the console, the Teams and Slack cards).
 * Plain data and one port, no storage, so the HTTP server can depend on it.
 */
export interface CaseReplyDraft {
  caseId: string;
  /** The suggested text, names put back; staff edit it and submit it as a reply (POST /cases/:id/replies). */
  text: string;
  /** `model` when the school's model worded it, `template` otherwise (and whenever the model failed). */
  source: 'template' | 'model';
  /** The template it follows: the case's topic, or `general` for a topic without its own. */
  template: Exclude<Topic, 'none'>;
  /** The model was asked and its answer could not be used: the template's text is offered instead. */
  fellBack: boolean;
  fallbackReason: FallbackReason | null;
  /** Always true: a draft is never sent; only a reply the office approves is. */
  requiresApproval: true;
}

export interface ReplyDraftsApi {
  /**
   * A suggested reply to an enquiry the viewer may read (the workflow's read rules apply). Drafting sends nothing
   * to the parent. Throws SchoolgateError: NOT_FOUND, FORBIDDEN, or INPUT_INVALID for a review case or a message
   * with nothing to answer.
   */
  draftForCase(caseId: string, viewer: Viewer): Promise<CaseReplyDraft>;
}
