import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertDispatcher } from '../../src/alerts/dispatcher';
import { isSchoolgateError } from '../../src/errors';
import type { EscalationJob } from '../../src/workflow/ports';
import { LILY_MUM } from '../workflow/fixtures';
import { arrive, backends, type Harness, openHarness } from '../workflow/store-fixtures';
import { jobStates, letTimePass, RecordingChannel, until, withTeamsAlerts } from './helpers';

const CONCERN = "Lily came home with bruises on her arms and says she doesn't want to go to her uncle's again.";
const as = (staffId: string) => ({ kind: 'staff' as const, staffId, schoolId: 'rossmore' });

async function refused(p: Promise<unknown>, code: string): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (isSchoolgateError(e) && e.code === code) return e.message;
    throw e;
  }
  throw new Error(`expected ${code}`);
}

/**
 * Alerts and escalation with pg-boss's own workers, as `npm start` wires them: the workflow queues the jobs in its
 * transactions, the `alert` worker runs the dispatcher and the `escalate` worker the workflow's escalation. The
 * only thing the test does to time is move a waiting job's start to now, as if the minutes had passed.
 */
describe.each(backends)('alerts and escalation on the live queue on $name', (backend) => {
  let h: Harness;
  let teams: RecordingChannel;
  const escalateRuns: EscalationJob[] = [];

  beforeAll(async () => {
    // The workflow's clock starts now, so the delays it asks pg-boss for are really in the future.
    h = await openHarness(backend, { rossmore: withTeamsAlerts(), clockStart: new Date().toISOString() });
    teams = new RecordingChannel();
    const dispatcher = new AlertDispatcher({ store: h.store, schools: h.schools, workflow: h.service, channels: [teams] });
    await h.queue.work('alert', async (job) => void (await dispatcher.run(job)), { pollingIntervalSeconds: 0.5 });
    await h.queue.work<EscalationJob>('escalate', async (job) => {
      escalateRuns.push(job.data);
      await h.service.runEscalation(job.data);
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  const escalationsOf = async (caseId: string) => (await h.service.getCase(caseId, { kind: 'operator' })).safeguarding?.escalations ?? [];

  it('a safeguarding concern alerts the DSL and deputy at once; unacknowledged, it goes to the deputy, then the head, each after the configured minutes', async () => {
    const { caseIds } = await arrive(h, { from: LILY_MUM, body: CONCERN, topic: 'safeguarding', urgency: 'urgent' });
    const caseId = caseIds[0]!;
    h.queue.wake('alert');
    await until('the DSL and deputy have the concern', () => teams.of(caseId).length === 2);
    for (const card of teams.of(caseId)) {
      expect(card.alert).toMatchObject({ purpose: 'safeguarding', reason: 'opened', urgent: true, acknowledged: null, case: { message: { body: CONCERN } } });
    }
    expect(teams.of(caseId).map((c) => c.alert.recipient.staffId).sort()).toEqual(['macey', 'okafor']);

    // The first check waits the school's 15 minutes; until then nothing is escalated.
    const [first] = await jobStates(h, 'escalate', caseId);
    expect(first).toMatchObject({ state: 'created', data: { schoolId: 'rossmore', caseId, step: 1 } });
    expect(first!.startAfter.getTime() - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(await escalationsOf(caseId)).toEqual([]);

    // Nobody but the leads may acknowledge; the head only once it has reached them.
    expect(await refused(h.service.acknowledgeSafeguarding(caseId, as('hughes')), 'FORBIDDEN')).toMatch(/Mr Hughes cannot acknowledge .* needs the role "dsl" or "deputy_dsl"/);
    expect(await refused(h.service.acknowledgeSafeguarding(caseId, as('harrison')), 'FORBIDDEN')).toMatch(/Mrs Harrison cannot acknowledge .* yet/);

    // Fifteen minutes on: the deputy is alerted again, as an escalation; the DSL's card says so.
    expect(await letTimePass(h, 'escalate', caseId)).toBe(1);
    await until('the deputy has the escalation', () => teams.of(caseId, 'okafor').length === 2);
    const deputy = teams.of(caseId, 'okafor')[1]!.alert;
    expect(deputy).toMatchObject({ purpose: 'safeguarding', reason: 'escalated', headline: 'Not acknowledged in time: escalated to you' });
    await until('the DSL’s card shows the escalation', () => RecordingChannel.current(teams.of(caseId, 'macey')[0]!).headline === 'Not acknowledged in time: escalated to Mr Okafor');
    expect(await escalationsOf(caseId)).toMatchObject([{ step: 1, to: ['okafor'] }]);

    // Fifteen more: the head teacher.
    const waiting = (await jobStates(h, 'escalate', caseId)).filter((j) => j.state === 'created');
    expect(waiting.map((j) => j.data.step)).toEqual([2]);
    expect(waiting[0]!.startAfter.getTime() - Date.now()).toBeGreaterThan(14 * 60_000);
    await letTimePass(h, 'escalate', caseId);
    await until('the head teacher has the concern', () => teams.of(caseId, 'harrison').length === 1);
    expect(teams.of(caseId, 'harrison')[0]!.alert).toMatchObject({ purpose: 'safeguarding', reason: 'escalated', case: { message: { body: CONCERN } } });

    // Now the head may acknowledge; every card of the case says who did.
    await h.service.acknowledgeSafeguarding(caseId, as('harrison'));
    await until('every card shows the acknowledgement', () =>
      teams.of(caseId).every((c) => RecordingChannel.current(c).acknowledged?.by === 'harrison'),
    );
    expect(RecordingChannel.current(teams.of(caseId, 'macey')[0]!).headline).toBe('Acknowledged by Mrs Harrison');
    expect(RecordingChannel.current(teams.of(caseId, 'harrison')[0]!).headline).toBe('Acknowledged by you');

    // The ladder has run out: the last check finds nothing to do.
    await letTimePass(h, 'escalate', caseId);
    await until('the last check has run', async () => (await jobStates(h, 'escalate', caseId)).every((j) => j.state === 'completed'));
    expect(teams.of(caseId)).toHaveLength(4);
    const audit = (await h.service.getCase(caseId, as('macey'))).audit.map((a) => a.action).filter((a) => a.startsWith('safeguarding.'));
    expect(audit).toEqual(['safeguarding.escalate', 'safeguarding.escalate', 'safeguarding.acknowledge']);
  });

  it('acknowledging stops the escalation', async () => {
    const { caseIds } = await arrive(h, { from: LILY_MUM, body: CONCERN, topic: 'safeguarding', urgency: 'urgent' });
    const caseId = caseIds[0]!;
    h.queue.wake('alert');
    await until('the DSL has the concern', () => teams.of(caseId, 'macey').length === 1);
    await h.service.acknowledgeSafeguarding(caseId, as('macey'));
    await until('the deputy’s card shows the acknowledgement', () => RecordingChannel.current(teams.of(caseId, 'okafor')[0]!).headline === 'Acknowledged by Miss Macey');
    expect(RecordingChannel.current(teams.of(caseId, 'macey')[0]!)).toMatchObject({ acknowledged: { by: 'macey' }, headline: 'Acknowledged by you' });

    await letTimePass(h, 'escalate', caseId);
    await until('the check has run', () => escalateRuns.some((j) => j.caseId === caseId));
    await until('the check is done', async () => (await jobStates(h, 'escalate', caseId)).every((j) => j.state === 'completed'));
    expect(await jobStates(h, 'escalate', caseId)).toHaveLength(1); // no next rung scheduled
    expect(await escalationsOf(caseId)).toEqual([]);
    expect(teams.of(caseId).map((c) => c.alert.recipient.staffId).sort()).toEqual(['macey', 'okafor']);
  });

  it('a channel failure is retried by pg-boss, and the retry posts only to the one who missed it', async () => {
    teams.failPostFor.add('okafor');
    const { caseIds } = await arrive(h, { from: LILY_MUM, body: 'You are a disgrace, the lot of you.', flags: [['abusive', 'disgrace']], topic: 'none' });
    const caseId = caseIds[0]!;
    h.queue.wake('alert');
    await until('the job has failed once', async () => (await jobStates(h, 'alert', caseId)).some((j) => j.state === 'retry'));
    expect(teams.of(caseId).map((c) => c.alert.recipient.staffId).sort()).toEqual(['harrison', 'macey']);
    // pg-boss waits its backoff before the retry; let it pass.
    await letTimePass(h, 'alert', caseId);
    await until('the retry has posted', () => teams.of(caseId).length === 3);
    await until('the job is done', async () => (await jobStates(h, 'alert', caseId)).every((j) => j.state === 'completed'));
    expect(teams.of(caseId).map((c) => c.alert.recipient.staffId).sort()).toEqual(['harrison', 'macey', 'okafor']);
    expect((await jobStates(h, 'alert', caseId))[0]).toMatchObject({ retryCount: 1 });
  });

  it('a review decided on one card updates every reviewer’s card; the released enquiry reaches the teacher without the abuse', async () => {
    const body = "You're a useless teacher Mr Hughes. Can Lily have her reading book changed please?";
    const { caseIds } = await arrive(h, { from: LILY_MUM, body, flags: [['abusive', 'useless teacher']], topic: 'learning' });
    const reviewId = caseIds[0]!;
    h.queue.wake('alert');
    await until('the reviewers have the review', () => teams.of(reviewId).length === 3);
    const decided = await h.service.decideReview(reviewId, as('macey'), { outcome: 'not_breach', reason: 'frustration, no action' });
    await until('every review card shows the decision', () => teams.of(reviewId).every((c) => RecordingChannel.current(c).case.state === 'not_breach'));
    expect(teams.of(reviewId).map((c) => RecordingChannel.current(c).headline).sort()).toEqual([
      'Decided: not a breach, by Miss Macey',
      'Decided: not a breach, by Miss Macey',
      'Decided: not a breach, by you',
    ]);
    await until('the teacher has the enquiry', () => teams.of(decided.releasedCaseId!, 'hughes').length === 1);
    const enquiry = teams.of(decided.releasedCaseId!, 'hughes')[0]!.alert;
    expect(enquiry.purpose).toBe('enquiry');
    expect(JSON.stringify(enquiry)).not.toMatch(/useless/i);
  });
});
