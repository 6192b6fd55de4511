import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The shared dev set (../shared/devset beside the project), labels and all. */
export interface DevsetLine {
  id: string;
  from: string;
  receivedAt: string;
  channel: 'sms' | 'teams';
  body: string;
  expect: { flags: string[]; topic: string; urgency: string };
}

export const DEVSET_PATH = process.env.SCHOOLGATE_DEVSET || join(import.meta.dirname, '..', '..', '..', 'shared', 'devset', 'messages.jsonl');
/** The dev set is not in the repository: tests over it run where it is beside the project or SCHOOLGATE_DEVSET names it. */
export const HAVE_DEVSET = existsSync(DEVSET_PATH);

export function devsetLines(): DevsetLine[] {
  return readFileSync(DEVSET_PATH, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as DevsetLine);
}

/** Every first name the dev set's bodies use for a child, a parent or a relative (read by hand). */
export const DEVSET_NAMES = `Lily Reggie Jacob Kai Jayden Oscar Freddie Kayleigh Jessica Dexter Mason Oliver Nathan Matilda Sarah Alfie
Isaac Aiden Maisie Grace Amelia Archie Noah Lexi Zac Ellis Bailey Darcy Ronnie Becky Logan Bennett Lola Pam Leo Tommy Theo
Ibrahim Ruby Summer Dean Ava Evie Harvey Dave Riley Jake Kyle Finlay Sienna Freya Sophia Daisy Kian Charlie Ellie Ben Amira
Josh Connor Chloe Zainab Poppy Ella Reuben Brandon Kieran Max Lacey Jenson Isla Amber Harry Kacper Tayla Nina Kenzie Mohammed
Corey Alex Kelly Harley Sami Millie Jade Frankie Bobby Jack Teddy Kyran Ollie`.split(/\s+/);

/**
 * What must never appear in anything sent outside: a known or dev-set name as a word, a phone-like run of
 * digits, an email address, a UK postcode, a numbered street address, a full date years back (a date of birth).
 * Returns what was found.
 */
export function personalDataIn(text: string, knownNames: readonly string[]): string[] {
  const found: string[] = [];
  if (/\d[\d\s().-]{8,}\d/.test(text)) found.push('phone-like digits');
  if (/[\w.%+-]+@[\w-]+(\.[\w-]+)*\.[a-z]{2,}/i.test(text)) found.push('email address');
  if (/\b[A-Z]{1,2}\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2}\b/i.test(text)) found.push('postcode');
  if (/\b\d+[a-z]?,? [A-Za-z]+ (Close|Way|Road|Street|Avenue|Lane|Drive|Crescent|Grove|Gardens|Mews)\b/i.test(text)) found.push('street address');
  if (/\b\d{1,2}[/.-]\d{1,2}[/.-](19|20[01])\d\b|\b\d{1,2}(st|nd|rd|th)? (of )?[A-Z][a-z]+ (19|20[01])\d\b/.test(text)) found.push('date of birth');
  for (const n of [...knownNames, ...DEVSET_NAMES]) if (new RegExp(`\\b${n}\\b`, 'i').test(text)) found.push(n);
  return found;
}

/** Every string inside a parsed request body (JSON escapes undone, so a name after "\n" is still found as a word). */
export function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
}
