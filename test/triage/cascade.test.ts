import { describe, expect, it } from 'vitest';
import type { School } from '../../src/config/load-school';
import type { InboundMessage } from '../../src/domain/message';
import type { HistoryEntry, Reason, TriageDecision } from '../../src/domain/triage';
import { InMemoryAnswerCache } from '../../src/triage/answer-cache';
import { TriageCascade } from '../../src/triage/cascade';
import type { Classifier, ClassifierInput } from '../../src/triage/classifier';
import type { ModelAnswer, TriageModel } from '../../src/triage/model-port';
import { provenanceOf, summariseModelUse } from '../../src/triage/provenance';
import { InMemoryUsageLedger } from '../../src/triage/usage-ledger';
import { schoolWith } from '../adapters/openai/fixtures';

/** A local classifier that always says the same thing, so each test states both sides of a disagreement. */
class FixedClassifier implements Classifier {
  readonly name = 'fixed';
  constructor(private readonly decision: TriageDecision) {}
  async classify(): Promise<TriageDecision> {
    return structuredClone(this.decision);
  }
}

/** A model that answers from a script and keeps what it was sent. */
class ScriptedModel implements TriageModel {
  readonly id = 'scripted/triage-v1';
  readonly model = 'scripted';
  readonly promptVersion = 'triage-v1';
  readonly sent: string[] = [];
  constructor(private readonly answer: (content: string, signal: AbortSignal) => Promise<ModelAnswer<TriageDecision>> | ModelAnswer<TriageDecision>) {}
  async triage(content: string, signal: AbortSignal): Promise<ModelAnswer<TriageDecision>> {
    this.sent.push(content);
    return this.answer(content, signal);
  }
}

class FixedClock {
  constructor(public at: Date) {}
  now(): Date {
    return this.at;
  }
}

const reason = (kind: Reason['kind'], label: string, evidence: Reason['evidence'] = null, note: string | null = null): Reason => ({
  kind,
  label,
  clause: kind === 'flag' ? 'clause' : `taxonomy: ${label}`,
  evidence,
  confidence: 0.9,
  note,
});
const decision = (flags: TriageDecision['flags'], topic: TriageDecision['topic'], urgency: TriageDecision['urgency'], extra: Reason[] = []): TriageDecision => ({
  flags,
  topic,
  urgency,
  reasons: [...extra, reason('topic', topic), reason('urgency', urgency)],
});
const usage = { inputTokens: 900, outputTokens: 100 };
const answer = (d: TriageDecision): ModelAnswer<TriageDecision> => ({ ok: true, value: d, usage });

const BODY = 'Morning, Lily wont be in today, ring me on 07700 900123. Mrs Harrison knows';
const message = (body = BODY, id = 'm1', receivedAt = '2026-10-01T06:18:00Z'): InboundMessage => ({ id, from: '+447700900283', receivedAt, channel: 'sms', body });
const CIVIL = decision([], 'absence', 'routine');

function cascade(o: { local?: TriageDecision; model?: TriageModel | null; school?: School; mode?: 'openai' | 'both'; deadlineMs?: number; clock?: FixedClock; ledger?: InMemoryUsageLedger; cache?: InMemoryAnswerCache; circuit?: { failures: number; coolDownMs: number } }) {
  const clock = o.clock ?? new FixedClock(new Date('2026-10-01T07:00:00Z'));
  return new TriageCascade({
    local: new FixedClassifier(o.local ?? CIVIL),
    model: o.model === undefined ? new ScriptedModel(() => answer(CIVIL)) : o.model,
    ledger: o.ledger ?? new InMemoryUsageLedger(),
    cache: o.cache ?? new InMemoryAnswerCache(),
    clock,
    deadlineMs: o.deadlineMs ?? 5_000,
    mode: o.mode,
    circuit: o.circuit,
  });
}
const openaiSchool = schoolWith({ mode: 'openai' });
const input = (m = message(), history: HistoryEntry[] = [], school = openaiSchool): ClassifierInput => ({ message: m, history, school });

describe('local mode', () => {
  it('is the default: the model is never asked and nothing is sent', async () => {
    const model = new ScriptedModel(() => answer(decision(['abusive'], 'none', 'routine')));
    const d = await cascade({ model }).classify(input(message(), [], schoolWith({})));
    expect(model.sent).toEqual([]);
    expect(d.flags).toEqual([]);
    expect(d.provenance).toMatchObject({ mode: 'local', decidedBy: 'local', modelId: null, fellBack: false, sentText: null, needsReview: false });
  });
});

describe('openai mode', () => {
  it('sends only minimised text, and the model decides; quotes, notes and offsets come back in the original', async () => {
    const model = new ScriptedModel((content) => {
      const body = content.slice(content.indexOf('<<<\n') + 4, content.indexOf('\n>>>'));
      const q = '[CHILD_1] wont be in today';
      const start = body.indexOf(q);
      return answer({
        flags: [],
        topic: 'absence',
        urgency: 'routine',
        reasons: [
          { ...reason('topic', 'absence'), evidence: { start, end: start + q.length, text: q }, note: '[CHILD_1] is off sick; call [PHONE_1]' },
          reason('urgency', 'routine'),
        ],
      });
    });
    const ledger = new InMemoryUsageLedger();
    const d = await cascade({ model, ledger, local: decision(['profanity'], 'general', 'routine', [reason('flag', 'profanity')]) }).classify(input());
    expect(model.sent).toHaveLength(1);
    const sent = model.sent[0]!;
    expect(sent).not.toMatch(/Lily|07700/);
    expect(sent).toContain('Morning, [CHILD_1] wont be in today, ring me on [PHONE_1]. Mrs Harrison knows');
    expect(d.flags).toEqual([]);
    expect(d.topic).toBe('absence');
    const topic = d.reasons.find((r) => r.kind === 'topic')!;
    expect(topic.evidence).toEqual({ start: 9, end: 30, text: 'Lily wont be in today' });
    expect(BODY.slice(9, 30)).toBe('Lily wont be in today');
    expect(topic.note).toBe('Lily is off sick; call 07700 900123');
    expect(d.provenance).toMatchObject({ mode: 'openai', decidedBy: 'model', modelId: 'scripted/triage-v1', fellBack: false, sentText: sent, usage, cached: false });
    expect(d.provenance.latencyMs).toBeGreaterThanOrEqual(0);
    expect(await ledger.tokensUsed('rossmore', '2026-10-01')).toBe(1_000);
  });

  it('sends the history as short minimised summaries, with the same placeholders as the message', async () => {
    const model = new ScriptedModel(() => answer(CIVIL));
    const history: HistoryEntry[] = [
      { receivedAt: '2026-09-30T18:00:00Z', body: `Lily was upset tonight, she lives at 14 Elm Close now. ${'x '.repeat(200)}`, channel: 'sms', flags: [], topic: 'family' },
    ];
    await cascade({ model }).classify(input(message(), history));
    const sent = model.sent[0]!;
    expect(sent).toMatch(/- about 12 hours earlier, sms, flags: none, topic: family: "\[CHILD_1\] was upset tonight, she lives at \[ADDRESS_1\] now\. x x/);
    expect(sent).not.toMatch(/Lily|Elm Close/);
    const summary = sent.split('\n').at(-1)!;
    expect(summary.length).toBeLessThan(260);
  });

  it('never lets the model downgrade safeguarding: the local concern stands, urgent, marked for review', async () => {
    const local = decision([], 'safeguarding', 'urgent');
    const model = new ScriptedModel(() => answer(decision([], 'complaint', 'routine')));
    const d = await cascade({ model, local }).classify(input());
    expect(d.topic).toBe('safeguarding');
    expect(d.urgency).toBe('urgent');
    expect(d.provenance.needsReview).toBe(true);
    expect(d.provenance.reviewReasons).toEqual(['safeguarding: the local classifier found a concern; the model said complaint']);
    expect(d.reasons.filter((r) => r.kind === 'topic')).toHaveLength(1);
  });

  it('makes a threat or a safeguarding concern urgent when the model said routine', async () => {
    const q = 'Mrs Harrison knows';
    const threat = decision(['threat'], 'none', 'routine', [reason('flag', 'threat', { start: 0, end: q.length, text: q })]);
    const d = await cascade({ model: new ScriptedModel(() => answer(threat)) }).classify(input());
    expect(d.urgency).toBe('urgent');
    expect(d.reasons.find((r) => r.kind === 'urgency')?.note).toMatch(/every threat is urgent/);
    expect(d.reasons.find((r) => r.kind === 'flag')?.clause).toBe('§3 Threatening another member of the school community');
  });
});

describe('both mode', () => {
  const bothSchool = schoolWith({ mode: 'both' });
  const evidence = { start: 0, end: 7, text: 'Morning' };

  it('keeps a flag either classifier found, notes it as disputed and marks the message for review', async () => {
    const local = decision(['threat'], 'none', 'urgent', [reason('flag', 'threat', evidence)]);
    const model = new ScriptedModel(() => answer(decision(['abusive'], 'none', 'routine', [reason('flag', 'abusive', evidence)])));
    const d = await cascade({ model, local }).classify(input(message(), [], bothSchool));
    expect(d.flags).toEqual(['abusive', 'threat']);
    expect(d.urgency).toBe('urgent');
    expect(d.provenance).toMatchObject({ mode: 'both', decidedBy: 'both', needsReview: true });
    expect(d.provenance.reviewReasons).toEqual([
      'flag threat: only the local classifier found it',
      'flag abusive: only the model found it',
      'urgency: only the local classifier called it urgent',
    ]);
    expect(d.reasons.find((r) => r.label === 'threat')?.note).toMatch(/^disputed: only the local classifier/);
    expect(d.reasons.find((r) => r.label === 'abusive')?.note).toMatch(/^disputed: only the model/);
  });

  it('takes safeguarding from either side, and urgent from either side', async () => {
    const fromModel = await cascade({ model: new ScriptedModel(() => answer(decision([], 'safeguarding', 'urgent'))), local: decision([], 'general', 'routine') }).classify(
      input(message(), [], bothSchool),
    );
    expect([fromModel.topic, fromModel.urgency, fromModel.provenance.needsReview]).toEqual(['safeguarding', 'urgent', true]);
    const fromLocal = await cascade({ model: new ScriptedModel(() => answer(decision([], 'general', 'routine'))), local: decision([], 'safeguarding', 'urgent') }).classify(
      input(message(), [], bothSchool),
    );
    expect([fromLocal.topic, fromLocal.urgency, fromLocal.provenance.needsReview]).toEqual(['safeguarding', 'urgent', true]);
    const urgent = await cascade({ model: new ScriptedModel(() => answer(decision([], 'transport', 'routine'))), local: decision([], 'transport', 'urgent') }).classify(
      input(message(), [], bothSchool),
    );
    expect(urgent.urgency).toBe('urgent');
    expect(urgent.provenance.reviewReasons).toEqual(['urgency: only the local classifier called it urgent']);
  });

  it('lets the model pick between ordinary topics without a review, and agrees quietly when both agree', async () => {
    const d = await cascade({ model: new ScriptedModel(() => answer(decision([], 'learning', 'routine'))), local: decision([], 'general', 'routine') }).classify(input(message(), [], bothSchool));
    expect([d.topic, d.provenance.needsReview]).toEqual(['learning', false]);
    const same = await cascade({ model: new ScriptedModel(() => answer(CIVIL)) }).classify(input(message(), [], bothSchool));
    expect(same.provenance).toMatchObject({ needsReview: false, reviewReasons: [], fellBack: false });
  });
});

describe('falling back to the local result', () => {
  const local = decision(['profanity'], 'absence', 'routine', [reason('flag', 'profanity', { start: 0, end: 7, text: 'Morning' })]);
  const expectFellBack = (d: Awaited<ReturnType<TriageCascade['classify']>>, why: string) => {
    expect({ flags: d.flags, topic: d.topic, urgency: d.urgency, reasons: d.reasons }).toEqual(local);
    expect(d.provenance).toMatchObject({ fellBack: true, fallbackReason: why, decidedBy: 'local' });
  };

  it.each(['timeout', 'connection', 'rate_limited', 'server_error', 'http_error', 'refusal', 'invalid_answer'] as const)('on %s, marked', async (why) => {
    const d = await cascade({ local, model: new ScriptedModel(() => ({ ok: false, reason: why, detail: 'from the adapter', usage: null })) }).classify(input());
    expectFellBack(d, why);
    expect(d.provenance.fallbackDetail).toBe('from the adapter');
    expect(d.provenance.sentText).toContain('[CHILD_1]');
  });

  it('on an incomplete answer: a flag without its reason, or without evidence, or no topic reason', async () => {
    const cases: [TriageDecision, string][] = [
      [decision(['abusive'], 'none', 'routine'), 'no reason for the flag "abusive"'],
      [decision(['threat'], 'none', 'urgent', [reason('flag', 'threat', null)]), 'no evidence for the flag "threat"'],
      [{ ...CIVIL, reasons: [reason('urgency', 'routine')] }, 'no reason for the topic "absence"'],
      [{ ...CIVIL, reasons: [reason('topic', 'absence'), reason('urgency', 'urgent')] }, 'no reason for the urgency "routine"'],
    ];
    for (const [bad, why] of cases) {
      const d = await cascade({ local, model: new ScriptedModel(() => answer(bad)) }).classify(input());
      expectFellBack(d, 'incomplete_answer');
      expect(d.provenance.fallbackDetail).toBe(why);
      expect(d.provenance.usage).toEqual(usage);
    }
  });

  it('when the adapter throws', async () => {
    const d = await cascade({ local, model: new ScriptedModel(() => Promise.reject(new Error('socket hang up'))) }).classify(input());
    expectFellBack(d, 'error');
    expect(d.provenance.fallbackDetail).toBe('socket hang up');
  });

  it('at the deadline, even when the model ignores the abort', async () => {
    let aborted = false;
    const never = new ScriptedModel((_c, signal) => {
      signal.addEventListener('abort', () => {
        aborted = true;
      });
      return new Promise<never>(() => {});
    });
    const d = await cascade({ local, model: never, deadlineMs: 20 }).classify(input());
    expectFellBack(d, 'timeout');
    expect(d.provenance.fallbackDetail).toBe('no answer within 20 ms');
    expect(aborted).toBe(true);
  });

  it('when no model is configured', async () => {
    const d = await cascade({ local, model: null }).classify(input());
    expectFellBack(d, 'not_configured');
    expect(d.provenance.sentText).toBeNull();
  });

  it('when the school’s daily token budget is spent, without sending anything, until the next school day', async () => {
    const clock = new FixedClock(new Date('2026-10-01T07:00:00Z'));
    const ledger = new InMemoryUsageLedger();
    const model = new ScriptedModel(() => answer(CIVIL));
    const c = cascade({ local, model, clock, ledger });
    const school = schoolWith({ mode: 'openai', daily_token_budget: 1_000 });
    expect((await c.classify(input(message(), [], school))).provenance.fellBack).toBe(false);
    const over = await c.classify(input(message('Kai is off too', 'm2'), [], school));
    expectFellBack(over, 'budget_exhausted');
    expect(over.provenance).toMatchObject({ sentText: null, fallbackDetail: '1000 of the 1000 tokens allowed today are used' });
    expect(model.sent).toHaveLength(1);
    clock.at = new Date('2026-10-01T23:30:00Z'); // 00:30 on 2 October at the school (BST)
    expect((await c.classify(input(message('Kai is off too', 'm3'), [], school))).provenance.fellBack).toBe(false);
    expect(ledger.totals('rossmore', '2026-10-02')).toEqual({ inputTokens: 900, outputTokens: 100, calls: 1 });
  });

  it('opens a circuit after repeated outages, then tries again after the pause', async () => {
    const clock = new FixedClock(new Date('2026-10-01T07:00:00Z'));
    const model = new ScriptedModel(() => ({ ok: false, reason: 'server_error', detail: 'HTTP 500', usage: null }));
    const c = cascade({ local, model, clock, circuit: { failures: 2, coolDownMs: 30_000 } });
    const reasons: (string | null)[] = [];
    for (let i = 0; i < 4; i++) reasons.push((await c.classify(input(message(`${BODY} ${i}`, `m${i}`)))).provenance.fallbackReason);
    expect(reasons).toEqual(['server_error', 'server_error', 'circuit_open', 'circuit_open']);
    expect(model.sent).toHaveLength(2);
    clock.at = new Date(clock.at.getTime() + 30_001);
    expect((await c.classify(input(message(`${BODY} 5`, 'm5')))).provenance.fallbackReason).toBe('server_error');
    expect(model.sent).toHaveLength(3);
  });

  it('a refusal or a bad answer does not count as an outage', async () => {
    const model = new ScriptedModel(() => ({ ok: false, reason: 'refusal', detail: 'no', usage: null }));
    const c = cascade({ local, model, circuit: { failures: 1, coolDownMs: 30_000 } });
    await c.classify(input());
    expect((await c.classify(input())).provenance.fallbackReason).toBe('refusal');
    expect(model.sent).toHaveLength(2);
  });
});

describe('cost and speed', () => {
  it('records every call with its tokens, latency and outcome, failed ones too; a cached answer is no call', async () => {
    const ledger = new InMemoryUsageLedger();
    const answers: ModelAnswer<TriageDecision>[] = [
      answer(CIVIL),
      { ok: false, reason: 'timeout', detail: 't', usage: null },
      answer(decision(['abusive'], 'none', 'routine')),
      { ok: false, reason: 'refusal', detail: 'no', usage: { inputTokens: 800, outputTokens: 3 } },
    ];
    const model = new ScriptedModel(() => answers.shift()!);
    const c = cascade({ model, ledger });
    for (const [i, body] of ['Lily is off today', 'Kai is off today', 'Leo is off today', 'Jake is off today', 'Lily is off today'].entries())
      await c.classify(input(message(`${body}${i < 4 ? ` (${i})` : ' (0)'}`, `m${i}`)));
    expect(model.sent).toHaveLength(4);
    expect(ledger.calls.map(({ latencyMs, ...rest }) => ({ ...rest, timed: typeof latencyMs === 'number' && latencyMs >= 0 }))).toEqual([
      { schoolId: 'rossmore', day: '2026-10-01', purpose: 'triage', modelId: 'scripted/triage-v1', outcome: 'ok', usage, subjectId: 'm0', timed: true },
      { schoolId: 'rossmore', day: '2026-10-01', purpose: 'triage', modelId: 'scripted/triage-v1', outcome: 'timeout', usage: null, subjectId: 'm1', timed: true },
      { schoolId: 'rossmore', day: '2026-10-01', purpose: 'triage', modelId: 'scripted/triage-v1', outcome: 'incomplete_answer', usage, subjectId: 'm2', timed: true },
      { schoolId: 'rossmore', day: '2026-10-01', purpose: 'triage', modelId: 'scripted/triage-v1', outcome: 'refusal', usage: { inputTokens: 800, outputTokens: 3 }, subjectId: 'm3', timed: true },
    ]);
    expect(ledger.totals('rossmore', '2026-10-01')).toEqual({ inputTokens: 2_600, outputTokens: 203, calls: 4 });
  });
});

describe('the answer cache', () => {
  it('answers an identical minimised request from the cache, restored with this message’s names', async () => {
    const model = new ScriptedModel((content) => answer(absenceAnswerFor(content)));
    const c = cascade({ model });
    const first = await c.classify(input(message('Lily wont be in today', 'a')));
    const second = await c.classify(input(message('Kai wont be in today', 'b', '2026-10-01T06:40:00Z')));
    expect(model.sent).toHaveLength(1);
    expect(first.provenance.cached).toBe(false);
    expect(second.provenance).toMatchObject({ cached: true, usage: null, sentText: null, fellBack: false });
    expect(second.reasons[0]?.evidence).toEqual({ start: 0, end: 20, text: 'Kai wont be in today' });
  });

  it('does not cache a failed or incomplete answer', async () => {
    let n = 0;
    const model = new ScriptedModel(() => (n++ === 0 ? answer(decision(['abusive'], 'none', 'routine')) : answer(CIVIL)));
    const c = cascade({ model });
    expect((await c.classify(input())).provenance.fallbackReason).toBe('incomplete_answer');
    expect((await c.classify(input())).provenance).toMatchObject({ fellBack: false, cached: false });
    expect(model.sent).toHaveLength(2);
  });
});

function absenceAnswerFor(content: string): TriageDecision {
  const body = content.slice(content.indexOf('<<<\n') + 4, content.indexOf('\n>>>'));
  return { ...CIVIL, reasons: [{ ...reason('topic', 'absence'), evidence: { start: 0, end: body.length, text: body } }, reason('urgency', 'routine')] };
}

describe('provenance', () => {
  it('rides along on a triage result and sums up a run', async () => {
    const c = cascade({ model: new ScriptedModel(() => ({ ok: false, reason: 'timeout', detail: 't', usage: null })) });
    const results = [await c.classify(input()), await c.classify(input(message(), [], schoolWith({})))];
    const p = results.map((r) => provenanceOf({ id: 'x', ...r, route: null }));
    expect(p.map((x) => x?.mode)).toEqual(['openai', 'local']);
    expect(summariseModelUse(p)).toMatchObject({ decisions: 2, wanted: 1, fellBack: 1, byReason: { timeout: 1 } });
    expect(provenanceOf({ flags: [] })).toBeNull();
  });
});
