import type { FastifyInstance } from 'fastify';
import type { WorkflowApi } from '../../workflow/views';
import { workflowRoutes } from './workflow-routes';

/**
 * What the JSON API's routes need. The server passes it through untouched; it holds ports only (no storage,
 * queue or adapter module), so the server stays testable on its own.
 */
export interface ApiDeps {
  clock: () => Date;
  /** The workflow service (src/workflow/service.ts). Without it only /ping is mounted (server-only tests). */
  workflow?: WorkflowApi;
}

/**
 * The JSON API, mounted at /api/v1 behind authentication and rate limiting (see ../app.ts): every route here can
 * rely on `request.principal` being set.
 */
export async function apiRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  // Lets an integrator check the token and the clock before wiring anything else.
  app.get('/ping', async (request) => ({ ok: true, principal: request.principal?.via ?? null, time: deps.clock().toISOString() }));
  if (deps.workflow) workflowRoutes(app, deps.workflow);
}
