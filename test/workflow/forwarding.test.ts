import { describe, expect, it } from 'vitest';
import type { Reason } from '../../src/domain/triage';
import { evidenceIn, staffNamedInEvidence, suggestForwardedText } from '../../src/workflow/forwarding';
import { planCases } from '../../src/workflow/plan-cases';
import { flag, school, topic } from './fixtures';

const suggest = (body: string, evidence: string[], t = 'absence') => suggestForwardedText(body, [...evidence.map((e) => flag('abusive', body, e)), topic(t)]);

describe('suggestForwardedText', () => {
  it('keeps the request and drops the insult (taxonomy "Both at once")', () => {
    expect(suggest("you're useless, Ella's off sick today", ['useless'])).toBe("Ella's off sick today");
  });

  it.each([
    ['Lily is off sick today. You are a useless idiot, Mr Hughes.', ['useless idiot'], 'Lily is off sick today.'],
    ['Lily is off sick today, you idiot. Please tell Mr Hughes.', ['idiot'], 'Lily is off sick today. Please tell Mr Hughes.'],
    ['Mr Hughes, you are a disgrace - Tom won’t be in tomorrow, he has the dentist.', ['disgrace'], 'Tom won’t be in tomorrow, he has the dentist.'],
    ["You're a useless bunch but I want to know when the trip money is due", ['useless bunch'], 'I want to know when the trip money is due'],
    ['Your office staff are rude, lazy and a disgrace. 2 weeks Ive been waiting for my refund for the zoo trip that YOU cancelled', ['rude, lazy and a disgrace'], '2 weeks Ive been waiting for my refund for the zoo trip that YOU cancelled'],
    ['Miss Doyle is a thick useless excuse for a teacher. I want a meeting with the head about the way she spoke to my daughter today', ['thick useless excuse'], 'I want a meeting with the head about the way she spoke to my daughter today'],
    ["Sorry f***ing car's died on the bypass. His uncle Dave will collect Riley at 3 today instead of me, he's on the list", ["f***ing"], "His uncle Dave will collect Riley at 3 today instead of me, he's on the list"],
  ])('%s', (body, evidence, expected) => {
    expect(suggest(body, evidence)).toBe(expected);
  });

  it('removes every repeat of the flagged words, even where the classifier gave one span', () => {
    const body = 'Useless. Ella is off today. Useless, all of you.';
    expect(suggest(body, ['Useless'])).toBe('Ella is off today.');
  });

  it('finds the evidence by its text when the offsets are wrong', () => {
    const body = "you're useless, Ella's off sick today";
    const reason: Reason = { kind: 'flag', label: 'abusive', clause: 'x', evidence: { start: 0, end: 3, text: 'useless' }, confidence: 1, note: null };
    expect(suggestForwardedText(body, [reason])).toBe("Ella's off sick today");
  });

  it('forwards a neutral summary when nothing but the abuse is left', () => {
    expect(suggest('You useless idiots never told me Ella needs her inhaler', ['useless idiots'])).toBe('Parent asks about: absence');
    expect(suggest('Useless the lot of you', ['Useless'], 'complaint')).toBe('Parent asks about: complaint');
    expect(suggestForwardedText('Idiots.', [flag('abusive', 'Idiots.', 'Idiots')])).toBe('Parent asks the school to get in touch');
  });

  it('leaves an unflagged message whole', () => {
    expect(suggestForwardedText('Lily is off sick today, thanks.', [topic('absence')])).toBe('Lily is off sick today, thanks.');
  });

  // Flagged messages that also ask for something, from the project's labelled development set (invented
  // people): whatever words a reviewer marks, the suggestion never contains them and is never empty.
  const flaggedWithRequest: string[] = [
    "What the f*** is going on with the taxi?? its 8.40 and nobodys turned up. Is it coming or not",
    "Are you all thick or what? Ive told you 3 times he doesnt eat cheese and he came home saying he had a cheese sandwich AGAIN. Sort it out",
    "Everyone knows this school pockets the trip money. Where did our £15 for the zoo trip go when it got cancelled? I want it back",
    "Can you stop putting him with the really disabled ones, the ones in wheelchairs who dribble. He's not like them and its dragging him down",
    "Tell whoever's on reception to actually pass messages on for once. His NAN is picking Bailey up today NOT the taxi. I rang yesterday and said it. Useless.",
    "Tell the Muslim dinner lady to keep her hands off his food. I don't trust them",
    "Have you asked them yet? I want an answer this morning not next week",
    "Hello?? 3rd time. Answer me about the escort",
    "Why is nobody replying. Ive asked 4 times now. Change the escort.",
    "Final time I'm asking. Either she's off his taxi by Monday or he's not getting on it and you can explain to the council why he's not in school",
    "I'm not having a gay man taking my son swimming, sorry but it's not right. Someone else needs to take them",
    "Been a shit night, hes been up since 2 screaming with his ears. Not bringing him in today sorry",
    "Miss Doyle is a thick useless excuse for a teacher. I want a meeting with the head about the way she spoke to my daughter today",
    "Your office staff are rude, lazy and a disgrace. 2 weeks Ive been waiting for my refund for the zoo trip that YOU cancelled",
    "Sorry f***ing car's died on the bypass. His uncle Dave will collect Riley at 3 today instead of me, he's on the list",
    "I want to know what you're doing about that nasty little thug Kyle. He's hit Finlay AGAIN today, 3rd time this week and he's covered in scratches. That kid wants locking up",
    "Sort the taxi out or I'll sort that driver out myself, and he won't be driving anywhere for a while. 3rd day it's not turned up",
    "Can you make sure my son isnt paired with that Polish boy on the farm trip. They should all go back where they came from tbh",
    "Still waiting for a call. I need her to ring me this morning not later",
    "3rd message. Is anyone actualy reading these? Get her to ring me",
    "ring me. ring me. ring me. I'll keep texting till she does",
    "Right if I havent heard from her by 12 I'm ringing Ofsted, the council and my MP. Your choice",
    "Nothing. Unbelievable. Useless the lot of you",
    "Mrs Green has made up Kian's attendance, he has NOT missed 18 days. She's fiddling the figures and everyone on the parents facebook will hear about it tonight",
  ];

  it('never forwards the flagged words (every two-word window of each message as evidence)', () => {
    let checked = 0;
    for (const body of flaggedWithRequest) {
      const words = [...body.matchAll(/\S+/g)];
      for (let i = 0; i < words.length; i++) {
        const w = words.slice(i, i + 2);
        const start = w[0]?.index ?? 0;
        const last = w[w.length - 1];
        const end = (last?.index ?? 0) + (last?.[0].length ?? 0);
        const text = body.slice(start, end);
        const reasons: Reason[] = [{ kind: 'flag', label: 'abusive', clause: 'x', evidence: { start, end, text }, confidence: 1, note: null }, topic('general')];
        const out = suggestForwardedText(body, reasons);
        expect(out.trim().length, body).toBeGreaterThan(0);
        expect(evidenceIn(out, reasons), `${body}: ${out}`).toEqual([]);
        expect(out.toLowerCase()).not.toContain(text.toLowerCase());
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(200);
  });
});

describe('staffNamedInEvidence', () => {
  it('names staff by name, surname or alias in the flagged sentences only', () => {
    const body = 'Mr Hughes is a joke. Tell the office Lily is off.';
    expect(staffNamedInEvidence(school, body, [flag('abusive', body, 'is a joke')])).toEqual(['hughes']);
    const b2 = 'Lily is off. Most useless office I have ever dealt with.';
    expect(staffNamedInEvidence(school, b2, [flag('abusive', b2, 'Most useless office')])).toEqual([]);
    const b3 = 'Lily is off. The office are useless.';
    expect(staffNamedInEvidence(school, b3, [flag('abusive', b3, 'useless')])).toEqual(['karen']);
    const b4 = 'Mrs Harrison, you and your deputy head are incompetent.';
    expect(staffNamedInEvidence(school, b4, [flag('abusive', b4, 'incompetent')])).toEqual(['harrison', 'okafor']);
  });
});

describe('planCases', () => {
  const route = { role: 'attendance' as const, staffId: 'green' };
  it('an unflagged routed message opens an enquiry with the whole message', () => {
    const body = 'Lily is off sick today';
    const p = planCases({ school, body, triage: { flags: [], topic: 'absence', urgency: 'routine', reasons: [topic('absence')] }, route, why: 'w' });
    expect(p.review).toBeNull();
    expect(p.heldEnquiry).toBeNull();
    expect(p.enquiry).toEqual({ role: 'attendance', assigneeId: 'green', forwardedText: body, urgent: false, why: 'w' });
  });

  it('a flagged message with an enquiry opens a review and holds the enquiry', () => {
    const body = "you're useless, Ella's off sick today";
    const p = planCases({ school, body, triage: { flags: ['abusive'], topic: 'absence', urgency: 'routine', reasons: [flag('abusive', body, 'useless'), topic('absence')] }, route, why: 'w' });
    expect(p.review).toEqual({ reviewerIds: ['harrison', 'macey', 'okafor'], assigneeId: 'harrison', urgent: false });
    expect(p.enquiry).toBeNull();
    expect(p.heldEnquiry).toEqual({ role: 'attendance', staffId: 'green', why: 'w' });
  });

  it('the review goes to reviewers the abuse does not name', () => {
    const body = 'Mrs Harrison is a disgrace. I want a meeting.';
    const p = planCases({ school, body, triage: { flags: ['abusive'], topic: 'complaint', urgency: 'routine', reasons: [flag('abusive', body, 'a disgrace')] }, route: null, why: 'w' });
    expect(p.review?.reviewerIds).toEqual(['macey', 'okafor']);
    expect(p.namedInEvidence).toEqual(['harrison']);
  });

  it('a flagged safeguarding concern goes to the DSL at once, whole, and urgent', () => {
    const body = 'Your useless staff let my son walk out the front gate on his own yesterday. Absolute clowns.';
    const reasons = [flag('abusive', body, 'Absolute clowns'), topic('safeguarding')];
    const p = planCases({ school, body, triage: { flags: ['abusive'], topic: 'safeguarding', urgency: 'urgent', reasons }, route: { role: 'dsl', staffId: 'macey' }, why: 'sg' });
    expect(p.review?.urgent).toBe(true);
    expect(p.enquiry).toEqual({ role: 'dsl', assigneeId: 'macey', forwardedText: body, urgent: true, why: 'sg' });
    expect(p.heldEnquiry).toBeNull();
  });

  it('…but to another safeguarding lead when the flagged words name the DSL', () => {
    const body = 'Miss Macey is a liar. Kyle hit my son again today.';
    const reasons = [flag('defamatory', body, 'is a liar'), topic('safeguarding')];
    const p = planCases({ school, body, triage: { flags: ['defamatory'], topic: 'safeguarding', urgency: 'urgent', reasons }, route: { role: 'dsl', staffId: 'macey' }, why: 'sg' });
    expect(p.enquiry?.assigneeId).toBe('harrison');
    expect(p.enquiry?.role).toBe('head_teacher');
    expect(p.enquiry?.forwardedText).toBe(body);
  });

  it('a flagged message that asks for nothing opens only the review', () => {
    const body = 'Useless the lot of you';
    const p = planCases({ school, body, triage: { flags: ['abusive'], topic: 'none', urgency: 'routine', reasons: [flag('abusive', body, 'Useless')] }, route: null, why: 'none' });
    expect(p.review).not.toBeNull();
    expect(p.enquiry).toBeNull();
    expect(p.heldEnquiry).toBeNull();
  });
});
