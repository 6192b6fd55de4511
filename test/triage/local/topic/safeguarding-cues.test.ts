/**
 * The word families for concerns said in other words (src/triage/local/topic/cues.ts): each family is tried on
 * wordings that are not in any fixture, and on look-alikes that use the same words for an ordinary matter.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSchoolFile } from '../../../../src/config/load-school';
import { decideLocally } from '../../../../src/triage/local/local-classifier';

const root = join(import.meta.dirname, '..', '..', '..', '..');
const loaded = loadSchoolFile(join(root, 'config', 'school.example.yaml'));
if (!loaded.ok) throw loaded.error;
const school = loaded.value;
const decide = (body: string) => decideLocally({ message: { id: 'x', from: '+447700955901', receivedAt: '2027-06-08T09:00:00Z', channel: 'sms', body } as never, history: [], school });

describe('concerns said in other words are safeguarding and urgent', () => {
  it.each([
    // neglect noticed by another parent
    ["The little girl next door is always filthy and begging my kids for food on the way to school. Probably nothing but", 'neglect'],
    // a parent gone
    ["Their mum has vanished, the kids are with me but I don't know for how long", 'parent gone'],
    // exploitation
    ['Some older teenagers have been buying him vapes and got him to hold packages for them', 'exploitation'],
    // sexual content
    ['Her cousin showed her porn on his phone at the weekend', 'sexual content'],
    ['A boy in Y6 sent my daughter rude pictures on her tablet', 'sexual content'],
    // self-harm as a habit, a method, or searching for ways to die
    ["I think Maddie has been starving herself, she's hiding her packed lunch in the bin", 'self-harm'],
    ['He keeps banging his head on the wall when he gets told off and says he hates himself', 'self-harm'],
    ['Found her search history, she has been looking up how to disappear', 'self-harm'],
    ['My son looked up how many pills it takes to die. He says it was a dare', 'self-harm'],
    // extremist talk
    ['Since staying with his uncle he keeps saying the immigrants should all be gassed', 'extremism'],
    // a child left in charge, or alone for hours
    ['My 9 year old has been looking after his baby brother in the evenings while I work', 'child in charge'],
    ['Sorry she was late, I leave for work at 6 so she is fine on her own till the school run', 'alone for hours'],
    // a parent at the end of their rope
    ["Honestly I can't do this any longer. She deserves a better mum than me", 'parent not coping'],
    // the police at home
    ['Police searched our flat on Sunday morning while the kids were in bed. Ruby might be upset', 'police at home'],
    // domestic abuse of the parent
    ["My husband has been controlling me for years and I've finally told someone. The children hear it all", 'domestic abuse'],
    // bullying in other words
    ["She's being called a slag every day by two girls in her class", 'name-calling'],
    ['A boy cornered him in the cloakroom and took his trainers', 'bullying'],
    ['He cried and begged me not to make him go into school this morning', 'school refusal from fear'],
    // drugs at home
    ["Their dad is back on the drugs and had them overnight, I'm so worried", 'drugs at home'],
    // secrets
    ['The babysitter told Amy that bath time is their little secret', 'secrets'],
    // a body part hurt by someone
    ["A girl in her class pinched her arm so hard it's bruised", 'injury by someone'],
    // online impersonation and nasty things about a child
    ["Someone has set up a fake account using Tia's photos", 'online'],
    // private fostering
    ["My neighbour's son has been living with us since his mum went into rehab. Can I sign his forms?", 'private fostering'],
    // families added after the round-4 check
    ['The twins over the road are out on scooters till midnight every night and there never seems to be anyone home', 'no adult in'],
    ['Some lads at the bus stop said they were going to punch her lights out tomorrow', 'threats by others'],
    ['A man at the shop told my son to go back to his own country', 'xenophobic abuse reported'],
    ["Ava keeps saying she shouldn't have been born and everyone hates her", 'self-worth'],
    ['My sister cannot look after her boys at the moment so they have moved to stay with us until the summer term', 'kinship or private care'],
    ['Her dad makes her sleep in the car when she answers back', 'punishment'],
    ['Leo got out of the classroom on his own and was found in the car park', 'let out alone'],
    ["We're in temporary accommodation in Chester since the eviction so he will be a bit late", 'housing crisis'],
  ])('%s (%s)', (body) => {
    expect(decide(body)).toMatchObject({ topic: 'safeguarding', urgency: 'urgent' });
  });
});

describe('the same words in ordinary matters are not safeguarding', () => {
  it.each([
    "Not sure if it's anything but his glasses seem to be giving him headaches, thought you should know",
    "Can you ask the older kids to stop kicking balls at the little ones' window",
    'I can drop things off for the harvest festival at the office tomorrow',
    'We are teaching him how to cut with scissors at home, any tips?',
    "There's no point in going on the trip if he can't sit with his friends",
    'Our topic on the Second World War is coming up next term, can he bring in his grandad’s medals?',
    "He's reading on his own for 20 minutes a night now, can he have a harder book?",
    'Can Jacob walk home on his own from Monday? He is in Y6',
    'Please keep it a secret from Ava, we are planning a surprise for her birthday',
    'A boy stood on his glasses at break and bent them, can we claim for new ones?',
    'His dad is missing his assembly because of work, could you film it?',
    'My friend’s son is staying with us this weekend, can he come to the school disco with Leo?',
    "I'm at the end of my tether with this homework, can it be made clearer?",
    "The alarm's gone off and I've no idea where Ruby's PE kit is, can she borrow some?",
    'We live opposite the school, is it ok to park on the drive?',
    'Is the Y6 residential at a youth hostel? What bedding do they need?',
    "There's no one in the office after 4, can I drop the costume in tomorrow?",
    'He said his friend would get him a ticket for the match',
    "Mum can't look after him on Tuesday so his dad will collect",
  ])('%s', (body) => {
    expect(decide(body).topic).not.toBe('safeguarding');
  });
});
