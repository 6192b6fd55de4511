import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LILY_MUM, STRANGER } from '../../workflow/fixtures';
import { arrive, backends, type Harness, openHarness } from '../../workflow/store-fixtures';
import { API_TOKEN, startServer, type TestServer } from '../helpers';

const KAI_MUM = '+447700900158';
const ABUSE_AND_ASK = "You're a useless teacher Mr Hughes. Can Lily have her reading book changed please?";

interface Call {
  /** Act as this member of staff through the API token (X-Schoolgate-Staff). */
  as?: string;
  school?: string;
  /** A console session for this member of staff instead of the token. */
  session?: string;
  token?: string | null;
  body?: unknown;
}

describe.each(backends)('the workflow JSON API on $name', (backend) => {
  let h: Harness;
  let server: TestServer;

  beforeAll(async () => {
    h = await openHarness(backend);
    server = await startServer({
      api: { clock: () => new Date('2026-10-01T09:00:00Z'), workflow: h.service },
      // Stands in for the console's session cookie: "sg_session=<staff id>".
      authenticators: [async (request) => {
        const m = /sg_session=([a-z0-9-]+)/.exec(request.headers.cookie ?? '');
        return m ? { via: 'session', staffId: m[1]! } : null;
      }],
    });
  });
  afterAll(async () => {
    await server?.close();
    await h?.close();
  });

  async function call(method: string, path: string, o: Call = {}) {
    const headers: Record<string, string> = {};
    if (o.session) headers.cookie = `sg_session=${o.session}`;
    else if (o.token !== null) headers.authorization = `Bearer ${o.token ?? API_TOKEN}`;
    if (o.as) headers['x-schoolgate-staff'] = o.as;
    if (o.school) headers['x-schoolgate-school'] = o.school;
    if (o.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${server.base}/api/v1${path}`, { method, headers, body: o.body === undefined ? undefined : JSON.stringify(o.body) });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : null };
  }
  const get = (path: string, o?: Call) => call('GET', path, o);
  const post = (path: string, body: unknown, o: Call = {}) => call('POST', path, { ...o, body });

  describe('GET /cases', () => {
    it('needs credentials', async () => {
      expect((await get('/cases', { token: null })).status).toBe(401);
      expect((await get('/cases', { token: 'wrong-token-0123456789abcdef' })).status).toBe(401);
    });

    it('lists cases with the fields other tools rely on', async () => {
      const { caseIds } = await arrive(h, { from: KAI_MUM, body: 'Kai is off sick today.', topic: 'absence' });
      const res = await get('/cases');
      expect(res.status).toBe(200);
      expect(Object.keys(res.json).sort()).toEqual(['cases', 'nextCursor']);
      const c = res.json.cases.find((x: { id: string }) => x.id === caseIds[0]);
      expect(c).toMatchObject({
        id: caseIds[0],
        kind: 'enquiry',
        state: 'open',
        flags: [],
        topic: 'absence',
        urgency: 'routine',
        assignee: { staffId: 'green', role: 'attendance', name: 'Mrs Green' },
        message: { from: KAI_MUM, body: 'Kai is off sick today.', channel: 'sms' },
        parent: { id: 'kai-mum', name: 'Amy Clarke' },
        version: 1,
      });
      expect(c.message.receivedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    });

    it('refuses bad filters and limits with 400 and says what is allowed', async () => {
      for (const [q, expected] of [
        ['limit=0', /limit must be a whole number from 1 to 1000/],
        ['limit=1001', /limit must be at most 1000/],
        ['limit=ten', /limit must be a whole number/],
        ['state=pending', /state: must be one of: open, escalated, not_breach, breach, reply_pending_approval, replied, closed/],
        ['kind=ticket', /kind: must be one of: review, enquiry/],
        ['urgency=high', /urgency: must be one of: urgent, routine/],
        ['colour=red', /unknown key "colour"/],
        ['cursor=abc', /cursor is not one this API gave out/],
      ] as const) {
        const res = await get(`/cases?${q}`);
        expect(res.status, q).toBe(400);
        expect(res.json.error.code).toBe('INPUT_INVALID');
        expect(res.json.error.message, q).toMatch(expected);
      }
      expect((await get('/cases?limit=1000')).status).toBe(200);
    });

    it('pages with nextCursor, newest first, without gaps or repeats', async () => {
      for (let i = 0; i < 5; i++) await arrive(h, { from: KAI_MUM, body: `Question ${i} about the trip`, topic: 'general' });
      const all = (await get('/cases?limit=1000')).json.cases.map((c: { id: string }) => c.id);
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { json: { cases: { id: string }[]; nextCursor: string | null } } = await get(`/cases?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(res.json.cases.length).toBeLessThanOrEqual(2);
        paged.push(...res.json.cases.map((c) => c.id));
        cursor = res.json.nextCursor;
      } while (cursor);
      expect(paged).toEqual(all);
    });

    it('filters, and a session sees only its own school and its own view', async () => {
      const urgent = await get('/cases?urgency=urgent&kind=enquiry');
      expect(urgent.json.cases.every((c: { urgency: string; kind: string }) => c.urgency === 'urgent' && c.kind === 'enquiry')).toBe(true);
      await arrive(h, { school: h.ashby, from: LILY_MUM, body: 'Lily is off today.', topic: 'absence' });
      const operator = await get('/cases?school=ashby');
      expect(operator.json.cases.length).toBeGreaterThan(0);
      expect(operator.json.cases.every((c: { schoolId: string }) => c.schoolId === 'ashby')).toBe(true);
      const session = await get('/cases?limit=1000', { session: 'harrison' });
      expect(session.status).toBe(200);
      expect(session.json.cases.every((c: { schoolId: string }) => c.schoolId === 'rossmore')).toBe(true);
      expect((await get('/cases?school=ashby', { session: 'harrison' })).json.cases).toEqual([]);
    });
  });

  describe('GET /cases/:id', () => {
    it('shows the message, reasons with evidence, replies and the audit trail; 400, 403, 404 as due', async () => {
      const { caseIds } = await arrive(h, { from: LILY_MUM, body: ABUSE_AND_ASK, flags: [['abusive', 'useless teacher']], topic: 'learning' });
      const res = await get(`/cases/${caseIds[0]}`, { as: 'macey' });
      expect(res.status).toBe(200);
      expect(res.json.case).toMatchObject({ kind: 'review', flags: ['abusive'], message: { body: ABUSE_AND_ASK, redacted: false }, heldEnquiry: { role: 'class_teacher', staffId: 'hughes' } });
      expect(res.json.case.reasons[0]).toMatchObject({ kind: 'flag', label: 'abusive', evidence: { text: 'useless teacher' } });
      expect(res.json.case.audit.map((a: { action: string }) => a.action)).toEqual(['case.opened']);

      expect((await get('/cases/not-a-uuid')).status).toBe(400);
      const missing = await get('/cases/00000000-0000-4000-8000-000000000000');
      expect(missing.status).toBe(404);
      expect(missing.json.error.code).toBe('NOT_FOUND');
      const teacher = await get(`/cases/${caseIds[0]}`, { session: 'hughes' });
      expect(teacher.status).toBe(403);
      expect(teacher.json.error.code).toBe('FORBIDDEN');
      expect((await get(`/cases/${caseIds[0]}`, { as: 'harrison-a' })).status).toBe(404);
    });
  });

  describe('review decisions', () => {
    it('the API token must say whom it acts for; the decision releases the enquiry without the abuse', async () => {
      const { caseIds } = await arrive(h, { from: LILY_MUM, body: ABUSE_AND_ASK, flags: [['abusive', 'useless teacher']], topic: 'learning' });
      const id = caseIds[0];
      const decision = { outcome: 'breach', reason: 'abuse of a named teacher', breachedFlags: ['abusive'], responses: [{ kind: 'warning_letter' }] };

      const anonymous = await post(`/cases/${id}/decision`, decision);
      expect(anonymous.status).toBe(400);
      expect(anonymous.json.error.message).toMatch(/X-Schoolgate-Staff: <staff id from the school file>/);
      expect((await post(`/cases/${id}/decision`, decision, { as: 'karen', school: 'rossmore' })).status).toBe(403);
      expect((await post(`/cases/${id}/decision`, decision, { as: 'karen' })).status).toBe(400); // in two school files
      expect((await post(`/cases/${id}/decision`, decision, { as: 'Bad Id!' })).status).toBe(400);
      const bad = await post(`/cases/${id}/decision`, { outcome: 'breach', reason: 'x' }, { as: 'macey' });
      expect(bad.status).toBe(400);
      expect(bad.json.error.message).toMatch(/review decision has \d problems/);
      expect((await post(`/cases/${id}/decision`, decision, { session: 'hughes', as: 'macey' })).status).toBe(403);

      const res = await post(`/cases/${id}/decision`, decision, { as: 'macey' });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ caseId: id, state: 'breach', version: 2 });
      expect(res.json.incidentId).toEqual(expect.any(String));
      const again = await post(`/cases/${id}/decision`, decision, { as: 'macey' });
      expect(again.status).toBe(409);
      expect(again.json.error.code).toBe('ILLEGAL_TRANSITION');

      const released = await get(`/cases/${res.json.releasedCaseId}`, { session: 'hughes' });
      expect(released.status).toBe(200);
      expect(released.json.case.message.body).toBe('Can Lily have her reading book changed please?');
      expect(JSON.stringify(released.json)).not.toMatch(/useless/);
      const listed = (await get('/cases?limit=1000', { session: 'hughes' })).json.cases.find((c: { id: string }) => c.id === res.json.releasedCaseId);
      expect(listed.message).toMatchObject({ body: 'Can Lily have her reading book changed please?', redacted: true });

      const audit = (await get(`/cases/${id}`, { as: 'harrison' })).json.case.audit;
      expect(audit.map((a: { action: string }) => a.action)).toEqual(['case.opened', 'review.decide_breach', 'incident.opened']);
      expect(audit[1]).toMatchObject({ actor: 'staff:macey', data: { via: 'api_token' } });
    });

    it('escalate and reassign; a stale expectedVersion is 409 CONFLICT', async () => {
      const { caseIds } = await arrive(h, { from: STRANGER, body: 'You lot are clowns.', flags: [['abusive', 'clowns']], topic: 'none' });
      const id = caseIds[0];
      expect((await post(`/cases/${id}/reassign`, { toStaffId: 'okafor', expectedVersion: 1 }, { as: 'macey' })).json).toMatchObject({ assigneeId: 'okafor', version: 2 });
      const stale = await post(`/cases/${id}/escalate`, { reason: 'head should see this', expectedVersion: 1 }, { as: 'macey' });
      expect(stale.status).toBe(409);
      expect(stale.json.error.code).toBe('CONFLICT');
      expect((await post(`/cases/${id}/escalate`, { reason: 'x', expectedVersion: 'two' }, { as: 'macey' })).status).toBe(400);
      expect((await post(`/cases/${id}/escalate`, [1, 2], { as: 'macey' })).status).toBe(400);
      const escalated = await post(`/cases/${id}/escalate`, { reason: 'head should see this', expectedVersion: 2 }, { as: 'macey' });
      expect(escalated.json).toMatchObject({ state: 'escalated', assigneeId: 'harrison', version: 3 });
    });
  });

  describe('replies', () => {
    it('write (201) → approve → approving again is 409; reject; retry only after a failure; close', async () => {
      const { caseIds } = await arrive(h, { from: KAI_MUM, body: 'Kai has the dentist at 2, collecting at 1.30.', topic: 'absence' });
      const caseId = caseIds[0];
      expect((await post(`/cases/${caseId}/replies`, { body: '' }, { as: 'green' })).status).toBe(400);
      expect((await post(`/cases/${caseId}/replies`, { body: 'Noted.' }, { as: 'hughes' })).status).toBe(403);
      const written = await post(`/cases/${caseId}/replies`, { body: 'Noted, thank you.' }, { as: 'green' });
      expect(written.status).toBe(201);
      expect(written.json).toMatchObject({ reply: { state: 'awaiting_approval', authorId: 'green' }, case: { state: 'reply_pending_approval' } });
      const replyId = written.json.reply.id;

      expect((await post(`/replies/${replyId}/approve`, {}, { as: 'green' })).status).toBe(403);
      expect((await post(`/replies/${replyId}/approve`, { editedBody: 42 }, { as: 'harrison' })).status).toBe(400);
      expect((await post(`/replies/${replyId}/retry`, {}, { as: 'karen', school: 'rossmore' })).status).toBe(409);
      const approved = await post(`/replies/${replyId}/approve`, { editedBody: 'Noted for 1.30, thank you.' }, { as: 'harrison' });
      expect(approved.status).toBe(200);
      expect(approved.json).toMatchObject({ reply: { state: 'approved', approvedBody: 'Noted for 1.30, thank you.', delivery: { state: 'pending' } }, case: { state: 'replied' } });
      expect(approved.json.outboxId).toEqual(expect.any(String));
      const twice = await post(`/replies/${replyId}/approve`, {}, { as: 'harrison' });
      expect(twice.status).toBe(409);
      expect(twice.json.error.code).toBe('ILLEGAL_TRANSITION');

      await h.store.transaction((tx) => h.service.replyStateChanged(tx, { schoolId: 'rossmore', replyId, state: 'failed', detail: 'unreachable' }));
      expect((await post(`/replies/${replyId}/retry`, { again: true }, { as: 'harrison' })).status).toBe(400);
      const retried = await post(`/replies/${replyId}/retry`, undefined, { as: 'harrison' });
      expect(retried.status).toBe(200);
      expect(retried.json.reply).toMatchObject({ state: 'approved', attempt: 2 });

      const second = await post(`/cases/${caseId}/replies`, { body: 'One more thing: please sign him out at the office.' }, { as: 'green' });
      expect((await post(`/replies/${second.json.reply.id}/reject`, {}, { as: 'harrison' })).status).toBe(400);
      const rejected = await post(`/replies/${second.json.reply.id}/reject`, { reason: 'the office will tell her at pick-up' }, { as: 'harrison' });
      expect(rejected.json).toMatchObject({ reply: { state: 'rejected' }, case: { state: 'open' } });

      expect((await post(`/cases/${caseId}/close`, {}, { as: 'harrison' })).status).toBe(400);
      const closed = await post(`/cases/${caseId}/close`, { reason: 'answered' }, { as: 'harrison' });
      expect(closed.json).toMatchObject({ state: 'closed' });
      expect((await post(`/replies/00000000-0000-4000-8000-000000000000/approve`, {}, { as: 'harrison' })).status).toBe(404);
      expect((await post(`/cases/${caseId}/close`, { reason: 'answered' }, { as: 'harrison-a' })).status).toBe(404);
    });
  });

  describe('safeguarding', () => {
    it('acknowledge (leads only, once), record an action, export the record', async () => {
      const body = "Lily says her mum's boyfriend hits her and she is scared to go home.";
      const { caseIds } = await arrive(h, { from: LILY_MUM, body, topic: 'safeguarding', urgency: 'urgent' });
      const id = caseIds[0];
      expect((await post(`/cases/${id}/acknowledge`, {}, { as: 'hughes' })).status).toBe(403);
      const acked = await post(`/cases/${id}/acknowledge`, {}, { as: 'macey' });
      expect(acked.status).toBe(200);
      expect(acked.json).toMatchObject({ caseId: id, version: 2 });
      expect((await post(`/cases/${id}/acknowledge`, {}, { as: 'okafor' })).status).toBe(409);
      expect((await post(`/cases/${id}/safeguarding-actions`, { action: 'rang MASH' }, { as: 'macey' })).status).toBe(400);
      expect((await post(`/cases/${id}/safeguarding-actions`, { action: 'Rang MASH', reason: 'disclosure of violence at home' }, { as: 'macey' })).status).toBe(200);
      const record = await get(`/cases/${id}/safeguarding-record`, { as: 'macey' });
      expect(record.status).toBe(200);
      expect(record.json).toMatchObject({ message: { body }, safeguarding: { acknowledged: { by: 'macey' }, actions: [{ action: 'Rang MASH' }] } });
      expect((await get(`/cases/${id}/safeguarding-record`, { as: 'hughes' })).status).toBe(403);
    });
  });

  describe('logs', () => {
    it('GET /messages pages newest first; GET /messages/:id shows triage and cases', async () => {
      const first = await get('/messages?limit=3');
      expect(first.status).toBe(200);
      expect(first.json.messages).toHaveLength(3);
      expect(first.json.nextCursor).toEqual(expect.any(String));
      const times = first.json.messages.map((m: { receivedAt: string }) => m.receivedAt);
      expect([...times].sort().reverse()).toEqual(times);
      const next = await get(`/messages?limit=3&cursor=${encodeURIComponent(first.json.nextCursor)}`);
      expect(next.json.messages[0].receivedAt <= times[2]).toBe(true);
      expect(next.json.messages.map((m: { id: string }) => m.id)).not.toContain(first.json.messages[2].id);

      const m = first.json.messages[0];
      const one = await get(`/messages/${m.id}`);
      expect(one.json.message).toMatchObject({ id: m.id, triage: { topic: expect.any(String) } });
      expect(one.json.message.cases.length).toBeGreaterThan(0);
      expect((await get('/messages?status=lost')).status).toBe(400);
      expect((await get(`/messages/${m.id}`, { session: 'hughes' })).status).toBe(403);
      expect((await get('/messages/00000000-0000-4000-8000-000000000000')).status).toBe(404);
      const failedOnly = await get('/messages?status=triage_failed');
      expect(failedOnly.json.messages).toEqual([]);
    });

    it('GET /incidents, GET /audit and GET /jobs/failed', async () => {
      const incidents = await get('/incidents', { session: 'harrison' });
      expect(incidents.status).toBe(200);
      expect(incidents.json.incidents[0]).toMatchObject({ schoolId: 'rossmore', flags: ['abusive'], responses: [{ kind: 'warning_letter', letter: expect.stringMatching(/Dear Sarah Jones/) }] });
      expect((await get('/incidents', { session: 'karen' })).status).toBe(400); // "karen" is in two school files
      expect((await get('/incidents', { as: 'green' })).status).toBe(403);

      const audit = await get('/audit?entityType=case&limit=2');
      expect(audit.json.events).toHaveLength(2);
      expect(audit.json.nextCursor).toEqual(expect.any(String));
      expect((await get('/audit?entityType=spaceship')).status).toBe(400);

      await h.queue.enqueue('alert', [{ data: { schoolId: 'rossmore', caseId: 'x' } }, { data: { schoolId: 'ashby', caseId: 'y' } }]);
      await h.store.executor.executeSql(
        `UPDATE pgboss.job SET state = 'failed', output = '{"message":"Teams did not answer"}'::jsonb, completed_on = now() WHERE name = 'alert' AND data->>'caseId' IN ('x', 'y')`,
      );
      const failed = await get('/jobs/failed?queue=alert');
      expect(failed.status).toBe(200);
      expect(failed.json.jobs.map((j: { data: { caseId: string } }) => j.data.caseId).sort()).toEqual(['x', 'y']);
      expect(failed.json.jobs[0]).toMatchObject({ queue: 'alert', error: 'Teams did not answer' });
      const mine = await get('/jobs/failed', { as: 'green' });
      expect(mine.json.jobs.map((j: { data: { caseId: string } }) => j.data.caseId)).toEqual(['x']);
      expect((await get('/jobs/failed', { as: 'hughes' })).status).toBe(403);
      expect((await get('/jobs/failed?queue=nope')).status).toBe(400);
      expect((await get('/jobs/failed?limit=501')).status).toBe(400);
    });
  });
});
