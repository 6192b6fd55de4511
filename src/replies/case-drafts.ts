import type { School } from '../config/load-school';
import { SchoolgateError } from '../errors';
import type { Db } from '../store/open';
import { auditEvents } from '../store/schema';
import type { Viewer, WorkflowApi } from '../workflow/views';
import type { ReplyDrafter } from './draft';
import type { CaseReplyDraft, ReplyDraftsApi } from './views';

export interface CaseReplyDraftsDeps {
  workflow: Pick<WorkflowApi, 'getCase'>;
  drafter: ReplyDrafter;
  schools: ReadonlyMap<string, School>;
  db: Db;
}

/**
 * Suggested replies for a case, through the workflow's read rules: whoever may read the enquiry may ask for a
 * draft, and the draft is built from what that enquiry shows its assignee (the forwarded text, without words a
 * reviewer flagged). When the model was asked, the minimised text it was sent is recorded on the case's audit
 * trail; drafting never sends anything to the parent.
 */
export class CaseReplyDrafts implements ReplyDraftsApi {
  constructor(private readonly deps: CaseReplyDraftsDeps) {}

  async draftForCase(caseId: string, viewer: Viewer): Promise<CaseReplyDraft> {
    const c = await this.deps.workflow.getCase(caseId, viewer);
    if (c.kind !== 'enquiry')
      throw new SchoolgateError('INPUT_INVALID', 'Reply drafts are for enquiries: a review case is answered by its decision (warning letter, meeting…), not by a reply.');
    const school = this.deps.schools.get(c.schoolId);
    if (!school) throw new SchoolgateError('NOT_FOUND', `The school "${c.schoolId}" of case ${caseId} is not configured.`);
    const draft = await this.deps.drafter.draft({
      enquiryText: c.forwardedText ?? c.message.body,
      topic: c.topic,
      school,
      receivedAt: c.message.receivedAt,
      parentName: c.parent?.name ?? null,
      handledBy: c.assignee?.name ?? null,
      subjectId: c.id,
    });
    if (!draft) throw new SchoolgateError('INPUT_INVALID', 'This enquiry asks the school for nothing (topic "none"), so there is no reply to suggest.');
    if (draft.sentText !== null)
      await this.deps.db.insert(auditEvents).values({
        schoolId: c.schoolId,
        actor: viewer.kind === 'staff' ? `staff:${viewer.staffId}` : 'api',
        action: 'reply.draft_suggested',
        entityType: 'case',
        entityId: c.id,
        data: {
          source: draft.source,
          template: draft.template,
          fellBack: draft.fellBack,
          fallbackReason: draft.fallbackReason,
          usage: draft.usage,
          latencyMs: draft.latencyMs,
          // What left the building for this draft: the minimised text, never the original.
          sentText: draft.sentText,
        },
      });
    return {
      caseId: c.id,
      text: draft.text,
      source: draft.source,
      template: draft.template,
      fellBack: draft.fellBack,
      fallbackReason: draft.fallbackReason,
      requiresApproval: true,
    };
  }
}
