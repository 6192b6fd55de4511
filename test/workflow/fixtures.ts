import { join } from 'node:path';
import { loadSchoolFile } from '../../src/config/load-school';
import type { Reason } from '../../src/domain/triage';
import { staff } from '../../src/workflow/actor';
import type { CaseFacts } from '../../src/workflow/permissions';

const loaded = loadSchoolFile(join(import.meta.dirname, '../../config/school.example.yaml'));
if (!loaded.ok) throw loaded.error;
/** Rossmore: harrison (head, reviewer), macey (dsl, reviewer), okafor (deputy dsl, reviewer), karen (office),
 * green (attendance, office), shaw (medical lead), begum (senco), hughes (Rowan), doyle (Oak)... */
export const school = loaded.value;

export const HEAD = staff('harrison');
export const DSL = staff('macey');
export const DEPUTY = staff('okafor');
export const OFFICE = staff('karen');
export const ATTENDANCE = staff('green');
export const TEACHER = staff('hughes');
export const SENCO = staff('begum');

export const LILY_MUM = '+447700900283'; // Sarah Jones, Lily in Rowan (Mr Hughes)
export const STRANGER = '+447700900555';

/** A flag reason whose evidence is the first occurrence of `text` in `body`. */
export function flag(label: string, body: string, text: string): Reason {
  const start = body.indexOf(text);
  if (start < 0) throw new Error(`"${text}" is not in the body`);
  return { kind: 'flag', label, clause: 'test', evidence: { start, end: start + text.length, text }, confidence: 0.9, note: null };
}
export function topic(label: string): Reason {
  return { kind: 'topic', label, clause: 'taxonomy: enquiry topic', evidence: null, confidence: 0.9, note: null };
}

export function reviewCase(over: Partial<CaseFacts> = {}): CaseFacts {
  return { id: 'case-r1', kind: 'review', state: 'open', topic: 'absence', assigneeId: 'harrison', routedRole: null, namedInEvidence: [], ...over };
}
export function enquiryCase(over: Partial<CaseFacts> = {}): CaseFacts {
  return { id: 'case-e1', kind: 'enquiry', state: 'open', topic: 'absence', assigneeId: 'green', routedRole: 'attendance', namedInEvidence: [], ...over };
}

export const NOW = new Date('2026-10-01T09:00:00Z');
