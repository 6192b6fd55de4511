import type { FastifyInstance } from 'fastify';
import type { ReplyDraftsApi } from '../../replies/views';
import type { ModelAuditApi } from '../../triage/model-views';
import type { WorkflowApi } from '../../workflow/views';
import { modelRoutes } from './model-routes';
import { workflowRoutes } from './workflow-routes';

/**
 * What the JSON API's routes need. The server passes it through untouched; it holds ports only (no storage,
 * queue or adapter module), so the server stays testable on its own.
 */
export interface ApiDeps {
  clock: () => Date;
  /** The workflow service (src/workflow/service.ts). Without it only /ping is mounted (server-only tests). */
  workflow?: WorkflowApi;
  /** Issue #7: suggested replies for enquiries (GET /cases/:id/draft-reply). */
  drafts?: ReplyDraftsApi;
  /** Issue #7: what the model was sent for a message, and what it cost (GET /messages/:id/model). */
  modelAudit?: ModelAuditApi;
}

/**
 * The JSON API, mounted at /api/v1 behind authentication and rate limiting (see ../app.ts): every route here can
 * rely on `request.principal` being set.
 */
export async function apiRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  // Lets an integrator check the token and the clock before wiring anything else.
  app.get('/ping', async (request) => ({ ok: true, principal: request.principal?.via ?? null, time: deps.clock().toISOString() }));
  if (deps.workflow) workflowRoutes(app, deps.workflow);
  modelRoutes(app, { drafts: deps.drafts, modelAudit: deps.modelAudit });
}
