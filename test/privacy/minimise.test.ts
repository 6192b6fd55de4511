import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSchoolFile } from '../../src/config/load-school';
import { privacyDirectory } from '../../src/privacy/directory';
import { locateQuote, Minimiser, toOriginalSpan } from '../../src/privacy/minimise';
import { devsetLines, HAVE_DEVSET, personalDataIn } from './devset';

const root = join(import.meta.dirname, '..', '..');
const loaded = loadSchoolFile(join(root, 'config', 'school.example.yaml'));
if (!loaded.ok) throw loaded.error;
const school = loaded.value;
const directory = privacyDirectory(school);
const session = () => new Minimiser(directory, { referenceYear: 2026 });
const min = (text: string) => session().minimise(text);
const kinds = (text: string) => min(text).replacements.map((r) => [r.kind, r.original]);

describe('phone numbers', () => {
  it.each([
    '+44 7700 900123',
    '07700 900123',
    '07700900123',
    '07700 900 123',
    '(0161) 496 0000',
    '0161-496-0000',
    '0161 4960000',
    '+44 (0)20 7946 0000',
    '0044 7700 900 123',
    '+447700900283',
    '020.7946.0000',
  ])('replaces %s', (phone) => {
    const m = min(`ring me on ${phone} after 3`);
    expect(m.text).toBe('ring me on [PHONE_1] after 3');
    expect(m.replacements[0]?.original).toBe(phone);
  });

  it.each(['at 8.30', 'paid 12.50 twice', 'til 3.45', 'on 12/10/2026', '£15', 'missed 18 days', 'stuck on the M56', 'ref 1234567'])(
    'leaves %s alone',
    (text) => {
      expect(min(text).text).toBe(text);
    },
  );
});

describe('email and postal addresses, postcodes, dates of birth', () => {
  it('replaces emails', () => {
    expect(min('email me at sarah.jones+school@mail.example.co.uk thanks').text).toBe('email me at [EMAIL_1] thanks');
  });

  it.each(['CH1 2AB', 'ch12ab', 'SW1A 1AA', 'M1 1AE', 'L8 0TX'])('replaces the postcode %s', (pc) => {
    expect(min(`we're at ${pc} now`).text).toBe("we're at [POSTCODE_1] now");
  });

  it.each(['b4 2pm', 'b4 8am', 'the 12th', 'year 6'])('does not take %s for a postcode', (text) => {
    expect(min(text).text).toBe(text);
  });

  it.each(['14 Elm Close', '3 Poplar Way', '22 st marys road', 'flat 2, 3a Poplar Way', '7 Church Street', '110 Chester Rd'])(
    'replaces the street address %s',
    (addr) => {
      expect(min(`new address is ${addr}. Thanks`).text).toBe('new address is [ADDRESS_1]. Thanks');
    },
  );

  it('replaces a street named without a number, and a full address line by parts', () => {
    expect(min('she lives on Poplar Way now').text).toBe('she lives on [ADDRESS_1] now');
    expect(min('14 Elm Close, Northwich CW9 5AB').text).toBe('[ADDRESS_1], Northwich [POSTCODE_1]');
  });

  it('replaces a numbered street called "The …"', () => {
    expect(min('instead of posting it to 9 The Mews').text).toBe('instead of posting it to [ADDRESS_1]');
    expect(min('we are at 3 the Old Croft now').text).toBe('we are at [ADDRESS_1] now');
  });

  it.each(['5 minutes down the road', 'took 2 hours up the hill', 'Mrs Green has made up his attendance', 'walk to the park'])(
    'does not take "%s" for an address',
    (text) => {
      expect(kinds(text).filter(([k]) => k === 'ADDRESS')).toEqual([]);
    },
  );

  it.each(['DOB 12/03/2016', 'd.o.b: 12.3.16', 'date of birth 3rd March 2017', 'born on 12 March 2016', 'birthday is 4th May'])(
    'replaces the date of birth in "%s"',
    (text) => {
      expect(min(text).text).toBe('[DOB_1]');
    },
  );

  it('takes a full date years back as a date of birth, but not this term’s dates', () => {
    expect(min('Kyle (12/03/2016) is in Oak').text).toContain('([DOB_1])');
    expect(min('dentist on Tues 3rd Nov, trip on 12/10/2026, born Saturday').replacements).toEqual([]);
  });
});

describe('names', () => {
  it('replaces children and parents the school file lists, in any case, and keeps staff, classes and the school', () => {
    const m = min('Hi Karen, lily jones wont be in, Sarah Jones here. Mrs Harrison said Rowan class at Rossmore School was fine');
    expect(m.text).toBe('Hi Karen, [CHILD_1] wont be in, [PARENT_1] here. Mrs Harrison said Rowan class at Rossmore School was fine');
  });

  it('finds children the school file does not list, next to child cues', () => {
    expect(min('my son kai has a cold').text).toBe('my son [CHILD_1] has a cold');
    expect(min("Hi its Reggie's nan").text).toBe("Hi its [CHILD_1]'s nan");
    expect(min('Hiya Zainab wont be in, Logans dinner money too').text).toBe('Hiya [CHILD_1] wont be in, [CHILD_2]s dinner money too');
    expect(min('Sami’s uncle has left').text).toBe('[CHILD_1]’s uncle has left');
  });

  it('takes a capitalised surname with the first name, and a title with an unknown surname', () => {
    expect(min('Oscar Whitmore is off').text).toBe('[CHILD_1] is off');
    expect(min('Mrs Reid and Mr Pemberton said so, Mr Hughes agreed').text).toBe('Mrs [PARENT_1] and Mr [PERSON_1] said so, Mr Hughes agreed');
  });

  it('needs a cue for a name that is also an everyday word', () => {
    expect(min('Will you ring me? May I come in? Hope so. Art homework is on Park Road').replacements.filter((r) => r.kind !== 'ADDRESS')).toEqual([]);
    expect(min("my son Will has a cold, Will's coat is missing").text).toBe("my son [CHILD_1] has a cold, [CHILD_1]'s coat is missing");
    expect(min('Nan is collecting him, his nan knows').text).toBe('Nan is collecting him, his nan knows');
  });

  it('takes a lower-case name owned by a family member, and the same name again anywhere in the text', () => {
    expect(min("hi its ellie's mum, ellie is off with a temp").text).toBe("hi its [CHILD_1]'s mum, [CHILD_1] is off with a temp");
    expect(min('Reggie Thompson in Oak is upset. thompson is his dads name too').text).toBe('[PERSON_1] in Oak is upset. [PERSON_2] is his dads name too');
  });

  it('finds a name again later in the session, without a cue (the sender’s history)', () => {
    const s = session();
    expect(s.minimise('my son Alfie Robinson is off').text).toBe('my son [CHILD_1] is off');
    expect(s.minimise('robinson family here again').text).toBe('[CHILD_2] family here again');
    // Staff and family words are never taken for the person's name.
    expect(s.minimise('Mrs Green, my son is still off, his mum').text).toBe('Mrs Green, my son is still off, his mum');
  });

  it('keeps initials and acronyms', () => {
    expect(min("I'll go to the LA and the OT").text).toBe("I'll go to the LA and the OT");
  });

  it('gives one person one placeholder across a session, and restores the originals', () => {
    const s = session();
    const a = s.minimise('Lily is off, ring 07700 900123');
    const b = s.minimise('lily still off. Kai too. 07700900123');
    expect(a.text).toBe('[CHILD_1] is off, ring [PHONE_1]');
    expect(b.text).toBe('[CHILD_1] still off. [CHILD_2] too. [PHONE_2]');
    expect(s.restore('[CHILD_1] and [CHILD_2] call [PHONE_1]')).toBe('Lily and Kai call 07700 900123');
    expect(s.unknownPlaceholders('[CHILD_1] and [CHILD_9]')).toEqual(['[CHILD_9]']);
  });
});

describe('offsets', () => {
  const s = session();
  const m = s.minimise('Morning, Lily wont be in, ring 07700 900123 if Lily is needed');

  it('maps spans of the minimised text back to the original', () => {
    const at = m.text.indexOf('wont be in');
    expect(toOriginalSpan(m, at, at + 10)).toEqual({ start: 14, end: 24 });
    const child = m.text.indexOf('[CHILD_1]');
    const span = toOriginalSpan(m, child, child + '[CHILD_1] wont'.length);
    expect(m.original.slice(span.start, span.end)).toBe('Lily wont');
    // A span cutting into a placeholder widens to the whole of what it replaced.
    const phone = m.text.indexOf('[PHONE_1]');
    const cut = toOriginalSpan(m, phone + 2, phone + 4);
    expect(m.original.slice(cut.start, cut.end)).toBe('07700 900123');
  });

  it('locates a quote by its restored text, nearest the offset given, else through its offsets, else null', () => {
    const second = m.text.lastIndexOf('[CHILD_1] is needed');
    expect(locateQuote(m, s, { start: second, end: second + 19, text: '[CHILD_1] is needed' })).toEqual({
      start: m.original.lastIndexOf('Lily is needed'),
      end: m.original.length,
      text: 'Lily is needed',
    });
    const first = m.original.indexOf('Lily');
    expect(locateQuote(m, s, { start: 0, end: 0, text: '[CHILD_1]' })?.start).toBe(first);
    expect(locateQuote(m, s, { start: 0, end: 0, text: 'LILY WONT' })).toEqual({ start: first, end: first + 9, text: 'Lily wont' });
    expect(locateQuote(m, s, { start: 0, end: 4, text: 'not in the message' })).toBeNull();
  });
});

describe.skipIf(!HAVE_DEVSET)('the dev set', () => {
  const lines = HAVE_DEVSET ? devsetLines() : [];
  const fileNames = [...directory.children, ...directory.parents].flatMap((n) => n.split(/\s+/));

  it('has no phone number, postcode, street address, known name or dev-set name left after minimisation', () => {
    expect(lines.length).toBe(200);
    const leaks: string[] = [];
    for (const { id, body } of lines) for (const what of personalDataIn(min(body).text, fileNames)) leaks.push(`${id}: ${what}`);
    expect(leaks).toEqual([]);
  });

  it('restores every body exactly from its minimised text', () => {
    for (const { body } of lines) {
      const s = session();
      const m = s.minimise(body);
      expect(s.restore(m.text).toLowerCase()).toBe(body.toLowerCase());
    }
  });

  it('keeps the staff names the model needs to judge claims about named staff', () => {
    const kept = lines.map(({ body }) => min(body).text).join('\n');
    for (const staff of ['Mrs Harrison', 'Miss Doyle', 'Mr Carter', 'Mrs Begum', 'Miss Macey', 'Mr Hughes', 'Miss Evans', 'Miss Kaur', 'Mrs Green'])
      expect(kept).toContain(staff);
  });
});
