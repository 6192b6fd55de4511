import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertDispatcher, headlineOf } from '../../src/alerts/dispatcher';
import { school as exampleSchool, LILY_MUM } from '../workflow/fixtures';
import { arrive, backends, type Harness, jobs, openHarness } from '../workflow/store-fixtures';
import { RecordingChannel, withTeamsAlerts } from './helpers';

const ABUSE_AND_ASK = "You're a useless teacher Mr Hughes. Can Lily have her reading book changed please?";
const as = (staffId: string) => ({ kind: 'staff' as const, staffId, schoolId: 'rossmore' });

/**
 * The dispatcher driven job by job (the jobs the workflow really queued, read from pg-boss's table), so each test
 * decides when a job runs and with which job id; live-queue.test.ts runs the same with pg-boss's workers.
 */
describe.each(backends)('the alert dispatcher on $name', (backend) => {
  let h: Harness;
  let teams: RecordingChannel;
  let dispatcher: AlertDispatcher;
  const done = new Set<string>();
  /** Run every alert job of the case not yet run, in order, as pg-boss would (each with its own id). */
  const runAll = async (caseId: string) => {
    const { rows } = await h.store.executor.executeSql(`SELECT id, data FROM pgboss.job WHERE name = 'alert' AND data->>'caseId' = $1 ORDER BY created_on, id`, [caseId]);
    const reports = [];
    for (const r of rows) {
      if (done.has(String(r.id))) continue;
      done.add(String(r.id));
      reports.push(await dispatcher.run({ id: String(r.id), data: r.data, retryCount: 0 }));
    }
    return reports;
  };

  beforeAll(async () => {
    const school = withTeamsAlerts();
    h = await openHarness(backend, { rossmore: school });
    teams = new RecordingChannel();
    dispatcher = new AlertDispatcher({ store: h.store, schools: h.schools, workflow: h.service, channels: [teams] });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('alerts the senior reviewers with the evidence and the sender’s history; the teacher’s enquiry card never carries the abuse', async () => {
    await arrive(h, { from: LILY_MUM, body: 'Lily has swimming on Friday, is her kit needed?', topic: 'general' });
    const { caseIds } = await arrive(h, { from: LILY_MUM, body: ABUSE_AND_ASK, flags: [['abusive', 'useless teacher']], topic: 'learning' });
    const reviewId = caseIds[0]!;
    const [report] = await runAll(reviewId);
    const reviewCards = teams.of(reviewId);
    expect(reviewCards.map((c) => c.alert.recipient.staffId).sort()).toEqual(['harrison', 'macey', 'okafor']);
    expect(report!.posted.map((p) => p.staffId).sort()).toEqual(['harrison', 'macey', 'okafor']);
    for (const { alert } of reviewCards) {
      expect(alert).toMatchObject({ purpose: 'review', reason: 'opened' });
      expect(alert.headline).toBeUndefined();
      expect(alert.case.flags).toContain('abusive');
      expect(alert.case.reasons.some((r) => r.evidence?.text === 'useless teacher')).toBe(true);
      expect(alert.history.map((m) => m.body)).toEqual(['Lily has swimming on Friday, is her kit needed?']);
    }

    const decided = await h.service.decideReview(reviewId, as('harrison'), { outcome: 'not_breach', reason: 'upset, not abusive enough to act on' });
    await runAll(decided.releasedCaseId!);
    const [enquiry] = teams.of(decided.releasedCaseId!);
    expect(enquiry?.alert).toMatchObject({ purpose: 'enquiry', reason: 'released', recipient: { staffId: 'hughes' } });
    expect(enquiry?.alert.case.message.body).toBe('Can Lily have her reading book changed please?');
    // Nothing of the flagged words anywhere in what the surface is handed: body, reasons, flags, history.
    expect(JSON.stringify(enquiry?.alert)).not.toMatch(/useless/i);
    expect(enquiry?.alert.case.flags).toEqual([]);
  });

  it('updates every card of a case in place when it changes: the decision shows on each reviewer’s card, once', async () => {
    const { caseIds } = await arrive(h, { from: LILY_MUM, body: 'You lot are a joke, all of you.', flags: [['abusive', 'a joke']], topic: 'none' });
    const reviewId = caseIds[0]!;
    await runAll(reviewId);
    expect(teams.of(reviewId)).toHaveLength(3);

    await h.service.decideReview(reviewId, as('okafor'), { outcome: 'not_breach', reason: 'let it go' });
    // The decision queued the update in its own transaction.
    const queued = (await jobs(h, 'alert')).filter((d) => d.caseId === reviewId).map((d) => d.reason);
    expect(queued).toEqual(['opened', 'updated']);
    const [report] = await runAll(reviewId);
    expect(report).toMatchObject({ posted: [], unreachable: [] });
    expect(report!.updated.map((u) => u.staffId).sort()).toEqual(['harrison', 'macey', 'okafor']);
    for (const card of teams.of(reviewId)) {
      expect(card.updates).toHaveLength(1);
      const now = RecordingChannel.current(card);
      expect(now).toMatchObject({ purpose: 'review', reason: 'updated', case: { state: 'not_breach' } });
      expect(now.headline).toBe(card.alert.recipient.staffId === 'okafor' ? 'Decided: not a breach, by you' : 'Decided: not a breach, by Mr Okafor');
    }
    // The same update again (a redelivered job) changes nothing: every card already shows this version.
    const again = await dispatcher.run({ id: 'redelivered-update', data: { schoolId: 'rossmore', caseId: reviewId, kind: 'review', urgent: false, reason: 'updated', staffIds: [] }, retryCount: 1 });
    expect(again.updated).toEqual([]);
    expect(teams.of(reviewId).every((c) => c.updates.length === 1)).toBe(true);
  });

  it('an approval card to the office updates when another approver approves, and the author’s enquiry card too', async () => {
    const { caseIds } = await arrive(h, { from: LILY_MUM, body: 'Can Lily have a new reading book?', topic: 'learning' });
    const caseId = caseIds[0]!;
    await runAll(caseId);
    const { reply } = await h.service.writeReply(caseId, as('hughes'), { body: 'Yes, I will change it tomorrow.' });
    await runAll(caseId);
    // Mrs Green (office) has no Teams id: recorded as unreachable; Karen gets the approval card.
    const approval = teams.of(caseId, 'karen')[0]!;
    expect(approval.alert).toMatchObject({ purpose: 'approval', reply: { id: reply.id, state: 'awaiting_approval' } });
    await h.service.approveReply(reply.id, as('harrison'), {});
    await runAll(caseId);
    expect(RecordingChannel.current(approval)).toMatchObject({ purpose: 'approval', reply: { id: reply.id, state: 'approved' }, headline: 'Reply approved by Mrs Harrison' });
    const teacher = teams.of(caseId, 'hughes')[0]!;
    expect(RecordingChannel.current(teacher)).toMatchObject({ purpose: 'enquiry', case: { state: 'replied' }, headline: 'Reply approved by Mrs Harrison' });
  });

  it('records a member of staff no surface can reach, instead of dropping the alert silently', async () => {
    // Kai is in Oak; Miss Doyle has no Teams id in the example school.
    const { caseIds } = await arrive(h, { from: '+447700900158', body: 'Can Kai bring in a cake for his birthday on Friday?', topic: 'learning' });
    const [report] = await runAll(caseIds[0]!);
    expect(report).toMatchObject({ posted: [], unreachable: ['doyle'] });
    const audit = (await h.service.getCase(caseIds[0]!, { kind: 'operator' })).audit.filter((a) => a.action === 'alert.unreachable');
    expect(audit).toHaveLength(1);
    expect(audit[0]!.data).toMatchObject({ staffId: 'doyle', why: 'no enabled surface (teams) can reach them yet' });
  });

  it('with no surface enabled, records that nobody could be alerted, without the message', async () => {
    const quiet = new AlertDispatcher({ store: h.store, schools: new Map([['rossmore', exampleSchool]]), workflow: h.service, channels: [teams] });
    const body = 'Lily has been very upset about her grandad being ill.';
    const { caseIds } = await arrive(h, { from: LILY_MUM, body, topic: 'family' });
    const before = teams.cards.length;
    const [data] = (await jobs(h, 'alert')).filter((d) => d.caseId === caseIds[0]);
    const report = await quiet.run({ id: 'quiet-1', data, retryCount: 0 });
    expect(report).toMatchObject({ posted: [], unreachable: ['hughes'] });
    expect(teams.cards.length).toBe(before);
    const audit = (await h.service.getCase(caseIds[0]!, { kind: 'operator' })).audit.filter((a) => a.action === 'alert.unreachable');
    expect(audit[0]!.data).toMatchObject({ staffId: 'hughes', why: 'the school file enables no alert surface (alerts.teams, alerts.slack)' });
    expect(JSON.stringify(audit)).not.toContain('grandad');
  });

  it('a surface failure fails the job; the retry posts only where it failed, and nobody gets the card twice', async () => {
    const { caseIds } = await arrive(h, { from: LILY_MUM, body: 'You are all clowns.', flags: [['abusive', 'clowns']], topic: 'none' });
    const [data] = (await jobs(h, 'alert')).filter((d) => d.caseId === caseIds[0]);
    teams.failPostFor.add('macey');
    const job = { id: 'job-retry', data, retryCount: 0 };
    await expect(dispatcher.run(job)).rejects.toThrow(/teams to macey: connector answered 502/);
    expect(teams.of(caseIds[0]!).map((c) => c.alert.recipient.staffId).sort()).toEqual(['harrison', 'okafor']);
    const retry = await dispatcher.run({ ...job, retryCount: 1 });
    expect(retry.posted).toEqual([{ staffId: 'macey', channel: 'teams' }]);
    const third = await dispatcher.run({ ...job, retryCount: 2 });
    expect(third.posted).toEqual([]);
    expect(teams.of(caseIds[0]!).map((c) => c.alert.recipient.staffId).sort()).toEqual(['harrison', 'macey', 'okafor']);
    const posts = await h.store.executor.executeSql('SELECT staff_id FROM staff_alert_posts WHERE case_id = $1', [caseIds[0]]);
    expect(posts.rows.map((r) => r.staff_id).sort()).toEqual(['harrison', 'macey', 'okafor']);
  });

  it('an update that fails on one card is retried for that card only', async () => {
    const { caseIds } = await arrive(h, { from: LILY_MUM, body: 'Useless, the lot of you.', flags: [['abusive', 'Useless']], topic: 'none' });
    const reviewId = caseIds[0]!;
    await runAll(reviewId);
    await h.service.escalateReview(reviewId, as('macey'), { reason: 'third this week' });
    const harrisonCard = teams.of(reviewId, 'harrison')[0]!;
    teams.failUpdateFor.add(teams.of(reviewId, 'okafor')[0]!.ref);
    const { rows } = await h.store.executor.executeSql(`SELECT id, data FROM pgboss.job WHERE name = 'alert' AND data->>'caseId' = $1 AND data->>'reason' = 'updated'`, [reviewId]);
    const update = { id: String(rows[0]!.id), data: rows[0]!.data, retryCount: 0 };
    await expect(dispatcher.run(update)).rejects.toThrow(/updating the teams card of okafor: connector answered 503/);
    const retried = await dispatcher.run({ ...update, retryCount: 1 });
    expect(retried.updated).toEqual([{ staffId: 'okafor', channel: 'teams' }]);
    expect(teams.of(reviewId).map((c) => c.updates.length)).toEqual([1, 1, 1]);
    expect(RecordingChannel.current(harrisonCard).headline).toBe('Escalated to you by Miss Macey');
  });

  it('headlines name staff and states only', () => {
    const at = '2026-10-01T09:00:00.000Z';
    const ev = (action: string, actor: string, data: Record<string, unknown> = {}) => ({ id: '1', schoolId: 'rossmore', at, actor, action, entityType: 'case', entityId: 'c', data });
    const school = withTeamsAlerts();
    expect(headlineOf([ev('case.opened', 'system'), ev('alert.posted', 'system')], school, 'macey')).toBeUndefined();
    expect(headlineOf([ev('safeguarding.acknowledge', 'staff:okafor')], school, 'macey')).toBe('Acknowledged by Mr Okafor');
    expect(headlineOf([ev('safeguarding.escalate', 'system', { to: ['harrison'] })], school, 'harrison')).toBe('Not acknowledged in time: escalated to you');
    expect(headlineOf([ev('enquiry.close', 'staff:hughes', { reason: 'He called Miss Evans a cow' })], school, 'karen')).toBe('Closed by Mr Hughes');
  });
});
