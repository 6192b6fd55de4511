/**
 * Detectors for the personal data that has a shape: phone numbers, email and postal addresses, postcodes and
 * dates of birth. Each returns character spans of the text it was given. Pure functions, no I/O.
 */

export type PatternKind = 'PHONE' | 'EMAIL' | 'POSTCODE' | 'ADDRESS' | 'DOB';

export interface Found {
  start: number;
  end: number;
  kind: PatternKind;
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

// A run of digits with the separators people type in phone numbers: "07700 900 123", "+44 (0)161-496-0000".
const PHONE_CANDIDATE = /(?<![\w+])(?:\+|\b00)?\(?\d[\d\s().-]{6,22}\d(?!\w)/g;

// UK postcodes (Royal Mail's letter rules), any case, with or without the space: "CH1 2AB", "ch12ab", "SW1A 1AA".
const POSTCODE = /\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b/gi;

const STREET_SUFFIX =
  'Close|Way|Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Drive|Dr|Crescent|Cres|Court|Ct|Place|Pl|Grove|Gardens|Gdns|Terrace|Walk|Mews|Row|Rise|View|Square|Sq|Hill|Green|Parade|Vale|Meadows?|Croft|Fold|Gate|Wharf|Heights|Brow|Glade|Boulevard|Park|Estate';
// "14 Elm Close", "flat 2, 3a Poplar Way", "22 st marys road": a house number, one to three words, a street word.
const NUMBERED_STREET = new RegExp(
  String.raw`\b(?:(?:flat|apartment|apt|unit)\s*\d+[a-z]?,?\s+)?\d{1,4}[a-z]?,?\s+((?:[A-Za-z][A-Za-z'’.-]*\s+){1,3}?)(?:${STREET_SUFFIX})\b`,
  'gi',
);
// "9 The Mews", "3 The Old Croft": a number, "The", at most one word, a street word ("the" stops NUMBERED_STREET).
const NUMBERED_THE_STREET = new RegExp(String.raw`\b\d{1,4}[a-z]?,?\s+the\s+(?:[a-z][a-z'’-]*\s+)?(?:${STREET_SUFFIX})\b`, 'gi');
// A street named without a number, "lives on Elm Close": capitalised words before a capitalised street word.
const NAMED_STREET = new RegExp(String.raw`\b((?:[A-Z][a-z'’]+\s+){1,3})(?:${STREET_SUFFIX})\b`, 'g');
// Words that show "5 minutes down the road" is not an address.
const NOT_STREET_WORDS = new Set(
  `the a an of to down up on in at by my your our his her their this that these those next last same other new old
min mins minute minutes hour hours day days week weeks month months year years time times mile miles yard yards
school class way back front main high round across over along from into onto near just only about
mr mrs miss ms mx dr sir`.split(/\s+/),
);

const MONTHS = 'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const DAY = String.raw`\d{1,2}(?:st|nd|rd|th)?`;
// Dates written with a year: 12/03/2016, 12.3.16, 12th March 2016, 12 of Mar 2016, March 12th, 2016.
const DATE_WITH_YEAR = new RegExp(
  String.raw`\b(?:\d{1,2}[/.-]\d{1,2}[/.-](\d{4}|\d{2})|${DAY}\s+(?:of\s+)?(?:${MONTHS})\.?,?\s+(\d{4})|(?:${MONTHS})\.?\s+${DAY},?\s+(\d{4}))\b`,
  'gi',
);
const DOB_CUE = new RegExp(
  String.raw`\b(?:d\.?o\.?b\.?|date of birth|born(?:\s+on)?|birthday(?:\s+is)?)\s*[:-]?\s*(?:the\s+)?(?:\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?|${DAY}\s+(?:of\s+)?(?:${MONTHS})\.?(?:,?\s+\d{4})?|(?:${MONTHS})\.?\s+${DAY}(?:,?\s+\d{4})?)`,
  'gi',
);

export function findEmails(text: string): Found[] {
  return [...text.matchAll(EMAIL)].map((m) => ({ start: m.index, end: m.index + m[0].length, kind: 'EMAIL' as const }));
}

/**
 * Phone numbers in any format: UK numbers (+44, 0044, 0…) with spaces, dashes, dots or brackets, and other
 * international numbers. Ten digits or more (eight after a "+"): times, prices and dates have fewer.
 */
export function findPhones(text: string): Found[] {
  const out: Found[] = [];
  for (const m of text.matchAll(PHONE_CANDIDATE)) {
    const raw = m[0];
    const digits = raw.replace(/\D/g, '').length;
    if (digits > 15) continue;
    if (digits >= 10 || (raw.startsWith('+') && digits >= 8)) out.push({ start: m.index, end: m.index + raw.length, kind: 'PHONE' });
  }
  return out;
}

export function findPostcodes(text: string): Found[] {
  return [...text.matchAll(POSTCODE)].map((m) => ({ start: m.index, end: m.index + m[0].length, kind: 'POSTCODE' as const }));
}

export function findStreetAddresses(text: string): Found[] {
  const out: Found[] = [];
  for (const m of text.matchAll(NUMBERED_STREET)) {
    const words = (m[1] ?? '').trim().toLowerCase().split(/\s+/);
    if (words.some((w) => NOT_STREET_WORDS.has(w))) continue;
    out.push({ start: m.index, end: m.index + m[0].length, kind: 'ADDRESS' });
  }
  for (const m of text.matchAll(NUMBERED_THE_STREET)) out.push({ start: m.index, end: m.index + m[0].length, kind: 'ADDRESS' });
  for (const m of text.matchAll(NAMED_STREET)) {
    // Drop leading words that cannot be part of a street name ("On Elm Close" → "Elm Close").
    const words = (m[1] ?? '').split(/(\s+)/);
    let skip = 0;
    while (words.length > 1 && NOT_STREET_WORDS.has((words[0] ?? '').toLowerCase())) {
      skip += (words.shift() ?? '').length + (words.shift() ?? '').length;
    }
    if (words.filter((w) => w.trim()).length === 0) continue;
    out.push({ start: m.index + skip, end: m.index + m[0].length, kind: 'ADDRESS' });
  }
  return out;
}

/**
 * Dates of birth: any date after a cue ("DOB", "date of birth", "born on"), and any full date whose year is at
 * least two years before `referenceYear` (an event or appointment is this year or next; a birth date is not).
 */
export function findDatesOfBirth(text: string, referenceYear: number): Found[] {
  const out: Found[] = [];
  for (const m of text.matchAll(DOB_CUE)) out.push({ start: m.index, end: m.index + m[0].length, kind: 'DOB' });
  for (const m of text.matchAll(DATE_WITH_YEAR)) {
    const y = m[1] ?? m[2] ?? m[3];
    if (!y) continue;
    let year = Number(y);
    if (y.length === 2) year += year > referenceYear % 100 ? 1900 : 2000;
    if (year <= referenceYear - 2) out.push({ start: m.index, end: m.index + m[0].length, kind: 'DOB' });
  }
  return out;
}

export function findPatterns(text: string, referenceYear: number): Found[] {
  return [...findEmails(text), ...findPhones(text), ...findPostcodes(text), ...findStreetAddresses(text), ...findDatesOfBirth(text, referenceYear)];
}
