import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FLAG_CLAUSES } from '../../src/domain/taxonomy';
import { checkTemplate, clauseList, draftLetter, loadLetterTemplates, renderTemplate } from '../../src/workflow/letters';

const templates = (() => {
  const t = loadLetterTemplates();
  if (!t.ok) throw t.error;
  return t.value;
})();

const facts = {
  schoolName: 'Rossmore School',
  timezone: 'Europe/London',
  parentName: 'Sarah Jones',
  messageAt: new Date('2026-09-30T22:30:00Z'), // 23:30 BST on 30 September
  now: new Date('2026-10-01T09:00:00Z'),
  breachedFlags: ['threat', 'abusive'] as const,
  signatory: 'Mrs Harrison',
};

describe('letters', () => {
  it('a warning letter names the breached clauses (quoted), the date, the parent and the school', () => {
    const r = draftLetter(templates, 'warning_letter', { ...facts, breachedFlags: [...facts.breachedFlags] });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const letter = r.value;
    expect(letter).toContain('Dear Sarah Jones,');
    expect(letter).toContain('Rossmore School');
    expect(letter).toContain('1 October 2026');
    expect(letter).toContain('30 September 2026'); // the message date, in the school's time zone
    expect(letter).toContain('- Section 3: “Sending abusive, rude or disrespectful messages to staff”');
    expect(letter).toContain('- Section 3: “Threatening another member of the school community”');
    // Taxonomy order: abusive before threat, whatever order the reviewer gave.
    expect(letter.indexOf('Sending abusive')).toBeLessThan(letter.indexOf('Threatening'));
    expect(letter).toContain('Mrs Harrison');
    expect(letter).not.toMatch(/\{\{/);
  });

  it('a meeting letter names who the parent will meet, and when if known', () => {
    const base = { ...facts, breachedFlags: ['abusive' as const] };
    const at = draftLetter(templates, 'meeting', { ...base, meeting: { withName: 'Mrs Harrison', at: new Date('2026-10-05T14:30:00Z') } });
    expect(at.ok && at.value).toContain('with Mrs Harrison, on Monday, 5 October 2026 at 15:30.');
    expect(at.ok && at.value).toContain(FLAG_CLAUSES.abusive.replace('§3 ', ''));
    const open = draftLetter(templates, 'meeting', { ...base, meeting: { withName: 'Mr Okafor' } });
    expect(open.ok && open.value).toContain('with Mr Okafor, at a time we will arrange with you.');
    const none = draftLetter(templates, 'meeting', base);
    expect(!none.ok && none.error.code).toBe('INPUT_INVALID');
  });

  it('addresses an unknown sender as "Parent or carer"', () => {
    const r = draftLetter(templates, 'warning_letter', { ...facts, breachedFlags: ['profanity'], parentName: null });
    expect(r.ok && r.value).toContain('Dear Parent or carer,');
  });

  it('quotes every flag’s clause', () => {
    const list = clauseList(['abusive', 'threat', 'discriminatory', 'profanity', 'defamatory', 'vexatious']);
    for (const clause of Object.values(FLAG_CLAUSES)) expect(list).toContain(clause.replace(/^§3 /, ''));
    expect(list.split('\n')).toHaveLength(6);
  });

  it('renderTemplate refuses to leave a field unfilled', () => {
    expect(renderTemplate('Dear {{ parent_name }}, {{date}}', { parent_name: 'A', date: 'B' })).toEqual({ ok: true, value: 'Dear A, B' });
    const r = renderTemplate('Dear {{parent_name}} {{date}}', { parent_name: 'A' });
    expect(!r.ok && r.error.message).toBe('The letter needs a value for {{date}}.');
  });

  it('checks templates: unknown fields and missing required ones are reported together, at load', () => {
    expect(checkTemplate('warning_letter', '{{school_name}} {{date}} {{parent_name}} {{clauses}}', 't.md')).toEqual([]);
    expect(checkTemplate('warning_letter', '{{school_name}} {{date}} {{parent_nmae}}', 't.md')).toEqual([
      't.md uses {{parent_nmae}}, which is not a letter field (use: school_name, date, parent_name, message_date, clauses, signatory)',
      't.md must contain {{clauses}}',
      't.md must contain {{parent_name}}',
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'letters-'));
    writeFileSync(join(dir, 'warning-letter.md'), 'Dear {{parent_name}}');
    const r = loadLetterTemplates(dir);
    expect(!r.ok && r.error.code).toBe('CONFIG_INVALID');
    expect(!r.ok && r.error.message).toMatch(/must contain \{\{clauses\}\}/);
    expect(!r.ok && r.error.message).toMatch(/cannot read the letter template .*meeting-invitation\.md/);
  });
});
