import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseAcknowledgement, isOfficeOpen } from '../../src/acknowledgements/choose-acknowledgement';
import { buildSchool, loadSchoolFile } from '../../src/config/load-school';
import { localTime } from '../../src/domain/local-time';

const loaded = loadSchoolFile(join(import.meta.dirname, '../../config/school.example.yaml'));
if (!loaded.ok) throw loaded.error;
const school = loaded.value;
const at = (iso: string) => new Date(iso);
const ack = (iso: string, extra: Partial<Parameters<typeof chooseAcknowledgement>[0]> = {}) =>
  chooseAcknowledgement({ school, receivedAt: at(iso), managedContact: false, optedOut: false, lastAcknowledgedAt: null, ...extra });

describe('local time', () => {
  it('follows BST and GMT', () => {
    expect(localTime(at('2026-10-01T06:18:00Z'), 'Europe/London')).toEqual({ date: '2026-10-01', weekday: 'thu', minutes: 7 * 60 + 18 });
    expect(localTime(at('2026-11-02T06:18:00Z'), 'Europe/London').minutes).toBe(6 * 60 + 18);
  });
});

describe('acknowledgements', () => {
  it('uses the office-hours text on a term-time weekday within hours (BST)', () => {
    expect(isOfficeOpen(school, at('2026-10-01T07:30:00Z'))).toBe(true); // 08:30 BST
    expect(ack('2026-10-01T07:30:00Z')?.kind).toBe('office_hours');
  });

  it('uses the out-of-hours text before opening, in the evening, at weekends and in the holidays', () => {
    expect(ack('2026-10-01T06:30:00Z')?.kind).toBe('out_of_hours'); // 07:30 BST
    expect(ack('2026-10-01T16:00:00Z')?.kind).toBe('out_of_hours'); // 17:00 BST
    expect(ack('2026-10-03T10:00:00Z')?.kind).toBe('out_of_hours'); // Saturday
    expect(ack('2026-10-27T10:00:00Z')?.kind).toBe('out_of_hours'); // half term
  });

  it('treats every office day as term time when no term dates are set', () => {
    const noTerms = buildSchool({ ...school.file, term_dates: [] });
    expect(isOfficeOpen(noTerms, at('2026-10-27T10:00:00Z'))).toBe(true);
  });

  it('gives managed-contact parents their own text', () => {
    expect(ack('2026-10-01T07:30:00Z', { managedContact: true })).toEqual({ kind: 'managed_contact', text: school.file.acknowledgements.managed_contact });
  });

  it('sends nothing when turned off, opted out, or already acknowledged within the hour', () => {
    const off = buildSchool({ ...school.file, acknowledgements: { ...school.file.acknowledgements, enabled: false } });
    expect(chooseAcknowledgement({ school: off, receivedAt: at('2026-10-01T07:30:00Z'), managedContact: false, optedOut: false, lastAcknowledgedAt: null })).toBeNull();
    expect(ack('2026-10-01T07:30:00Z', { optedOut: true })).toBeNull();
    expect(ack('2026-10-01T07:30:00Z', { lastAcknowledgedAt: at('2026-10-01T07:00:00Z') })).toBeNull();
    expect(ack('2026-10-01T07:30:00Z', { lastAcknowledgedAt: at('2026-10-01T06:00:00Z') })?.kind).toBe('office_hours');
  });
});
