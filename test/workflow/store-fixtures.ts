import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import pg from 'pg';
import { parse as parseYaml } from 'yaml';
import { PgBossQueue } from '../../adapters/pgboss/pgboss-queue';
import { parseSchool, type School } from '../../src/config/load-school';
import type { Topic, Urgency } from '../../src/domain/taxonomy';
import type { Reason, TriageResult } from '../../src/domain/triage';
import type { JobQueue } from '../../src/queue/queue';
import { identifySender, routeEnquiry } from '../../src/routing/route';
import { openStore, type Store } from '../../src/store/open';
import { messages, triageResults } from '../../src/store/schema';
import { findParentByAddress, syncSchool } from '../../src/store/school-sync';
import { loadLetterTemplates } from '../../src/workflow/letters';
import type { Clock } from '../../src/workflow/ports';
import { WorkflowService } from '../../src/workflow/service';
import { flag, school as exampleRossmore, topic } from './fixtures';

/**
 * Real storage for workflow tests: PGlite in memory always, and PostgreSQL when DATABASE_URL is set (a fresh
 * database per test file, dropped afterwards, so parallel files never share rows). The queue is the real
 * pg-boss queue on the same database, so "enqueued in the same transaction" is checked against its job table.
 */

export interface Backend {
  name: string;
  open(): Promise<{ store: Store; drop: () => Promise<void> }>;
}

export const backends: Backend[] = [
  {
    name: 'PGlite',
    async open() {
      return { store: await openStore({ inMemory: true }), drop: async () => {} };
    },
  },
];
const url = process.env.DATABASE_URL;
if (url)
  backends.push({
    name: 'PostgreSQL',
    async open() {
      const name = `sg_test_${process.pid}_${randomUUID().slice(0, 8)}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const u = new URL(url);
      u.pathname = `/${name}`;
      return {
        store: await openStore({ databaseUrl: u.toString() }),
        async drop() {
          const c = new pg.Client({ connectionString: url });
          await c.connect();
          await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          await c.end();
        },
      };
    },
  });

/** A second school in the same deployment: Rossmore's file with its own id and number, staff ids suffixed "-a" except "karen". */
export function secondSchool(): School {
  const doc = parseYaml(readFileSync(join(import.meta.dirname, '../../config/school.example.yaml'), 'utf8'));
  doc.school = { ...doc.school, id: 'ashby', name: 'Ashby School', phone_numbers: ['+447700900002'] };
  doc.staff = doc.staff.map((s: { id: string }) => (s.id === 'karen' ? s : { ...s, id: `${s.id}-a` }));
  doc.managed_contacts = doc.managed_contacts.map((m: { designated_contact: string }) => ({ ...m, designated_contact: `${m.designated_contact}-a` }));
  const parsed = parseSchool(doc);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
}

/** A clock that moves one second per reading, so rows get distinct, ordered times. */
export class TickingClock implements Clock {
  private at: number;
  constructor(start = '2026-10-01T08:00:00Z') {
    this.at = Date.parse(start);
  }
  now(): Date {
    this.at += 1000;
    return new Date(this.at);
  }
}

export interface Harness {
  store: Store;
  queue: JobQueue;
  service: WorkflowService;
  schools: Map<string, School>;
  rossmore: School;
  ashby: School;
  clock: TickingClock;
  close(): Promise<void>;
}

export interface HarnessOptions {
  wrapQueue?: (q: JobQueue) => JobQueue;
  /** Rossmore as a test needs it (e.g. with Teams alerts on); the example school by default. */
  rossmore?: School;
  /** When the workflow's clock starts (default 2026-10-01 08:00Z); tests with live pg-boss timers start it now. */
  clockStart?: string;
}

export async function openHarness(backend: Backend, options: HarnessOptions = {}): Promise<Harness> {
  const { store, drop } = await backend.open();
  const ashby = secondSchool();
  const rossmore = options.rossmore ?? exampleRossmore;
  for (const s of [rossmore, ashby]) await syncSchool(store.db, s);
  const boss = await PgBossQueue.start({ db: store.executor });
  const queue = options.wrapQueue ? options.wrapQueue(boss) : boss;
  const templates = loadLetterTemplates();
  if (!templates.ok) throw templates.error;
  const schools = new Map([
    [rossmore.id, rossmore],
    [ashby.id, ashby],
  ]);
  const clock = new TickingClock(options.clockStart);
  const service = new WorkflowService({ store, schools, queue, templates: templates.value, clock });
  return {
    store,
    queue,
    service,
    schools,
    rossmore,
    ashby,
    clock,
    async close() {
      await boss.stop(2_000);
      await store.close();
      await drop();
    },
  };
}

let sid = 0;

/** Store an inbound text as ingest would. */
export async function receive(h: Harness, o: { school?: School; from: string; body: string; at?: string }): Promise<string> {
  const school = o.school ?? h.rossmore;
  const id = randomUUID();
  await h.store.db.insert(messages).values({
    id,
    schoolId: school.id,
    direction: 'inbound',
    channel: 'sms',
    providerMessageId: `SM${(++sid).toString(16).padStart(8, '0')}${randomUUID().replace(/-/g, '')}`,
    fromAddress: o.from,
    toAddress: school.file.school.phone_numbers[0] ?? '+447700900001',
    body: o.body,
    receivedAt: o.at ?? h.clock.now().toISOString(),
    status: 'received',
  });
  return id;
}

export interface Triage {
  /** Words of the body flagged, by flag. */
  flags?: [label: string, words: string][];
  topic: Topic;
  urgency?: Urgency;
}

/**
 * Receive a text, triage it as given, and open its cases the way the triage worker does: the triage result and
 * the cases in one transaction, routed by the real routing table.
 */
export async function arrive(h: Harness, o: { school?: School; from: string; body: string } & Triage) {
  const school = o.school ?? h.rossmore;
  const messageId = await receive(h, o);
  const reasons: Reason[] = [...(o.flags ?? []).map(([label, words]) => flag(label, o.body, words)), topic(o.topic)];
  const routing = routeEnquiry(school, { topic: o.topic }, identifySender(school, o.from));
  const result: TriageResult = {
    id: messageId,
    flags: [...new Set((o.flags ?? []).map(([label]) => label))] as TriageResult['flags'],
    topic: o.topic,
    urgency: o.urgency ?? 'routine',
    reasons,
    route: routing.route,
  };
  const parent = await findParentByAddress(h.store.db, school.id, 'sms', o.from);
  const { caseIds } = await h.store.transaction(async (tx) => {
    await tx.insert(triageResults).values({
      id: randomUUID(),
      schoolId: school.id,
      messageId,
      classifier: 'test',
      flags: result.flags,
      topic: result.topic,
      urgency: result.urgency,
      reasons: result.reasons,
      route: result.route,
    });
    await tx.update(messages).set({ status: 'triaged', parentId: parent?.id ?? null }).where(eq(messages.id, messageId));
    return h.service.openCasesFromTriage(tx, { school, messageId, parentId: parent?.id ?? null, body: o.body, result, routing });
  });
  return { messageId, caseIds, result, routing };
}

/** Jobs in pg-boss's table for a queue, oldest first. */
export async function jobs(h: Harness, queue: string): Promise<Record<string, unknown>[]> {
  const { rows } = await h.store.executor.executeSql('SELECT data FROM pgboss.job WHERE name = $1 ORDER BY created_on, id', [queue]);
  return rows.map((r) => r.data as Record<string, unknown>);
}
