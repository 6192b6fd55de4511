import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { alertMessage, approvalMessage, enquiryMessage, reviewMessage, safeguardingMessage } from '../../../adapters/slack/blocks';
import {
  breachModal,
  decisionInput,
  editApproveModal,
  errorsFor,
  escalateModal,
  notBreachModal,
  refusalModal,
  rejectModal,
  writeReplyModal,
} from '../../../adapters/slack/modals';
import { ACTION, ButtonValue, type ModalMetadata, SLACK_EVENTS_PATH, VIEW } from '../../../adapters/slack/types';
import type { StaffAlert } from '../../../src/alerts/alert-channel';
import { checkMessage, checkModal, mrkdwnTexts, visibleText } from './block-kit';
import { alert, enquiry, history, recipient, render, reply, reviewCase, school } from './fixtures';
import { buttonIn } from './helpers';

// biome-ignore lint/suspicious/noExplicitAny: Block Kit JSON as the tests read it
type Json = any;

const actionIds = (blocks: Json[]) => blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements.map((e: Json) => e.action_id));

describe('Block Kit messages (pure functions of the alert)', () => {
  it('review: flags, the clause, the evidence in bold, the sender’s history, and the reviewer’s three decisions', () => {
    const m = reviewMessage(alert({ case: reviewCase(), history }), render);
    expect(checkMessage(m.blocks, m.text)).toEqual([]);
    expect(m.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Flagged message for review', emoji: true } });
    const quote = m.blocks.find((b) => b.type === 'rich_text') as Json;
    expect(quote.elements[0]).toEqual({
      type: 'rich_text_quote',
      elements: [
        { type: 'text', text: 'Mr Hughes you are a ' },
        { type: 'text', text: 'useless teacher', style: { bold: true } },
        { type: 'text', text: ". Can Lily have her reading book changed please, she's read it three times." },
      ],
    });
    const text = visibleText(m.blocks);
    expect(text).toContain('§3: Parents must not use abusive or insulting language towards staff.');
    expect(text).toContain('Sarah Jones (+447700900283)');
    expect(text).toContain('Lily has swimming on Friday, is her kit needed? &lt;b&gt;&amp;'); // escaped: a parent's < is never markup
    expect(text).toMatch(/withheld/);
    expect(text).toContain('it goes to Mr Hughes once this is decided');
    expect(actionIds(m.blocks)).toEqual([ACTION.notBreach, ACTION.breach, ACTION.escalate, ACTION.openConsole]);
    expect(ButtonValue.parse(JSON.parse(buttonIn(m.blocks, ACTION.breach).value))).toEqual({ s: 'rossmore', c: 'case-review-1', v: 3 });
    expect(buttonIn(m.blocks, ACTION.openConsole).url).toBe('https://gate.rossmore.example/console/cases/case-review-1');
    // The notification says what it is about, never the parent's words.
    expect(m.text).toBe('a flagged message needs review (abusive)');
  });

  it('review, decided or escalated: the buttons follow the case’s state', () => {
    const decided = reviewMessage(
      alert({ case: reviewCase({ state: 'not_breach', audit: [{ id: 'a1', schoolId: 'rossmore', at: '2026-11-24T09:00:00Z', actor: 'staff:harrison', action: 'review.decide_not_breach', entityType: 'case', entityId: 'case-review-1', data: {} }] }) }),
      render,
    );
    expect(actionIds(decided.blocks)).toEqual([ACTION.openConsole]);
    expect(visibleText(decided.blocks)).toContain('Decided: not a breach by Mrs Harrison');
    const escalated = reviewMessage(alert({ case: reviewCase({ state: 'escalated' }) }), {});
    expect(actionIds(escalated.blocks)).toEqual([ACTION.notBreach, ACTION.breach]); // no console link without PUBLIC_URL
  });

  it('safeguarding: Acknowledge until someone has, then who and when', () => {
    const c = enquiry({ topic: 'safeguarding', urgency: 'urgent', assignee: { staffId: 'macey', role: 'dsl', name: 'Miss Macey' }, message: { ...enquiry().message, redacted: false, body: 'I am worried about what Kai said about home.' } });
    const open = safeguardingMessage(alert({ purpose: 'safeguarding', urgent: true, case: { ...c, safeguarding: { acknowledged: null, actions: [], escalations: [] } } }), render);
    expect(checkMessage(open.blocks, open.text)).toEqual([]);
    expect(actionIds(open.blocks)).toEqual([ACTION.acknowledge, ACTION.openConsole]);
    expect(open.text).toBe('Safeguarding concern: please acknowledge it now');
    const acked = safeguardingMessage(
      alert({ purpose: 'safeguarding', case: { ...c, safeguarding: { acknowledged: { by: 'macey', at: '2026-11-24T08:20:00Z' }, actions: [], escalations: [{ step: 1, to: ['okafor'], at: '2026-11-24T08:31:00Z' }] } } }),
      render,
    );
    expect(actionIds(acked.blocks)).toEqual([ACTION.openConsole]);
    expect(visibleText(acked.blocks)).toMatch(/Acknowledged\* by Miss Macey <!date\^\d+\^/);
    expect(visibleText(acked.blocks)).toContain('Escalated to Mr Okafor');
  });

  it('enquiry: only the forwarded text, and Write reply while a reply can be written', () => {
    const m = enquiryMessage(alert({ purpose: 'enquiry', reason: 'released', recipient: { ...recipient, staffId: 'hughes', name: 'Mr Hughes' }, case: enquiry() }), render);
    expect(checkMessage(m.blocks, m.text)).toEqual([]);
    expect(JSON.stringify(m)).not.toMatch(/useless/);
    expect(actionIds(m.blocks)).toEqual([ACTION.writeReply, ACTION.openConsole]);
    expect(visibleText(m.blocks)).toContain('Passed on by a senior reviewer');
    const pending = enquiryMessage(alert({ purpose: 'enquiry', case: enquiry({ state: 'reply_pending_approval', replies: [reply()] }) }), render);
    expect(actionIds(pending.blocks)).toEqual([ACTION.openConsole]);
    expect(visibleText(pending.blocks)).toContain('Reply by Mr Hughes, waiting for approval');
  });

  it('approval: the enquiry and the reply, Approve (confirmed) / Edit & approve / Reject on the reply’s version', () => {
    const r = reply({ version: 2 });
    const m = approvalMessage(alert({ purpose: 'approval', reason: 'reply_awaiting_approval', case: enquiry({ state: 'reply_pending_approval', replies: [r] }), reply: r }), render);
    expect(checkMessage(m.blocks, m.text)).toEqual([]);
    expect(actionIds(m.blocks)).toEqual([ACTION.approve, ACTION.editApprove, ACTION.reject, ACTION.openConsole]);
    expect(ButtonValue.parse(JSON.parse(buttonIn(m.blocks, ACTION.approve).value))).toEqual({ s: 'rossmore', c: 'case-enq-1', v: 2, r: 'reply-1' });
    expect(buttonIn(m.blocks, ACTION.approve).confirm.title.text).toBe('Send this reply?');
    expect(visibleText(m.blocks)).toContain("I'll change Lily's book tomorrow.");
    const approved = approvalMessage(
      alert({ purpose: 'approval', case: enquiry({ state: 'replied' }), reply: reply({ state: 'sent', approvedBy: 'karen', approvedAt: '2026-11-24T09:05:00Z', approvedBody: 'Edited.', delivery: { outboxId: 'o1', state: 'sent', attempt: 1, lastError: null, errorCode: null, sentAt: null, deliveredAt: null } }) }),
      render,
    );
    expect(actionIds(approved.blocks)).toEqual([ACTION.openConsole]);
    expect(visibleText(approved.blocks)).toMatch(/Approved by Karen Wright <!date.*, edited/);
    expect(visibleText(approved.blocks)).toContain('Edited.');
  });

  it('stays inside Block Kit’s limits whatever the text: long, full of markup, emoji, many reasons and messages', () => {
    const long = `${'<@U123> <!channel> &amp; *bold* 😀 '.repeat(400)}end`;
    const reasons = Array.from({ length: 40 }, (_, i) => ({
      kind: 'flag' as const,
      label: `abusive_${i}`,
      clause: 'x'.repeat(900),
      evidence: { start: i * 10, end: i * 10 + 5, text: long.slice(i * 10, i * 10 + 5) },
      confidence: 1,
      note: null,
    }));
    const hist = Array.from({ length: 9 }, (_, i) => ({ ...history[0]!, id: `h${i}`, body: long }));
    const name = 'N'.repeat(300);
    const c = reviewCase({ message: { ...reviewCase().message, body: long }, reasons, parent: { id: 'p', name }, assignee: { staffId: 'x', role: null, name } });
    for (const purpose of ['review', 'safeguarding', 'enquiry', 'approval', 'notice'] as const) {
      const r = reply({ body: long, rejectedReason: long, state: 'rejected' });
      const m = alertMessage(alert({ purpose, reason: purpose === 'notice' ? 'reply_rejected' : 'opened', case: { ...c, replies: [r] }, history: hist, reply: r, headline: long }), render);
      expect(checkMessage(m.blocks, m.text), purpose).toEqual([]);
      // Nothing a parent wrote becomes a mention, a link or a broadcast: only our own <!date^…> tokens remain.
      for (const t of mrkdwnTexts(m.blocks)) expect(t.replace(/<!date\^\d+\^[^|>]+\|[^>]+>/g, ''), purpose).not.toMatch(/[<>]/);
    }
  });
});

describe('the Block Kit check itself', () => {
  it('finds what Slack would refuse', () => {
    const button = (id: string, text = 'Go') => ({ type: 'button', action_id: id, text: { type: 'plain_text', text } });
    expect(checkMessage([{ type: 'header', text: { type: 'plain_text', text: 'x'.repeat(151) } }])).toEqual(['blocks[0].text: 151 characters > 150']);
    expect(checkMessage([{ type: 'actions', elements: [button('a'), button('a')] }])[0]).toMatch(/repeat/);
    expect(checkMessage([{ type: 'actions', elements: Array.from({ length: 26 }, (_, i) => button(`a${i}`)) }])).toContain('blocks[0].elements: must be 1-25');
    expect(checkMessage([{ type: 'actions', elements: [button('a', 'y'.repeat(76))] }])).toEqual(['blocks[0].elements[0].text: 76 characters > 75']);
    expect(checkMessage(Array.from({ length: 51 }, () => ({ type: 'divider' })))).toEqual(['blocks: 51 > 50']);
    expect(checkMessage([{ type: 'section', text: { type: 'mrkdwn', text: '' } }])).toEqual(['blocks[0].text: empty text']);
    expect(checkModal({ type: 'modal', title: { type: 'plain_text', text: 'A title that is far too long' }, blocks: [{ type: 'input', block_id: 'b', label: { type: 'plain_text', text: 'L' }, element: { type: 'plain_text_input', action_id: 'v' } }] })).toEqual([
      'title: 28 characters > 24',
      'a modal with inputs needs a submit button',
    ]);
  });
});

describe('modals (the forms behind the buttons)', () => {
  const meta: ModalMetadata = { s: 'rossmore', c: 'case-review-1', v: 3, ch: 'D0HARRISON', ts: '1700000001.000100' };

  it('each form fits Block Kit and carries the case, its version and the message to update', () => {
    const r = reply();
    const views = [
      notBreachModal(meta, reviewCase(), school),
      breachModal(meta, reviewCase(), school),
      escalateModal(meta, reviewCase()),
      writeReplyModal(meta, enquiry(), 'A suggested reply'),
      editApproveModal({ ...meta, r: r.id }, r),
      rejectModal({ ...meta, r: r.id }, r),
      refusalModal('Not done: Mr Hughes cannot approve or reject reply reply-1: it needs the role "office" or "head_teacher".'),
    ];
    for (const v of views) expect(checkModal(v), v.title.text).toEqual([]);
    for (const v of views.slice(0, 6)) expect(JSON.parse(v.private_metadata!)).toMatchObject({ c: meta.c, v: meta.v, ch: meta.ch, ts: meta.ts });
    expect(views.map((v) => v.callback_id)).toEqual([VIEW.notBreach, VIEW.breach, VIEW.escalate, VIEW.writeReply, VIEW.editApprove, VIEW.reject, undefined]);
    // The breach form starts from the classifier's flags, and the forwarded text is offered only when an enquiry waits.
    const breach = views[1] as Json;
    expect(breach.blocks.find((b: Json) => b.block_id === 'breachedFlags').element.initial_options.map((o: Json) => o.value)).toEqual(['abusive']);
    expect(breach.blocks.some((b: Json) => b.block_id === 'forwardedText')).toBe(true);
    expect((escalateModal(meta, reviewCase()) as Json).blocks.some((b: Json) => b.block_id === 'forwardedText')).toBe(false);
    expect((views[4] as Json).blocks[0].element.initial_value).toBe(r.body);
  });

  it('turns the answers into the workflow’s decision input, and the workflow’s problems into messages under the fields', () => {
    const state = (v: Record<string, Json>) => Object.fromEntries(Object.entries(v).map(([k, x]) => [k, { v: x }]));
    expect(
      decisionInput(
        VIEW.breach,
        state({
          reason: { type: 'plain_text_input', value: 'Personal abuse of a named teacher' },
          breachedFlags: { type: 'checkboxes', selected_options: [{ value: 'abusive' }] },
          responses: { type: 'checkboxes', selected_options: [{ value: 'warning_letter' }, { value: 'meeting' }, { value: 'police' }] },
          meetingWith: { type: 'static_select', selected_option: { value: 'harrison' } },
          meetingAt: { type: 'datetimepicker', selected_date_time: 1_796_000_000 },
          policeGrounds: { type: 'static_select', selected_option: { value: 'harassment' } },
          policeRef: { type: 'plain_text_input', value: null },
          forwardedText: { type: 'plain_text_input', value: '  ' },
        }),
      ),
    ).toEqual({
      outcome: 'breach',
      reason: 'Personal abuse of a named teacher',
      breachedFlags: ['abusive'],
      responses: [{ kind: 'warning_letter' }, { kind: 'meeting', withStaffId: 'harrison', proposedAt: new Date(1_796_000_000_000).toISOString() }, { kind: 'police', grounds: 'harassment' }],
    });
    expect(decisionInput(VIEW.notBreach, state({ reason: { type: 'plain_text_input', value: 'Upset, not abusive' } }))).toEqual({ outcome: 'not_breach', reason: 'Upset, not abusive' });

    const view = breachModal(meta, reviewCase(), school);
    expect(
      errorsFor(
        view,
        [
          { path: 'responses[1].withStaffId', message: 'no staff member has id ""' },
          { path: 'responses', message: 'choose at least one response' },
          { path: 'reason', message: 'reason is required' },
          { path: 'somewhere.else', message: 'odd' },
        ],
        'fallback',
      ),
    ).toEqual({ meetingWith: 'No staff member has id ""', responses: 'Choose at least one response', reason: 'Reason is required Odd' });
  });
});

describe('the example messages in adapters/slack/examples (linked from the README)', () => {
  // Regenerate with SCHOOLGATE_WRITE_EXAMPLES=1 after changing a builder on purpose.
  const dir = join(import.meta.dirname, '../../../adapters/slack/examples');
  const r = reply();
  const examples: Record<string, StaffAlert> = {
    review: alert({
      case: reviewCase(),
      history: [
        { ...history[0]!, body: 'Lily has swimming on Friday, is her kit needed?' },
        { ...history[1]!, withheld: false, body: 'Why has nobody answered me yet?', triage: { ...history[1]!.triage!, flags: ['vexatious'] } },
      ],
    }),
    safeguarding: alert({
      purpose: 'safeguarding',
      urgent: true,
      recipient: { ...recipient, staffId: 'macey', name: 'Miss Macey', slackUserId: 'U0MACEY' },
      case: enquiry({
        topic: 'safeguarding',
        urgency: 'urgent',
        assignee: { staffId: 'macey', role: 'dsl', name: 'Miss Macey' },
        message: { ...enquiry().message, redacted: false, body: 'Lily told me someone at the bus stop grabbed her arm and would not let go.' },
        why: 'safeguarding goes to the DSL at once',
        safeguarding: { acknowledged: null, actions: [], escalations: [] },
      }),
    }),
    enquiry: alert({ purpose: 'enquiry', reason: 'released', recipient: { ...recipient, staffId: 'hughes', name: 'Mr Hughes', slackUserId: 'U0HUGHES' }, case: enquiry({ why: "Lily Jones is in Rowan: her class teacher" }) }),
    approval: alert({ purpose: 'approval', reason: 'reply_awaiting_approval', recipient: { ...recipient, staffId: 'karen', name: 'Karen Wright', slackUserId: 'U0KAREN' }, case: enquiry({ state: 'reply_pending_approval', replies: [r] }), reply: r }),
  };
  it.each(Object.keys(examples))('%s.json is what the builder posts', (name) => {
    const message = alertMessage(examples[name]!, render);
    expect(checkMessage(message.blocks, message.text)).toEqual([]);
    const file = join(dir, `${name}.json`);
    if (process.env.SCHOOLGATE_WRITE_EXAMPLES) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(file, `${JSON.stringify(message, null, 2)}\n`);
    }
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(JSON.parse(JSON.stringify(message)));
  });
});

describe('the Slack app manifest', () => {
  const manifest = parseYaml(readFileSync(join(import.meta.dirname, '../../../adapters/slack/manifest.yaml'), 'utf8'));

  it('sends interactivity to our route and asks only for the scopes the adapter’s Web API calls need', () => {
    expect(new URL(manifest.settings.interactivity.request_url).pathname).toBe(SLACK_EVENTS_PATH);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    // Every Web API method the adapter calls, read from its source, and the scope Slack documents for each.
    const needs: Record<string, string | null> = {
      'chat.postMessage': 'chat:write',
      'chat.update': 'chat:write',
      'chat.postEphemeral': 'chat:write',
      'conversations.open': 'im:write',
      'views.open': null,
    };
    const dir = join(import.meta.dirname, '../../../adapters/slack');
    const called = new Set(
      readdirSync(dir)
        .filter((f) => f.endsWith('.ts'))
        .flatMap((f) => [...readFileSync(join(dir, f), 'utf8').matchAll(/client\.(\w+)\.(\w+)\(/g)].map((m) => `${m[1]}.${m[2]}`)),
    );
    expect([...called].sort()).toEqual(Object.keys(needs).sort());
    const scopes = new Set([...called].map((m) => needs[m]).filter(Boolean));
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...scopes].sort());
  });
});
