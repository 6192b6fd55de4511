import { describe, expect, it } from 'vitest';
import { isSchoolgateError } from '../../src/errors';
import { SYSTEM, staff } from '../../src/workflow/actor';
import { applyEvent } from '../../src/workflow/audit';
import { isTerminal, type MachineKind, statesOf, transition } from '../../src/workflow/states';

// The legal moves, written out independently of the table in src/workflow/states.ts.
const LEGAL: Record<MachineKind, string[]> = {
  review: [
    'open escalate escalated',
    'open reassign open',
    'open decide_not_breach not_breach',
    'open decide_breach breach',
    'escalated reassign escalated',
    'escalated decide_not_breach not_breach',
    'escalated decide_breach breach',
  ],
  enquiry: [
    'open submit_reply reply_pending_approval',
    'open close closed',
    'open reassign open',
    'reply_pending_approval reject_reply open',
    'reply_pending_approval approve_reply replied',
    'reply_pending_approval reassign reply_pending_approval',
    'replied submit_reply reply_pending_approval',
    'replied close closed',
    'replied reassign replied',
  ],
  reply: [
    'draft submit awaiting_approval',
    'awaiting_approval approve approved',
    'awaiting_approval reject rejected',
    'approved start_sending sending',
    'approved fail failed',
    'sending accept sent',
    'sending deliver delivered',
    'sending fail failed',
    'sent deliver delivered',
    'sent fail failed',
    'failed retry approved',
  ],
};
const STATES: Record<MachineKind, string[]> = {
  review: ['open', 'escalated', 'not_breach', 'breach'],
  enquiry: ['open', 'reply_pending_approval', 'replied', 'closed'],
  reply: ['draft', 'awaiting_approval', 'approved', 'rejected', 'sending', 'sent', 'delivered', 'failed'],
};
const TERMINAL: Record<MachineKind, string[]> = {
  review: ['not_breach', 'breach'],
  enquiry: ['closed'],
  reply: ['rejected', 'delivered'],
};
const KINDS = Object.keys(LEGAL) as MachineKind[];
const eventsOf = (kind: MachineKind) => [...new Set(LEGAL[kind].map((l) => l.split(' ')[1] as string))];

describe('state machines', () => {
  it('has exactly the expected states', () => {
    for (const kind of KINDS) expect(statesOf(kind).sort()).toEqual([...STATES[kind]].sort());
  });

  for (const kind of KINDS) {
    it(`${kind}: every legal transition reaches the expected state`, () => {
      for (const line of LEGAL[kind]) {
        const [from, event, to] = line.split(' ') as [string, string, string];
        expect(transition(kind, from, event, 'x1'), line).toEqual({ ok: true, value: to });
      }
    });

    it(`${kind}: every other state/event pair is an ILLEGAL_TRANSITION error naming the entity, state and event`, () => {
      let checked = 0;
      for (const from of STATES[kind]) {
        for (const event of eventsOf(kind)) {
          if (LEGAL[kind].some((l) => l.startsWith(`${from} ${event} `))) continue;
          const r = transition(kind, from, event, 'abc-123');
          expect(r.ok, `${kind} ${from} ${event}`).toBe(false);
          if (r.ok) continue;
          expect(isSchoolgateError(r.error, 'ILLEGAL_TRANSITION')).toBe(true);
          expect(r.error.message).toContain('abc-123');
          expect(r.error.message).toContain(`"${from}"`);
          expect(r.error.message).toContain(`"${event}"`);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(0);
    });

    it(`${kind}: terminal states are exactly the final ones`, () => {
      for (const s of STATES[kind]) expect(isTerminal(kind, s), s).toBe(TERMINAL[kind].includes(s));
    });
  }

  it('says what is possible instead, and that a final state is final', () => {
    const r = transition('enquiry', 'reply_pending_approval', 'close', 'case-9');
    expect(!r.ok && r.error.message).toBe('Enquiry case case-9 is "reply_pending_approval" and cannot "close". From "reply_pending_approval" it can only: reject_reply, approve_reply, reassign.');
    const f = transition('review', 'breach', 'decide_not_breach', 'case-8');
    expect(!f.ok && f.error.message).toMatch(/Review case case-8 is "breach" and cannot "decide_not_breach"\. "breach" is final/);
  });

  it('rejects an unknown state (from storage) and an unknown event', () => {
    const s = transition('reply', 'lost', 'approve', 'r1');
    expect(!s.ok && s.error.code).toBe('ILLEGAL_TRANSITION');
    expect(!s.ok && s.error.message).toMatch(/"lost", which is not a reply state/);
    const e = transition('reply', 'draft', 'teleport', 'r1');
    expect(!e.ok && e.error.code).toBe('ILLEGAL_TRANSITION');
  });

  it('makes one audit event per transition, with who, when and the move', () => {
    const at = new Date('2026-10-01T09:00:00Z');
    const r = applyEvent({ kind: 'reply', entityId: 'r1', from: 'awaiting_approval', event: 'reject', actor: staff('karen'), at, data: { reason: 'tone' } });
    expect(r).toEqual({
      ok: true,
      value: {
        to: 'rejected',
        audit: { action: 'reply.reject', entityType: 'reply', entityId: 'r1', actor: { kind: 'staff', staffId: 'karen' }, at, data: { from: 'awaiting_approval', to: 'rejected', reason: 'tone' } },
      },
    });
    const c = applyEvent({ kind: 'enquiry', entityId: 'c1', from: 'open', event: 'close', actor: SYSTEM, at });
    expect(c.ok && c.value.audit.entityType).toBe('case');
    const bad = applyEvent({ kind: 'enquiry', entityId: 'c1', from: 'closed', event: 'close', actor: SYSTEM, at });
    expect(bad.ok).toBe(false);
  });
});
