import type { FastifyInstance } from 'fastify';
import type { CaseReplyDraft, ReplyDraftsApi } from '../../replies/views';
import type { MessageModelAudit, ModelAuditApi } from '../../triage/model-views';
import { viewerOf } from './acting';
import { IdParams, parse } from './parse';

/**
 * Issue #7's routes: suggested replies and the model audit. Both read through the workflow's rules (who may see
 * the case or the message, in which school); neither sends anything to a parent.
 *
 *   GET /cases/:id/draft-reply  → {draft: CaseReplyDraft}     a suggested reply for an enquiry, to edit and submit
 *   GET /messages/:id/model     → {model: MessageModelAudit}  what the model was sent (minimised), its answer's
 *                                                               provenance, tokens and latency per call
 */
export function modelRoutes(app: FastifyInstance, deps: { drafts?: ReplyDraftsApi; modelAudit?: ModelAuditApi }): void {
  const id = (params: unknown) => parse(IdParams, params, 'path').id;
  const { drafts, modelAudit } = deps;
  if (drafts)
    app.get('/cases/:id/draft-reply', async (request): Promise<{ draft: CaseReplyDraft }> => ({ draft: await drafts.draftForCase(id(request.params), viewerOf(request)) }));
  if (modelAudit)
    app.get('/messages/:id/model', async (request): Promise<{ model: MessageModelAudit }> => ({ model: await modelAudit.messageModelAudit(id(request.params), viewerOf(request)) }));
}
