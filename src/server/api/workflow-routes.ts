import type { FastifyInstance } from 'fastify';
import type { Guard, StaffCaller, WorkflowApi } from '../../workflow/views';
import { actorOf, viewerOf } from './acting';
import { FailedJobsQuery, IdParams, ListAuditQuery, ListCasesQuery, ListIncidentsQuery, ListMessagesQuery, ListParentsQuery, ParentParams, ParentQuery, parse, RetryBody, splitGuard } from './parse';

/**
 * The workflow's JSON routes. Each validates its params, query and body, resolves who reads or acts, and calls
 * the one workflow service; refusals come back as SchoolgateError and become HTTP statuses in ../errors.ts.
 * Lists are newest first, with keyset pagination: pass `nextCursor` back as `cursor` until it is null.
 *
 *   GET  /cases?state&kind&assignee&urgency&school&limit(1-1000, 50)&cursor   → {cases: CaseSummary[], nextCursor}
 *   GET  /cases/:id                          → {case: CaseDetail}
 *   POST /cases/:id/decision  ReviewDecision → ReviewDecided
 *   POST /cases/:id/escalate  {reason}       → CaseMoved
 *   POST /cases/:id/reassign  {toStaffId, reason?} → CaseMoved
 *   POST /cases/:id/close     {reason}       → CaseMoved
 *   POST /cases/:id/replies   {body}         → 201 {reply, case}
 *   POST /replies/:id/approve {editedBody?}  → {reply, case, outboxId}
 *   POST /replies/:id/reject  {reason}       → {reply, case}
 *   POST /replies/:id/retry   {}             → {reply, case, outboxId}
 *   GET  /incidents?school&limit&cursor      → {incidents, nextCursor}
 *   GET  /messages?school&status&from&limit&cursor → {messages, nextCursor};  GET /messages/:id → {message}
 *   GET  /audit?school&entityType&entityId&limit&cursor → {events, nextCursor}
 *   GET  /jobs/failed?queue&limit(1-500)     → {jobs}
 *   GET  /parents?q&school&limit&cursor      → {parents, nextCursor};  GET /parents/:id?school → {parent} (thread, incidents)
 *
 * Every POST body may carry `expectedVersion` (409 CONFLICT if the case or reply moved since it was read). With
 * the API token, a POST must name the member of staff it acts for (X-Schoolgate-Staff, see ./acting.ts).
 */
export function workflowRoutes(app: FastifyInstance, workflow: WorkflowApi): void {
  const id = (params: unknown) => parse(IdParams, params, 'path').id;

  app.get('/cases', async (request) => {
    const { limit, cursor, ...filters } = parse(ListCasesQuery, request.query, 'query');
    const page = await workflow.listCases(viewerOf(request), filters, { limit, cursor });
    return { cases: page.items, nextCursor: page.nextCursor };
  });

  app.get('/cases/:id', async (request) => ({ case: await workflow.getCase(id(request.params), viewerOf(request)) }));

  const caseAction = (path: string, run: (caseId: string, actor: StaffCaller, input: unknown, guard: Guard) => Promise<unknown>) =>
    app.post(`/cases/:id/${path}`, async (request) => {
      const caseId = id(request.params);
      const actor = actorOf(request);
      const { input, guard } = splitGuard(request.body);
      return run(caseId, actor, input, guard);
    });

  caseAction('decision', (c, a, i, g) => workflow.decideReview(c, a, i, g));
  caseAction('escalate', (c, a, i, g) => workflow.escalateReview(c, a, i, g));
  caseAction('reassign', (c, a, i, g) => workflow.reassign(c, a, i, g));
  caseAction('close', (c, a, i, g) => workflow.closeCase(c, a, i, g));
  caseAction('acknowledge', (c, a, _i, g) => workflow.acknowledgeSafeguarding(c, a, g));
  caseAction('safeguarding-actions', (c, a, i, g) => workflow.recordSafeguardingAction(c, a, i, g));
  app.get('/cases/:id/safeguarding-record', async (request) => workflow.safeguardingRecord(id(request.params), actorOf(request)));

  app.post('/cases/:id/replies', async (request, reply) => {
    const caseId = id(request.params);
    const actor = actorOf(request);
    const { input, guard } = splitGuard(request.body);
    const written = await workflow.writeReply(caseId, actor, input, guard);
    return reply.status(201).send(written);
  });

  app.post('/replies/:id/approve', async (request) => {
    const replyId = id(request.params);
    const actor = actorOf(request);
    const { input, guard } = splitGuard(request.body);
    return workflow.approveReply(replyId, actor, input, guard);
  });

  app.post('/replies/:id/reject', async (request) => {
    const replyId = id(request.params);
    const actor = actorOf(request);
    const { input, guard } = splitGuard(request.body);
    return workflow.rejectReply(replyId, actor, input, guard);
  });

  app.post('/replies/:id/retry', async (request) => {
    const replyId = id(request.params);
    const actor = actorOf(request);
    const { input, guard } = splitGuard(request.body);
    parse(RetryBody, input, 'retry request');
    return workflow.retrySend(replyId, actor, guard);
  });

  app.get('/incidents', async (request) => {
    const { limit, cursor, ...filters } = parse(ListIncidentsQuery, request.query, 'query');
    const page = await workflow.listIncidents(viewerOf(request), filters, { limit, cursor });
    return { incidents: page.items, nextCursor: page.nextCursor };
  });

  app.get('/messages', async (request) => {
    const { limit, cursor, ...filters } = parse(ListMessagesQuery, request.query, 'query');
    const page = await workflow.listMessages(viewerOf(request), filters, { limit, cursor });
    return { messages: page.items, nextCursor: page.nextCursor };
  });

  app.get('/messages/:id', async (request) => ({ message: await workflow.getMessage(id(request.params), viewerOf(request)) }));

  app.get('/audit', async (request) => {
    const { limit, cursor, ...filters } = parse(ListAuditQuery, request.query, 'query');
    const page = await workflow.listAudit(viewerOf(request), filters, { limit, cursor });
    return { events: page.items, nextCursor: page.nextCursor };
  });

  app.get('/parents', async (request) => {
    const { limit, cursor, ...filters } = parse(ListParentsQuery, request.query, 'query');
    const page = await workflow.listParents(viewerOf(request), filters, { limit, cursor });
    return { parents: page.items, nextCursor: page.nextCursor };
  });

  app.get('/parents/:id', async (request) => ({
    parent: await workflow.getParent(parse(ParentParams, request.params, 'path').id, viewerOf(request), parse(ParentQuery, request.query, 'query')),
  }));

  app.get('/jobs/failed', async (request) => {
    const q = parse(FailedJobsQuery, request.query, 'query');
    return { jobs: await workflow.failedJobs(viewerOf(request), q) };
  });
}
