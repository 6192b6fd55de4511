/**
 * The local classifier's topic, urgency and safeguarding rules on parent messages written for this purpose and
 * never used to fit the dev set (test/fixtures/topic-heldout). Replayed in order with each sender's history, as
 * the live server does, so thread follow-ups are judged with the message they continue.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSchoolFile, type School } from '../../../../src/config/load-school';
import type { HistoryEntry } from '../../../../src/domain/triage';
import { decideLocally } from '../../../../src/triage/local/local-classifier';

const root = join(import.meta.dirname, '..', '..', '..', '..');
const dir = join(root, 'test', 'fixtures', 'topic-heldout');

interface Row {
  id: string;
  from: string;
  receivedAt: string;
  channel: string;
  body: string;
  expect: { flags: string[]; topic: string; urgency: string; alt_topics?: string[] };
}

function school(): School {
  const r = loadSchoolFile(join(root, 'config', 'school.example.yaml'));
  if (!r.ok) throw r.error;
  return r.value;
}

function read(name: string): Row[] {
  return readFileSync(join(dir, name), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Row);
}

/** Classify every row in order, keeping each sender's history. */
function replay(rows: readonly Row[], s: School) {
  const history = new Map<string, HistoryEntry[]>();
  return rows.map((row) => {
    const past = history.get(row.from) ?? [];
    const d = decideLocally({ message: { id: row.id, from: row.from, receivedAt: row.receivedAt, channel: row.channel, body: row.body } as never, history: past, school: s });
    history.set(row.from, [...past, { receivedAt: row.receivedAt, body: row.body, channel: row.channel, flags: d.flags, topic: d.topic }]);
    return { row, said: d };
  });
}

const s = school();
const all = replay(read('messages.jsonl'), s);
const round2 = replay(read('round2.jsonl'), s);

const topicRight = (r: (typeof all)[number]) => r.said.topic === r.row.expect.topic || (r.row.expect.alt_topics ?? []).includes(r.said.topic);
const describeMiss = (r: (typeof all)[number]) => `${r.row.id}: expected ${r.row.expect.topic}/${r.row.expect.urgency}, said ${r.said.topic}/${r.said.urgency}: ${r.row.body}`;

describe('held-out topic examples', () => {
  it('the split files are the two halves of messages.jsonl, by sender', () => {
    const tune = read('tune.jsonl');
    const holdout = read('holdout.jsonl');
    expect(tune.length + holdout.length).toBe(all.length);
    const tuneSenders = new Set(tune.map((r) => r.from));
    expect(holdout.some((r) => tuneSenders.has(r.from))).toBe(false);
  });

  for (const [name, results] of [
    ['messages.jsonl', all],
    ['round2.jsonl', round2],
  ] as const) {
    it(`${name}: every safeguarding concern is found and made urgent`, () => {
      const missed = results.filter((r) => r.row.expect.topic === 'safeguarding' && (r.said.topic !== 'safeguarding' || r.said.urgency !== 'urgent'));
      expect(missed.map(describeMiss)).toEqual([]);
    });

    it(`${name}: topic accuracy per topic stays above its floor, urgency above 0.95`, () => {
      const byTopic = new Map<string, { right: number; n: number }>();
      for (const r of results) {
        const t = byTopic.get(r.row.expect.topic) ?? { right: 0, n: 0 };
        t.n++;
        if (topicRight(r)) t.right++;
        byTopic.set(r.row.expect.topic, t);
      }
      const low = [...byTopic].filter(([, t]) => t.right / t.n < 0.8).map(([topic, t]) => `${topic}: ${t.right}/${t.n}`);
      expect(low, results.filter((r) => !topicRight(r)).map(describeMiss).join('\n')).toEqual([]);
      const overall = results.filter(topicRight).length / results.length;
      expect(overall).toBeGreaterThanOrEqual(0.95);
      const urgency = results.filter((r) => r.said.urgency === r.row.expect.urgency).length / results.length;
      expect(urgency).toBeGreaterThanOrEqual(0.95);
    });
  }
});

describe('thread follow-ups', () => {
  const at = (iso: string) => iso;
  const base = { from: '+447700955555', channel: 'sms' };
  const first = { ...base, id: 'f1', receivedAt: at('2027-01-11T08:05:00Z'), body: "Hi, could Mr Hughes ring me about Ella's report? I'd like to know how to help with her reading" };
  const firstDecision = decideLocally({ message: first as never, history: [], school: s });
  const history: HistoryEntry[] = [{ receivedAt: first.receivedAt, body: first.body, channel: 'sms', flags: firstDecision.flags, topic: firstDecision.topic }];
  const follow = (body: string, receivedAt: string) => decideLocally({ message: { ...base, id: 'f2', receivedAt, body } as never, history, school: s });

  it('a bare chaser inherits the topic of the matter it continues, even after a weekend', () => {
    expect(firstDecision.topic).toBe('learning');
    expect(follow('Any update? Thanks', '2027-01-11T15:00:00Z').topic).toBe('learning');
    expect(follow('Did he get my message?', '2027-01-14T07:30:00Z').topic).toBe('learning');
  });

  it('a message that closes the matter, or a chaser past the window, does not inherit', () => {
    expect(follow("It's all sorted now, thank you", '2027-01-11T15:00:00Z').topic).toBe('none');
    expect(follow('Any update?', '2027-01-20T09:00:00Z').topic).not.toBe('learning');
  });

  it('a chaser after a safeguarding concern stays a safeguarding concern, urgent and never vexatious', () => {
    const concern = { ...base, from: '+447700955556', id: 's1', receivedAt: '2027-01-11T15:35:00Z', body: "Ruby hasn't come out and her teacher isn't at the door, where is she??" };
    const d = decideLocally({ message: concern as never, history: [], school: s });
    expect(d.topic).toBe('safeguarding');
    const h: HistoryEntry[] = [{ receivedAt: concern.receivedAt, body: concern.body, channel: 'sms', flags: d.flags, topic: d.topic }];
    const chase = decideLocally({ message: { ...concern, id: 's2', receivedAt: '2027-01-11T15:41:00Z', body: 'Please someone answer me' } as never, history: h, school: s });
    expect(chase).toMatchObject({ topic: 'safeguarding', urgency: 'urgent', flags: [] });
  });
});

describe('who is at risk, and look-alikes that are not concerns', () => {
  const decide = (body: string) => decideLocally({ message: { id: 'x', from: '+447700955557', receivedAt: '2027-01-12T10:00:00Z', channel: 'sms', body } as never, history: [], school: s });

  it.each([
    "Can you not let her go home with her uncle today, she's scared of him",
    'He said he really doesnt want to go home tonight because of his dad',
    "His mum's boyfriend shouts at him all the time and threw his tablet at the wall",
    'Her stepdad gets angry when he has been drinking and the kids hide upstairs',
    "There's a man who keeps offering the kids a lift home from the park",
    'My daughter says a man online keeps asking what she is wearing and told her to keep it a secret',
  ])('a concern hidden in another matter: %s', (body) => {
    expect(decide(body)).toMatchObject({ topic: 'safeguarding', urgency: 'urgent' });
  });

  it.each([
    ['Nobody told me Ellie had hit her head at playtime until pick up, not good enough', 'complaint'],
    ['Sam was left out of the football team again and he is gutted, can someone explain the choice?', 'complaint'],
    ["Harley's dad will be picking him up today, he's on the list", 'transport'],
    ['Can I pick up the reading folder from the office after 3?', 'general'],
  ])('not a concern: %s', (body, topic) => {
    const d = decide(body);
    expect(d.topic).not.toBe('safeguarding');
    expect([topic, d.topic]).toContain(topic);
  });
});
