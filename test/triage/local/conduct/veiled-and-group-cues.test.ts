/**
 * Conduct rule families added after the third round of unseen examples: veiled threats without a violent verb,
 * the consequence of an ultimatum, sex-role stereotypes, generalising remarks about a group's burden or
 * privileges, and announced posts that staff cannot be bothered. Each is tried on wordings that are in no
 * fixture, and on look-alikes with the same words that must not be flagged. detectConduct alone (no model).
 */
import { describe, expect, it } from 'vitest';
import { detectConduct } from '../../../../src/triage/local/conduct/index';
import { exampleStaffNames } from './score';

const ctx = { staffNames: exampleStaffNames() };
const flags = (body: string) => detectConduct(body, ctx).map((f) => f.flag);

describe('veiled threats and the consequence of an ultimatum', () => {
  it.each([
    'Strange how accidents happen to teachers who pick on kids',
    'Accidents have a way of happening to people like Mr Hughes',
    "You've crossed the wrong family this time",
    'People like her end up in hospital. Tell her that',
    'Think about that when you are walking to your car tonight Miss Reid',
    'Fix the bus or we will deal with that driver',
    'Get that kid moved tables or else I will sort him out',
  ])('%s', (body) => {
    expect(flags(body)).toContain('threat');
  });

  it.each([
    "Accidents happen, don't worry about the paint on his jumper",
    "It's funny how things turn out, he loves maths now",
    "If nobody stops those boys he'll end up getting hurt",
    'Remember that when you do the register, she has a new surname',
    "Let me know about the refund or I'll sort it with the office tomorrow",
    "Sorry about his behaviour today, I'll sort him out tonight",
    'I think I upset my sister by forgetting her birthday lol, anyway can Ava stay for club?',
  ])('not a threat: %s', (body) => {
    expect(flags(body)).not.toContain('threat');
  });
});

describe('sex-role stereotypes and generalising about a group', () => {
  it.each([
    "Women shouldn't be teaching PE to boys",
    'Men should not be allowed near the girls changing rooms, simple as',
    'The autistic kids slow the whole class down',
    'The travellers always cause bother and they get away with everything',
    "Women shouldn't be doing a man's job like caretaking",
    "Please don't put Evie in the same class as the Polish kids next year",
    "Can he not be in a group with the Romanian girls? I don't want him picking up their ways",
  ])('%s', (body) => {
    expect(flags(body)).toContain('discriminatory');
  });

  it.each([
    'The girls are looking after the class guinea pig this weekend, is that ok?',
    "Men can't be in the changing room at swimming, is that the policy?",
    'My son is autistic and the noise in the hall slows him down, can he have ear defenders?',
    "Since the autistic kids' unit opened they get treated really well, thank you",
    'Can Evie be in the same class as her cousin next year? They are both Polish speakers',
    'He is picking up their ways of saying things from the other Y6 boys, it is quite funny',
  ])('not discriminatory: %s', (body) => {
    expect(flags(body)).not.toContain('discriminatory');
  });
});

describe('an announced post that a member of staff cannot be bothered', () => {
  it('is defamatory when it is about staff', () => {
    expect(flags("I'm putting on the parents WhatsApp that Mr Carter can't be bothered to mark anything")).toContain('defamatory');
  });
  it('is not when it is about the writer', () => {
    expect(flags("I'm putting on the class WhatsApp that I can't be bothered with the bake sale this year lol")).not.toContain('defamatory');
  });
});
