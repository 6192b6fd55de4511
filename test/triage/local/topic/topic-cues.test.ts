/**
 * Topic and urgency cue families added after the third round of unseen examples (src/triage/local/topic/cues.ts
 * and index.ts): objections said in other words, office matters, family news, SEN and sensory needs, bus seats
 * and text-speak collections, lateness, seating plans, medicine times on another day, where children are kept
 * apart, and a threatened confrontation at the gate. Wordings that are in no fixture, with look-alikes.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSchoolFile } from '../../../../src/config/load-school';
import { decideLocally } from '../../../../src/triage/local/local-classifier';

const root = join(import.meta.dirname, '..', '..', '..', '..');
const loaded = loadSchoolFile(join(root, 'config', 'school.example.yaml'));
if (!loaded.ok) throw loaded.error;
const school = loaded.value;
// A Tuesday morning in term (09:00 in London).
const decide = (body: string) => decideLocally({ message: { id: 'x', from: '+447700955902', receivedAt: '2027-06-08T08:00:00Z', channel: 'sms', body } as never, history: [], school });

describe('each family decides the topic on new wordings', () => {
  it.each([
    // objections in other words
    ['The disco letter came home 1 day before. Not everyone can get a costume that fast', 'complaint'],
    ['I would like to raise my concerns about the new homework policy, it is not working for us', 'complaint'],
    ['My son says the TA called him lazy in front of the group. Is that professional?', 'complaint'],
    ['Why was Ella not chosen for the football team again? The same girls always get picked', 'complaint'],
    ['There has been a real lack of communication about the roof works this term', 'complaint'],
    ['Tell the head we will not be paying for swimming if it is not brought back to Fridays', 'complaint'],
    // office matters
    ['Yes Maisie can play in the netball tournament on Saturday, what time do we need to be there?', 'general'],
    ['He has wet his trousers, have you got any spare clothes he can borrow?', 'general'],
    ['Is there a disabled space near the hall for the summer concert? I have a blue badge', 'general'],
    // family news
    ["Amber's best friend left for Australia at the weekend and she's very low. Just so you know", 'family'],
    ['Our daughter came out to us as bi last week, she has asked us to let her teacher know', 'family'],
    ['Could Rory have a little extra TLC today, we had to rehome our dog', 'family'],
    // SEN and sensory needs
    ['Can we book a SEN review before the summer? Things have changed a lot', 'send'],
    ['The dining hall is too noisy for Finn, could he eat somewhere quieter?', 'send'],
    // bus seats, lateness, seating plans
    ['Please can Mo have a seat on the coach to the match, he forgot the slip', 'transport'],
    ['Sorry Lexi will be a bit late this morning, dentist ran over', 'absence'],
    ['Could I ask about the new seating plan? Jack says he cannot see the board', 'learning'],
    // a decision questioned in other words, family arrangements, SEN support, equipment, attendance, reports
    ['Please rethink the homework club times, working parents cannot get there by 3.15', 'complaint'],
    ['The Y6 disco was cancelled with two hours notice, I am really disappointed', 'complaint'],
    ['Zac is going to be living with his nan during the week from now on', 'family'],
    ["Will Isla's one to one be with her on sports day?", 'send'],
    ['His new splints arrive on Thursday, could the TAs be shown how to put them on?', 'medical'],
    ["The letter says Ruby's attendance is at 91%, most of it was her tonsils. Does that count?", 'absence'],
    ['Can I have a copy of his end of year report for the childminder?', 'learning'],
  ])('%s → %s', (body, topic) => {
    expect(decide(body).topic).toBe(topic);
  });

  it('a text-speak collection today is transport and urgent', () => {
    expect(decide("his uncle Dev is gettin him 2day not me, he'll be in a red van")).toMatchObject({ topic: 'transport', urgency: 'urgent' });
  });

  it('a medicine at lunch from another day is routine; at lunch today is urgent', () => {
    expect(decide('From Monday Sam needs his new cream at lunch, the dermatologist has changed it. Form attached')).toMatchObject({ topic: 'medical', urgency: 'routine' });
    expect(decide('Can Sam have his cream at lunch please, his eczema is flaring')).toMatchObject({ topic: 'medical', urgency: 'urgent' });
  });

  it('children kept apart take the place named after the separating words', () => {
    expect(decide("Can my son be put in a different group to the boy who bit him, on the zoo trip please")).not.toMatchObject({ topic: 'learning' });
  });

  it('a flagged message asking the driver to wait takes the topic of what it asks', () => {
    expect(decide('Tell that useless driver to wait for Alfie on Thursday, he left without him')).toMatchObject({ flags: ['abusive'], topic: 'transport' });
  });

  it('being at the gate to confront someone is not a collection', () => {
    const d = decide("I'll be at the gate at 3 and I'm going to have it out with that TA in front of everyone");
    expect(d.flags).toContain('threat');
    expect(d.topic).toBe('none');
  });
});

describe('look-alikes keep their own topic', () => {
  it.each([
    // letting it go is not a complaint
    ["Nobody told me about the cake sale but never mind, what time does it start?", 'general'],
    // "is that right?" checks a fact; it objects to nothing
    ["Mia says there's no spelling test this week, is that right?", 'learning'],
    // a date change questioned is still the trip's
    ['Why has the trip been moved to Friday? Does she still need a packed lunch?', 'general'],
    // a past pick-up is not today's collection
    ["Nobody rang me about her fall, I only found out when I picked her up. I'd like an explanation", 'complaint'],
  ])('%s → %s', (body, topic) => {
    expect(decide(body)).toMatchObject({ topic, urgency: 'routine' });
  });
});
