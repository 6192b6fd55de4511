import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalisePhone, parseContactsCsv } from '../../src/contacts/parse-contacts-csv';
import { importContacts } from '../../src/store/import-contacts';
import type { Store } from '../../src/store/open';
import { findParentByAddress, syncSchool } from '../../src/store/school-sync';
import { school } from '../workflow/fixtures';
import { backends } from '../workflow/store-fixtures';

const CSV = `Contact ID,Contact Name,Mobile,Pupil Name,Reg Group
M1001,Ms Dana Price,07700 900501,Ava Price,Oak
M1001,Ms Dana Price,07700 900501,Noah Price,Birch
M1002,Mr Sam Obi,+44 (0)7700 900502,Zara Obi,Hazel
`;

describe('parseContactsCsv', () => {
  it('reads an MIS export with its own header names, merging a parent of two children', () => {
    const r = parseContactsCsv(CSV, school);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toEqual([
      { externalId: 'M1001', name: 'Ms Dana Price', phones: ['+447700900501'], teamsIds: [], children: [{ name: 'Ava Price', className: 'Oak' }, { name: 'Noah Price', className: 'Birch' }] },
      { externalId: 'M1002', name: 'Mr Sam Obi', phones: ['+447700900502'], teamsIds: [], children: [{ name: 'Zara Obi', className: 'Hazel' }] },
    ]);
  });

  it('normalises UK and international numbers and refuses what is not a number', () => {
    expect(normalisePhone('07700 900123')).toBe('+447700900123');
    expect(normalisePhone('0044 7700 900123')).toBe('+447700900123');
    expect(normalisePhone('447700900123')).toBe('+447700900123');
    expect(normalisePhone('+44 (0)7700-900123')).toBe('+447700900123');
    expect(normalisePhone('ring the office')).toBeNull();
    expect(normalisePhone('0770')).toBeNull();
  });

  it('reports every problem at once, with the line and the column, and imports nothing', () => {
    const bad = `contact_id,contact_name,mobile,child_name,class
M1,Ann One,07700 900601,Ben One,Oak
,Ann Two,07700 900602,Cal Two,Oak
M3,Ann Three,not a number,Dee Three,Oak
M4,Ann Four,07700 900604,Eve Four,Narnia
M5,Ann Five,07700 900601,Fay Five,Oak
M6,Ann Six,,Gus Six,Oak
M7,Lily's mum,+447700900283,Hal Seven,Oak
`;
    const r = parseContactsCsv(bad, school);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const at = r.error.map((p) => `${p.line}:${p.column ?? ''}`);
    expect(at).toEqual(['3:contact_id', '4:mobile', '5:class', '6:', '7:mobile', '8:']);
    expect(r.error.find((p) => p.line === 5)?.message).toMatch(/class "Narnia" has no class teacher/);
    expect(r.error.find((p) => p.line === 6)?.message).toMatch(/also given for contact M1/);
    expect(r.error.find((p) => p.line === 8)?.message).toMatch(/belongs to .* in the school file/);
  });

  it('names the missing columns and what they are for', () => {
    const r = parseContactsCsv('Name,Phone\nA,07700900111\n', school);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.map((p) => p.column)).toEqual(['contact_id', 'child_name', 'class']);
    expect(r.error[0]?.message).toMatch(/the header row has: Name, Phone/);
  });

  it('refuses an empty file and a file with only a header', () => {
    expect(parseContactsCsv('', school).ok).toBe(false);
    const r = parseContactsCsv('contact_id,contact_name,mobile,child_name,class\n', school);
    expect(!r.ok && r.error[0]?.message).toMatch(/no contacts/);
  });
});

describe.each(backends)('importContacts on $name', (backend) => {
  let store: Store;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ store, drop } = await backend.open());
    await syncSchool(store.db, school);
  });
  afterAll(async () => {
    await store?.close();
    await drop?.();
  });

  it('adds the parents so routing recognises them, and a re-import updates instead of duplicating', async () => {
    const parsed = parseContactsCsv(CSV, school);
    if (!parsed.ok) throw new Error('fixture');
    expect(await importContacts(store.db, school.id, parsed.value, 'test')).toEqual({ added: 2, updated: 0, addresses: 2, children: 3 });
    const dana = await findParentByAddress(store.db, school.id, 'sms', '+447700900501');
    expect(dana?.name).toBe('Ms Dana Price');
    expect(dana?.children.map((c) => c.className).sort()).toEqual(['Birch', 'Oak']);

    // Noah has left: the next export no longer lists him.
    const next = parseContactsCsv(CSV.split('\n').filter((l) => !l.includes('Noah')).join('\n'), school);
    if (!next.ok) throw new Error('fixture');
    expect(await importContacts(store.db, school.id, next.value, 'test')).toMatchObject({ added: 0, updated: 2 });
    const again = await findParentByAddress(store.db, school.id, 'sms', '+447700900501');
    expect(again?.id).toBe(dana?.id);
    expect(again?.children.map((c) => c.name)).toEqual(['Ava Price']);
  });

  it('refuses an address that already reaches another imported parent, writing nothing', async () => {
    const clash = parseContactsCsv('contact_id,contact_name,mobile,child_name,class\nM2001,New Person,07700 900599,Kid New,Oak\nM2002,Other,07700 900502,Kid Other,Oak\n', school);
    if (!clash.ok) throw new Error('fixture');
    await expect(importContacts(store.db, school.id, clash.value, 'test')).rejects.toThrow(/\+447700900502 \(contact M2002\)/);
    expect(await findParentByAddress(store.db, school.id, 'sms', '+447700900599')).toBeNull();
  });
});
