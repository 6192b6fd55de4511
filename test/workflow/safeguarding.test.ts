import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSchoolgateError } from '../../src/errors';
import { staff } from '../../src/workflow/actor';
import { canActOnSafeguarding } from '../../src/workflow/permissions';
import { escalationDue, SafeguardingRecord } from '../../src/workflow/safeguarding';
import { enquiryCase, LILY_MUM, NOW, school } from './fixtures';
import { arrive, backends, type Harness, jobs, openHarness } from './store-fixtures';

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

describe.each(backends)('safeguarding acknowledgement and escalation on $name', (backend) => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness(backend);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('alerts the DSL and deputy at once and schedules the escalation check for the configured minutes', async () => {
    const before = h.clock.now().getTime();
    const { caseIds } = await arrive(h, { from: LILY_MUM, body: CONCERN, topic: 'safeguarding', urgency: 'urgent' });
    const caseId = caseIds[0]!;
    const alert = (await jobs(h, 'alert')).find((d) => d.caseId === caseId);
    expect(alert).toMatchObject({ urgent: true, reason: 'opened' });
    expect([...(alert!.staffIds as string[])].sort()).toEqual(['macey', 'okafor']);
    const { rows } = await h.store.executor.executeSql(`SELECT data, start_after FROM pgboss.job WHERE name = 'escalate'`);
    const job = rows.find((r) => (r.data as { caseId: string }).caseId === caseId)!;
    expect(job.data).toEqual({ schoolId: 'rossmore', caseId, step: 1 });
    // The example school gives the DSL 15 minutes (measured on the workflow's clock, which ticks a second a call).
    const delayMin = (new Date(String(job.start_after)).getTime() - before) / 60_000;
    expect(delayMin).toBeGreaterThanOrEqual(15);
    expect(delayMin).toBeLessThan(16);
  });

  it('escalates to the deputy, then the head, while nobody acknowledges; acknowledging stops it', async () => {
    const { caseIds } = await arrive(h, { from: LILY_MUM, body: CONCERN, topic: 'safeguarding', urgency: 'urgent' });
    const caseId = caseIds[0]!;
    expect(await h.service.runEscalation({ schoolId: 'rossmore', caseId, step: 1 })).toEqual({ escalatedTo: ['okafor'] });
    expect(await h.service.runEscalation({ schoolId: 'rossmore', caseId, step: 1 })).toEqual({ escalatedTo: [] }); // redelivered
    const escalatedAlert = (await jobs(h, 'alert')).find((d) => d.caseId === caseId && d.reason === 'escalated');
    expect(escalatedAlert?.staffIds).toEqual(['okafor']);
    const next = (await jobs(h, 'escalate')).filter((d) => d.caseId === caseId).map((d) => d.step);
    expect(next).toEqual([1, 2]);

    expect(await h.service.runEscalation({ schoolId: 'rossmore', caseId, step: 2 })).toEqual({ escalatedTo: ['harrison'] });
    expect(await h.service.runEscalation({ schoolId: 'rossmore', caseId, step: 3 })).toEqual({ escalatedTo: [] }); // the ladder has run out

    // A class teacher may not acknowledge; the deputy can; a second acknowledgement is refused, naming who did.
    expect(await refused(h.service.acknowledgeSafeguarding(caseId, as('hughes')), 'FORBIDDEN')).toMatch(/needs the role "dsl" or "deputy_dsl"/);
    await h.service.acknowledgeSafeguarding(caseId, as('okafor'));
    expect(await refused(h.service.acknowledgeSafeguarding(caseId, as('macey')), 'CONFLICT')).toMatch(/already acknowledged by Mr Okafor/);

    const detail = await h.service.getCase(caseId, as('macey'));
    expect(detail.safeguarding).toMatchObject({ acknowledged: { by: 'okafor' }, escalations: [{ step: 1, to: ['okafor'] }, { step: 2, to: ['harrison'] }] });
    expect(detail.audit.map((a) => a.action)).toEqual(expect.arrayContaining(['safeguarding.escalate', 'safeguarding.acknowledge']));
  });

  it('an acknowledged concern is not escalated', async () => {
    const { caseIds } = await arrive(h, { from: LILY_MUM, body: CONCERN, topic: 'safeguarding', urgency: 'urgent' });
    await h.service.acknowledgeSafeguarding(caseIds[0]!, as('macey'));
    expect(await h.service.runEscalation({ schoolId: 'rossmore', caseId: caseIds[0]!, step: 1 })).toEqual({ escalatedTo: [] });
  });

  it('records actions with reasons and exports the record, for the safeguarding leads only', async () => {
    const { caseIds } = await arrive(h, { from: LILY_MUM, body: CONCERN, topic: 'safeguarding', urgency: 'urgent' });
    const caseId = caseIds[0]!;
    expect(await refused(h.service.recordSafeguardingAction(caseId, as('macey'), { action: 'x' }), 'INPUT_INVALID')).toMatch(/reason is required/);
    expect(await refused(h.service.recordSafeguardingAction(caseId, as('karen'), { action: 'rang MASH', reason: 'bruising and a disclosure' }), 'FORBIDDEN')).toMatch(/Karen/);
    await h.service.recordSafeguardingAction(caseId, as('macey'), { action: 'Referred to children’s services (MASH)', reason: 'bruising and a disclosure about a relative' });

    const record = await h.service.safeguardingRecord(caseId, as('macey'));
    expect(record).toMatchObject({
      format: 'schoolgate.safeguarding-record/1',
      exportedBy: 'macey',
      message: { body: CONCERN },
      safeguarding: { acknowledged: { by: 'macey' }, actions: [{ by: 'macey', action: 'Referred to children’s services (MASH)' }] },
    });
    await refused(h.service.safeguardingRecord(caseId, as('hughes')), 'FORBIDDEN');

    // Not a safeguarding case: nothing to acknowledge.
    const other = await arrive(h, { from: LILY_MUM, body: 'Can Lily borrow a PE kit?', topic: 'general' });
    await refused(h.service.acknowledgeSafeguarding(other.caseIds[0]!, as('macey')), 'INPUT_INVALID');
  });
});

describe('safeguarding rules (pure)', () => {
  const concern = enquiryCase({ id: 'sg-1', topic: 'safeguarding', assigneeId: 'macey', routedRole: 'dsl' });
  const record = SafeguardingRecord.parse({});

  it('the DSL and deputy act at once; the head only once it has been escalated to them; nobody else', () => {
    const act = (id: string, escalatedTo: string[] = []) => canActOnSafeguarding(school, staff(id), concern, escalatedTo, 'acknowledge it');
    expect(act('macey').ok).toBe(true);
    expect(act('okafor').ok).toBe(true);
    const early = act('harrison');
    expect(!early.ok && early.error.code).toBe('FORBIDDEN');
    expect(!early.ok && early.error.message).toMatch(/Mrs Harrison cannot acknowledge it yet/);
    expect(act('harrison', ['okafor', 'harrison']).ok).toBe(true);
    const teacher = act('hughes', ['harrison']);
    expect(!teacher.ok && teacher.error.code).toBe('FORBIDDEN');
    const notAConcern = canActOnSafeguarding(school, staff('macey'), enquiryCase(), [], 'acknowledge it');
    expect(!notAConcern.ok && notAConcern.error.code).toBe('INPUT_INVALID');
  });

  it('the ladder passes over a rung nobody holds, stops when acknowledged or closed, and never repeats a rung', () => {
    const noDeputy = { ...school, staffById: new Map([...school.staffById].filter(([id]) => id !== 'okafor')) } as typeof school;
    const due = escalationDue({ school: noDeputy, now: NOW, caseId: 'sg-1', state: 'open', record, step: 1 });
    expect(due).toMatchObject({ step: 2, to: ['harrison'] });
    expect(escalationDue({ school: noDeputy, now: NOW, caseId: 'sg-1', state: 'open', record: due!.record, step: 1 })).toBeNull();
    expect(escalationDue({ school, now: NOW, caseId: 'sg-1', state: 'closed', record, step: 1 })).toBeNull();
    expect(escalationDue({ school, now: NOW, caseId: 'sg-1', state: 'open', record: { ...record, acknowledged: { by: 'macey', at: NOW.toISOString() } }, step: 1 })).toBeNull();
    expect(escalationDue({ school, now: NOW, caseId: 'sg-1', state: 'open', record, step: 3 })).toBeNull();
  });
});
