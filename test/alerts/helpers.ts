import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { AlertRecipient, PostedAlert, StaffAlert, StaffAlertChannel } from '../../src/alerts/alert-channel';
import { parseSchool, type School } from '../../src/config/load-school';
import { err, ok, SchoolgateError } from '../../src/errors';
import type { Harness } from '../workflow/store-fixtures';

/** Rossmore with Teams alerts switched on (the example school ships with them off). */
export function withTeamsAlerts(): School {
  const doc = parseYaml(readFileSync(join(import.meta.dirname, '../../config/school.example.yaml'), 'utf8'));
  doc.alerts = { ...doc.alerts, teams: true };
  const parsed = parseSchool(doc);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
}

export interface PostedCard {
  ref: string;
  alert: StaffAlert;
  /** Every version the card was replaced with, oldest first. */
  updates: StaffAlert[];
}

/**
 * Our own port, recorded: what the dispatcher asks a staff surface to show, and to whom. It reaches whoever has a
 * Teams id, as the Teams adapter does once it holds their conversation reference. Failures are asked for per
 * member of staff, so a test decides exactly which delivery fails.
 */
export class RecordingChannel implements StaffAlertChannel {
  readonly name = 'teams' as const;
  cards: PostedCard[] = [];
  /** Staff ids whose next post fails (once each). */
  failPostFor = new Set<string>();
  /** Refs whose next update fails (once each). */
  failUpdateFor = new Set<string>();
  private seq = 0;

  async canReach(_school: string, r: AlertRecipient) {
    return !!r.teamsUserId;
  }
  async post(alert: StaffAlert) {
    if (this.failPostFor.delete(alert.recipient.staffId)) return err(new SchoolgateError('UPSTREAM_FAILED', 'connector answered 502'));
    const ref = JSON.stringify({ activityId: `a${++this.seq}` });
    this.cards.push({ ref, alert, updates: [] });
    return ok<PostedAlert>({ channel: 'teams', ref });
  }
  async update(posted: PostedAlert, alert: StaffAlert) {
    if (this.failUpdateFor.delete(posted.ref)) return err(new SchoolgateError('UPSTREAM_FAILED', 'connector answered 503'));
    const card = this.cards.find((c) => c.ref === posted.ref);
    if (!card) return err(new SchoolgateError('NOT_FOUND', `no card ${posted.ref}`));
    card.updates.push(alert);
    return ok(undefined);
  }

  /** The cards posted about a case, optionally to one member of staff. */
  of(caseId: string, staffId?: string): PostedCard[] {
    return this.cards.filter((c) => c.alert.case.id === caseId && (!staffId || c.alert.recipient.staffId === staffId));
  }
  /** What a card shows now: its latest update, or what was posted. */
  static current(card: PostedCard): StaffAlert {
    return card.updates.at(-1) ?? card.alert;
  }
}

/** Wait until `check` holds (the queue's workers run on their own); fail saying what never happened. */
export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`never happened: ${what}`);
}

/** A pg-boss job's state and attempts, by queue and the case it is about. */
export async function jobStates(h: Pick<Harness, 'store'>, queue: string, caseId: string): Promise<{ state: string; retryCount: number; data: Record<string, unknown>; startAfter: Date }[]> {
  const { rows } = await h.store.executor.executeSql(
    `SELECT state, retry_count, data, start_after FROM pgboss.job WHERE name = $1 AND data->>'caseId' = $2 ORDER BY created_on, id`,
    [queue, caseId],
  );
  return rows.map((r) => ({ state: String(r.state), retryCount: Number(r.retry_count), data: r.data as Record<string, unknown>, startAfter: new Date(String(r.start_after)) }));
}

/**
 * Let the time a queued job waits for pass: its start moves to now, as if the minutes had gone by. pg-boss then
 * hands it to the worker as it would have at the time.
 */
export async function letTimePass(h: Pick<Harness, 'store' | 'queue'>, queue: 'escalate' | 'alert', caseId: string): Promise<number> {
  const { rows } = await h.store.executor.executeSql(
    `UPDATE pgboss.job SET start_after = now() WHERE name = $1 AND data->>'caseId' = $2 AND state IN ('created', 'retry') RETURNING id`,
    [queue, caseId],
  );
  h.queue.wake(queue);
  return rows.length;
}
