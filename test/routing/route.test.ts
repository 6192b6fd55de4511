import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSchoolFile } from '../../src/config/load-school';
import { identifySender, routeEnquiry } from '../../src/routing/route';
import type { Topic } from '../../src/domain/taxonomy';

const loaded = loadSchoolFile(join(import.meta.dirname, '../../config/school.example.yaml'));
if (!loaded.ok) throw loaded.error;
const school = loaded.value;
const route = (topic: Topic, from: string) => routeEnquiry(school, { topic }, identifySender(school, from)).route;

const LILY_MUM = '+447700900283'; // Lily, Rowan class (Mr Hughes)
const LEO_MUM = '+447700900992'; // on managed contact with Mr Okafor
const STRANGER = '+447700900555';

describe('routing', () => {
  it('routes each topic to its role for a known parent', () => {
    expect(route('absence', LILY_MUM)).toEqual({ role: 'attendance', staffId: 'green' });
    expect(route('medical', LILY_MUM)).toEqual({ role: 'medical_lead', staffId: 'shaw' });
    expect(route('send', LILY_MUM)).toEqual({ role: 'senco', staffId: 'begum' });
    expect(route('complaint', LILY_MUM)).toEqual({ role: 'head_teacher', staffId: 'harrison' });
    expect(route('transport', LILY_MUM)).toEqual({ role: 'office', staffId: 'karen' });
  });

  it("sends class-teacher topics to the teacher of the parent's child", () => {
    expect(route('learning', LILY_MUM)).toEqual({ role: 'class_teacher', staffId: 'hughes' });
    expect(route('family', '+447700900158')).toEqual({ role: 'class_teacher', staffId: 'doyle' });
  });

  it('sends safeguarding to the DSL whoever the sender is, even on managed contact', () => {
    for (const from of [LILY_MUM, LEO_MUM, STRANGER]) expect(route('safeguarding', from)).toEqual({ role: 'dsl', staffId: 'macey' });
  });

  it('sends a parent on managed contact to their designated contact', () => {
    expect(route('absence', LEO_MUM)).toEqual({ role: 'deputy_dsl', staffId: 'okafor' });
    const r = routeEnquiry(school, { topic: 'complaint' }, identifySender(school, LEO_MUM));
    expect(r.route?.staffId).toBe('okafor');
    expect(r.why).toMatch(/outside the agreed topics/);
  });

  it('sends unknown senders to the office, and routes nothing for none', () => {
    expect(route('learning', STRANGER)).toEqual({ role: 'office', staffId: 'karen' });
    expect(route('medical', STRANGER)).toEqual({ role: 'office', staffId: 'karen' });
    expect(route('none', LILY_MUM)).toBeNull();
  });
});
