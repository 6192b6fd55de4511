import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { PostedAlert, StaffAlert, StaffAlertChannel } from '../../src/alerts/alert-channel';
import { AlertDispatcher } from '../../src/alerts/dispatcher';
import { parseSchool, type School } from '../../src/config/load-school';
import { err, ok, SchoolgateError } from '../../src/errors';
import { LILY_MUM } from '../workflow/fixtures';
import { arrive, backends, type Harness, jobs, openHarness } from '../workflow/store-fixtures';

/** Rossmore with Teams alerts switched on (the example school ships with them off). */
function withTeamsAlerts(): School {
  const doc = parseYaml(readFileSync(join(import.meta.dirname, '../../config/school.example.yaml'), 'utf8'));
  doc.alerts = { ...doc.alerts, teams: true };
  const parsed = parseSchool(doc);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
}

/** Our own port, recorded: what the dispatcher asks a staff surface to show, and to whom. */
class RecordingChannel implements StaffAlertChannel {
  readonly name = 'teams' as const;
  posted: StaffAlert[] = [];
  failNext = 0;
  async canReach(_school: string, r: { teamsUserId?: string }) {
    return !!r.teamsUserId;
  }
  async post(alert: StaffAlert) {
    if (this.failNext > 0) {
      this.failNext--;
      return err(new SchoolgateError('UPSTREAM_FAILED', 'connector answered 502'));
    }
    this.posted.push(alert);
    return ok<PostedAlert>({ channel: 'teams', ref: JSON.stringify({ activityId: `a${this.posted.length}` }) });
  }
  async update() {
    return ok(undefined);
  }
}

const ABUSE_AND_ASK = "You're a useless teacher Mr Hughes. Can Lily have her reading book changed please?";

describe.each(backends)('the alert dispatcher on $name', (backend) => {
  let h: Harness;
  let teams: RecordingChannel;
  let dispatcher: AlertDispatcher;
  let jobSeq = 0;
  const runAll = async (caseId: string) => {
    const reports = [];
    for (const data of (await jobs(h, 'alert')).filter((d) => d.caseId === caseId)) reports.push(await dispatcher.run({ id: `job-${caseId}-${jobSeq++}`, data, retryCount: 0 }));
    return reports;
  };

  beforeAll(async () => {
    h = await openHarness(backend);
    teams = new RecordingChannel();
    const school = withTeamsAlerts();
    dispatcher = new AlertDispatcher({ store: h.store, schools: new Map([[school.id, school]]), workflow: h.service, channels: [teams] });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('alerts the senior reviewers with the evidence and the sender’s history; the teacher’s enquiry card never carries the abuse', async () => {
    await arrive(h, { from: LILY_MUM, body: 'Lily has swimming on Friday, is her kit needed?', topic: 'general' });
    const { caseIds } = await arrive(h, { from: LILY_MUM, body: ABUSE_AND_ASK, flags: [['abusive', 'useless teacher']], topic: 'learning' });
    const reviewId = caseIds[0]!;
    teams.posted = [];
    const [report] = await runAll(reviewId);
    const reviewCards = teams.posted.filter((a) => a.case.id === reviewId);
    expect(reviewCards.map((a) => a.recipient.staffId).sort()).toEqual(report!.posted.map((p) => p.staffId).sort());
    expect(reviewCards.length).toBeGreaterThan(0);
    for (const card of reviewCards) {
      expect(card.purpose).toBe('review');
      expect(card.case.flags).toContain('abusive');
      expect(card.case.reasons.some((r) => r.evidence?.text === 'useless teacher')).toBe(true);
      expect(card.history.map((m) => m.body)).toContain('Lily has swimming on Friday, is her kit needed?');
    }

    const decided = await h.service.decideReview(reviewId, { kind: 'staff', staffId: 'harrison' }, { outcome: 'not_breach', reason: 'upset, not abusive enough to act on' });
    teams.posted = [];
    await runAll(decided.releasedCaseId!);
    const enquiry = teams.posted.find((a) => a.case.id === decided.releasedCaseId);
    expect(enquiry?.recipient.staffId).toBe('hughes');
    expect(enquiry?.purpose).toBe('enquiry');
    expect(JSON.stringify(enquiry)).not.toMatch(/useless/);
  });

  it('records a member of staff no surface can reach, instead of dropping the alert silently', async () => {
    // Kai is in Oak; Miss Doyle has no Teams id in the example school.
    const { caseIds } = await arrive(h, { from: '+447700900158', body: 'Can Kai bring in a cake for his birthday on Friday?', topic: 'learning' });
    const [report] = await runAll(caseIds[0]!);
    expect(report).toMatchObject({ posted: [], unreachable: ['doyle'] });
    const audit = (await h.service.getCase(caseIds[0]!, { kind: 'operator' })).audit.map((a) => a.action);
    expect(audit).toContain('alert.unreachable');
  });

  it('a surface failure retries the job, and the retry posts only where it failed', async () => {
    const { caseIds } = await arrive(h, { from: LILY_MUM, body: 'You are all clowns.', flags: [['abusive', 'clowns']], topic: 'none' });
    const [data] = (await jobs(h, 'alert')).filter((d) => d.caseId === caseIds[0]);
    teams.posted = [];
    teams.failNext = 1;
    const job = { id: 'job-retry', data, retryCount: 0 };
    await expect(dispatcher.run(job)).rejects.toThrow(/connector answered 502/);
    const firstTry = teams.posted.map((a) => a.recipient.staffId);
    expect(firstTry.length).toBe((data!.staffIds as string[]).length - 1);
    const retry = await dispatcher.run({ ...job, retryCount: 1 });
    expect(retry.posted).toHaveLength(1); // only the one that failed
    const all = teams.posted.map((a) => a.recipient.staffId);
    expect(new Set(all).size).toBe(all.length); // nobody got the card twice
    expect([...all].sort()).toEqual([...(data!.staffIds as string[])].sort());
  });
});
