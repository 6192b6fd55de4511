import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as AC from 'adaptivecards';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import draft6 from 'ajv/dist/refs/json-schema-draft-06.json';
import { describe, expect, it } from 'vitest';
import { decisionInput, keepInputs, localToIso } from '../../../adapters/teams/actions';
import { type AdaptiveCard, alertCard, approvalCard, cardBytes, enquiryCard, noticeCard, refusalCard, reviewCard, safeguardingCard } from '../../../adapters/teams/cards/index';
import { LIMITS } from '../../../adapters/teams/cards/elements';
import { INPUT, VERB } from '../../../adapters/teams/types';
import { alert, BODY, CONSOLE, enquiry, everyCard, history, recipient, render, reply, reviewCase, safeguardingCase } from './fixtures';
import { cardText, executeActions, type Json } from './helpers';

/**
 * The cards are pure functions of a StaffAlert. Each is checked against the official Adaptive Cards 1.5 JSON schema
 * (test/fixtures/adaptive-cards) with ajv, and parsed by Microsoft's own adaptivecards library, which reports any
 * element, property or value it does not know.
 */
const { id: schemaId, ...official } = JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/adaptive-cards/adaptive-card-1.5.schema.json'), 'utf8'));
// The official file names itself with draft-04's `id`; draft-06 (its own $schema) spells it `$id`, which ajv requires.
const schema = { $id: schemaId, ...official };
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addMetaSchema(draft6);
addFormats(ajv);
const validate = ajv.compile(schema);

/** Every problem the schema and the library find with a card: empty when it is valid. */
function problems(card: unknown): string[] {
  const out: string[] = [];
  if (!validate(card)) out.push(...(validate.errors ?? []).map((e) => `schema ${e.instancePath} ${e.message}`));
  const parsed = new AC.AdaptiveCard();
  const ctx = new AC.SerializationContext();
  parsed.parse(card as AC.AdaptiveCard['parse'] extends (p: infer P, ...r: never[]) => unknown ? P : never, ctx);
  for (let i = 0; i < ctx.eventCount; i++) {
    const e = ctx.getEventAt(i);
    out.push(`adaptivecards ${AC.ValidationEvent[e.event]}: ${e.message}`);
  }
  for (const e of parsed.validateProperties().validationEvents) out.push(`adaptivecards ${AC.ValidationEvent[e.event]}: ${e.message}`);
  return out;
}

/** Input ids must be unique across a whole card, ShowCards included. */
function inputIds(card: Json): string[] {
  const ids: string[] = [];
  const walk = (n: Json) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    if (typeof n.type === 'string' && n.type.startsWith('Input.')) ids.push(n.id);
    for (const [k, v] of Object.entries(n)) if (k !== 'data') walk(v);
  };
  walk(card);
  return ids;
}

const audit = (action: string, actor = 'staff:harrison') => [{ id: 'a1', schoolId: 'rossmore', at: '2026-11-24T09:00:00Z', actor, action, entityType: 'case', entityId: 'case-review-1', data: {} }];

/** One card of every purpose, in each state it can be in. */
function allStates(): [string, AdaptiveCard][] {
  const cards = everyCard();
  return [
    ...Object.entries(cards).map(([k, a]) => [k, alertCard(a, render)] as [string, AdaptiveCard]),
    ['review decided', reviewCard(alert({ case: reviewCase({ state: 'not_breach', audit: audit('review.decide_not_breach') }), headline: 'Decided: not a breach, by Mrs Harrison' }), render)],
    ['review escalated, no console', reviewCard(alert({ case: reviewCase({ state: 'escalated' }) }), {})],
    ['review, urgent, no history', reviewCard(alert({ urgent: true, case: reviewCase({ heldEnquiry: null, namedInEvidence: [] }) }), render)],
    ['safeguarding acknowledged', safeguardingCard(alert({ purpose: 'safeguarding', case: safeguardingCase({ by: 'macey', at: '2026-11-24T08:20:00Z' }) }), render)],
    ['enquiry with a draft', enquiryCard(alert({ purpose: 'enquiry', case: enquiry() }), render, 'Dear Mrs Jones,\nThank you.')],
    ['enquiry replied', enquiryCard(alert({ purpose: 'enquiry', case: enquiry({ state: 'replied', replies: [reply({ state: 'sent', approvedBy: 'karen' })] }) }), render)],
    ['approval approved', approvalCard(alert({ purpose: 'approval', case: enquiry({ state: 'replied' }), reply: reply({ state: 'sent', approvedBy: 'karen', approvedAt: '2026-11-24T09:05:00Z', approvedBody: 'Edited.', delivery: { outboxId: 'o1', state: 'sent', attempt: 1, lastError: null, errorCode: null, sentAt: '2026-11-24T09:05:02Z', deliveredAt: null } }) }), render)],
    ['approval rejected', approvalCard(alert({ purpose: 'approval', case: enquiry(), reply: reply({ state: 'rejected', rejectedReason: 'Please say which day.' }) }), render)],
    ['approval without a reply', approvalCard(alert({ purpose: 'approval', case: enquiry() }), render)],
    ['notice: reply failed', noticeCard(alert({ purpose: 'notice', reason: 'reply_failed', case: enquiry({ replies: [reply({ state: 'failed', delivery: { outboxId: 'o1', state: 'failed', attempt: 3, lastError: 'carrier reported undelivered (error 30003)', errorCode: '30003', sentAt: null, deliveredAt: null } })] }) }), render)],
    ['notice: reassigned', noticeCard(alert({ purpose: 'notice', reason: 'reassigned', case: reviewCase() }), render)],
    ['refusal', refusalCard('Mr Hughes cannot approve or reject reply r1: it needs the role "office".', 'Rossmore School')],
    ['refused press, inputs kept', keepInputs(alertCard(cards.review!, render, { refusal: 'The review decision has 1 problem:\n  - reason: reason is required' }), { [INPUT.notBreachReason]: 'ok' })],
  ];
}

describe('Adaptive Cards for staff alerts (pure functions of the alert)', () => {
  it.each(allStates())('%s: valid against the Adaptive Cards 1.5 schema and the adaptivecards library', (_name, card) => {
    expect(problems(card)).toEqual([]);
    expect(card.version).toBe('1.5');
    const ids = inputIds(card);
    expect(new Set(ids).size).toBe(ids.length);
    expect(cardBytes(card)).toBeLessThan(LIMITS.cardBytes);
  });

  it('the checks can fail: a broken card is reported by both', () => {
    const card = alertCard(everyCard().enquiry!, render) as Json;
    const noId = JSON.parse(JSON.stringify(card));
    noId.actions[0].card.body[0].id = undefined;
    expect(problems(JSON.parse(JSON.stringify(noId))).some((p) => p.startsWith('schema'))).toBe(true);
    const unknownProperty = { ...card, msteams: { width: 'Full' } };
    expect(problems(unknownProperty).some((p) => p.startsWith('schema'))).toBe(true);
    const unknownElement = { ...card, body: [...card.body, { type: 'Carousel', pages: [] }] };
    expect(problems(unknownElement).some((p) => p.startsWith('schema'))).toBe(true);
    expect(problems(unknownElement).some((p) => p.startsWith('adaptivecards'))).toBe(true);
  });

  it('review: flags, the clause, the evidence highlighted, the sender’s history, and the reviewer’s three decisions', () => {
    const card = reviewCard(alert({ case: reviewCase(), history }), render) as Json;
    const text = cardText(card);
    expect(card.body[0]).toMatchObject({ type: 'Container', style: 'attention', items: [{ type: 'TextBlock', text: 'Flagged message for review' }] });
    // The parent's words verbatim in a RichTextBlock, the evidence highlighted.
    const quote = card.body.find((b: Json) => b.type === 'Container' && b.style === 'emphasis');
    expect(quote.items[0].inlines).toEqual([
      { type: 'TextRun', text: 'Mr Hughes you are a ' },
      { type: 'TextRun', text: 'useless teacher', weight: 'Bolder', highlight: true, color: 'Attention' },
      { type: 'TextRun', text: ". Can Lily have her reading book changed please, she's read it three times." },
    ]);
    expect(text).toContain('§3: Parents must not use abusive or insulting language towards staff.');
    expect(text).toContain('From: Sarah Jones (+447700900283)');
    expect(text).toContain('Received: Tue 24 Nov, 08:15'); // the school's time (Europe/London, GMT in November)
    // A parent's Markdown is shown as typed, never rendered (a RichTextBlock's TextRun).
    expect(JSON.stringify(card)).toContain('"text":"Lily has swimming on Friday, is her kit needed? **Thanks** [me](https://x.example)","italic":true');
    expect(text).toMatch(/Withheld: it names you/);
    expect(text).toContain('it goes to Mr Hughes once this is decided');
    expect(executeActions(card).map((a) => [a.verb, a.title])).toEqual([
      [VERB.notBreach, 'Record: not a breach'],
      [VERB.breach, 'Record: breach'],
      [VERB.escalate, 'Escalate to the head teacher'],
    ]);
    expect(card.actions.map((a: Json) => [a.type, a.title])).toEqual([
      ['Action.ShowCard', 'Not a breach'],
      ['Action.ShowCard', 'Breach, with a response'],
      ['Action.ShowCard', 'Escalate'],
      ['Action.OpenUrl', 'Open in console'],
    ]);
    expect(card.actions[3].url).toBe(`${CONSOLE}/console/cases/case-review-1`);
    for (const a of executeActions(card)) expect(a.data).toEqual({ s: 'rossmore', c: 'case-review-1', v: 3 });
    // The breach form offers the §4 responses, senior staff for a meeting, and the flags with the card's preselected.
    const breach = card.actions[1].card.body;
    expect(breach.find((i: Json) => i.id === INPUT.breachFlags).value).toBe('abusive');
    expect(breach.find((i: Json) => i.id === INPUT.meetingWith).choices.map((c: Json) => c.value)).toEqual(['harrison', 'macey', 'okafor']);
    // The notification never quotes the parent.
    expect(card.fallbackText).toBe('A flagged message needs review (abusive). Open Schoolgate to see it.');
  });

  it('review: the buttons follow the case’s state', () => {
    const decided = reviewCard(alert({ case: reviewCase({ state: 'not_breach', audit: audit('review.decide_not_breach') }) }), render);
    expect(executeActions(decided)).toEqual([]);
    expect(cardText(decided)).toContain('Status: Decided: not a breach by Mrs Harrison');
    const escalated = reviewCard(alert({ case: reviewCase({ state: 'escalated' }) }), {});
    expect(executeActions(escalated).map((a) => a.verb)).toEqual([VERB.notBreach, VERB.breach]);
    expect((escalated as Json).actions.some((a: Json) => a.type === 'Action.OpenUrl')).toBe(false); // no console link without PUBLIC_URL
  });

  it('safeguarding: Acknowledge until someone has, then who and when', () => {
    const open = safeguardingCard(alert({ purpose: 'safeguarding', urgent: true, case: safeguardingCase() }), render);
    expect(executeActions(open)).toEqual([{ verb: VERB.acknowledge, title: 'Acknowledge', data: { s: 'rossmore', c: 'case-sg-1', v: 3 } }]);
    expect(cardText(open)).toMatch(/Not yet acknowledged/);
    expect(cardText(open)).toContain('Escalated to Mr Okafor Tue 24 Nov, 08:21 (step 1)');
    const acked = safeguardingCard(alert({ purpose: 'safeguarding', case: safeguardingCase({ by: 'macey', at: '2026-11-24T08:20:00Z' }) }), render);
    expect(executeActions(acked)).toEqual([]);
    expect(cardText(acked)).toContain('✔ Acknowledged by Miss Macey, Tue 24 Nov, 08:20');
  });

  it('enquiry: the forwarded text only, and Write reply with its text box', () => {
    const card = enquiryCard(alert({ purpose: 'enquiry', recipient: { ...recipient, staffId: 'hughes' }, case: enquiry() }), render) as Json;
    expect(JSON.stringify(card)).not.toMatch(/useless/);
    expect(cardText(card)).toMatch(/Passed on by a senior reviewer/);
    expect(card.actions[0]).toMatchObject({ type: 'Action.ShowCard', title: 'Write reply' });
    expect(card.actions[0].card.body[0]).toMatchObject({ type: 'Input.Text', id: INPUT.replyBody, isMultiline: true, maxLength: 1600, isRequired: true });
    expect(executeActions(card)).toEqual([{ verb: VERB.writeReply, title: 'Send for approval', data: { s: 'rossmore', c: 'case-enq-1', v: 3 } }]);
    const waiting = enquiryCard(alert({ purpose: 'enquiry', case: enquiry({ state: 'reply_pending_approval', replies: [reply()] }) }), render);
    expect(executeActions(waiting)).toEqual([]);
    expect(cardText(waiting)).toContain('Reply by Mr Hughes, waiting for approval');
  });

  it('approval: Approve, Edit & approve (the reply to edit), Reject with a reason; the reply’s version on each', () => {
    const card = approvalCard(alert({ purpose: 'approval', case: enquiry({ state: 'reply_pending_approval' }), reply: reply() }), render) as Json;
    expect(card.actions.map((a: Json) => a.title)).toEqual(['Approve', 'Edit & approve', 'Reject', 'Open in console']);
    expect(card.actions[1].card.body[0]).toMatchObject({ id: INPUT.editedBody, value: "Thanks for letting me know, I'll change Lily's book tomorrow." });
    expect(card.actions[2].card.body[0]).toMatchObject({ id: INPUT.rejectReason, isRequired: true });
    for (const a of executeActions(card)) expect(a.data).toEqual({ s: 'rossmore', c: 'case-enq-1', v: 1, r: 'reply-1' });
    const sent = approvalCard(alert({ purpose: 'approval', case: enquiry(), reply: reply({ state: 'sent', approvedBy: 'karen', approvedAt: '2026-11-24T09:05:00Z', approvedBody: 'Edited.' }) }), render);
    expect(executeActions(sent)).toEqual([]);
    expect(cardText(sent)).toContain('Approved by Karen Wright, Tue 24 Nov, 09:05 (edited)');
    expect(cardText(sent)).toContain('Edited.');
  });

  it('keeps within Teams’ size with the longest message and history', () => {
    const long = 'x'.repeat(9_000);
    const card = reviewCard(alert({ case: reviewCase({ message: { ...reviewCase().message, body: long } }), history: Array.from({ length: 10 }, () => ({ ...history[0]!, body: long })) }), render);
    expect(cardBytes(card)).toBeLessThan(LIMITS.cardBytes);
    expect(problems(card)).toEqual([]);
  });

  it('is a pure function: the same alert renders the same card', () => {
    const a = everyCard().review!;
    expect(JSON.stringify(alertCard(a, render))).toBe(JSON.stringify(alertCard(structuredClone(a), render)));
    expect(BODY).toContain('useless teacher');
  });
});

describe('card inputs → the workflow’s input', () => {
  it('breach form: flags, responses with their details, the meeting in the school’s time zone', () => {
    const input = decisionInput(
      VERB.breach,
      {
        [INPUT.breachReason]: 'Personal abuse of a named teacher (§3).',
        [INPUT.breachFlags]: 'abusive,profanity',
        [INPUT.breachResponses]: 'warning_letter,meeting,police',
        [INPUT.meetingWith]: 'harrison',
        [INPUT.meetingDate]: '2026-12-01',
        [INPUT.meetingTime]: '15:30',
        [INPUT.policeGrounds]: 'harassment',
        [INPUT.policeReference]: ' ',
      },
      (d, t) => localToIso(d, t, 'Europe/London'),
    );
    expect(input).toEqual({
      outcome: 'breach',
      reason: 'Personal abuse of a named teacher (§3).',
      breachedFlags: ['abusive', 'profanity'],
      responses: [{ kind: 'warning_letter' }, { kind: 'meeting', withStaffId: 'harrison', proposedAt: '2026-12-01T15:30:00.000Z' }, { kind: 'police', grounds: 'harassment' }],
    });
    expect(decisionInput(VERB.notBreach, { [INPUT.notBreachReason]: 'Fair request.', [INPUT.notBreachForwarded]: 'Please change the book.' }, () => undefined)).toEqual({
      outcome: 'not_breach',
      reason: 'Fair request.',
      forwardedText: 'Please change the book.',
    });
  });

  it('local times: British Summer Time and the clock change', () => {
    expect(localToIso('2026-06-01', '09:00', 'Europe/London')).toBe('2026-06-01T08:00:00.000Z');
    expect(localToIso('2026-12-01', '09:00', 'Europe/London')).toBe('2026-12-01T09:00:00.000Z');
    expect(localToIso('2026-10-25', '12:00', 'Europe/London')).toBe('2026-10-25T12:00:00.000Z'); // the day the clocks go back
    expect(localToIso('2026-13-01', '09:00', 'Europe/London')).toBeUndefined();
  });
});
