import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadReplyTemplates, type ReplyDraftAnswer, ReplyDrafter, type ReplyModel } from '../../src/replies/draft';
import type { ModelAnswer } from '../../src/triage/model-port';
import { InMemoryUsageLedger } from '../../src/triage/usage-ledger';
import { schoolWith } from '../adapters/openai/fixtures';

const templates = loadReplyTemplates();
if (!templates.ok) throw templates.error;
const clock = { now: () => new Date('2026-10-01T08:00:00Z') };

class ScriptedReplyModel implements ReplyModel {
  readonly id = 'scripted/reply-draft-v1';
  readonly sent: string[] = [];
  constructor(private readonly answer: (content: string) => ModelAnswer<ReplyDraftAnswer>) {}
  async draft(content: string): Promise<ModelAnswer<ReplyDraftAnswer>> {
    this.sent.push(content);
    return this.answer(content);
  }
}

const drafter = (model: ReplyModel | null = null) => new ReplyDrafter({ templates: templates.value, model, ledger: new InMemoryUsageLedger(), clock, deadlineMs: 1_000 });
const BODY = 'Hi, Lily wont be in today, shes been sick all night. Ring me on 07700 900283';
const req = { enquiryText: BODY, topic: 'absence' as const, receivedAt: '2026-10-01T06:18:00Z', parentName: 'Sarah Jones' };

describe('reply templates', () => {
  it('has a template for every topic that is routed, each using only reply fields', () => {
    expect(Object.keys(templates.value).sort()).toEqual(['absence', 'complaint', 'family', 'general', 'learning', 'medical', 'safeguarding', 'send', 'transport']);
  });

  it('reports unknown fields and a missing general template together', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-replies-'));
    writeFileSync(join(dir, 'absence.md'), 'Dear {{parent}}, {{child}}');
    const r = loadReplyTemplates(dir);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.error.message).toMatch(/uses \{\{parent\}\}, which is not a reply field[\s\S]*has no general\.md/);
  });
});

describe('ReplyDrafter with templates only', () => {
  it('fills the topic’s template with the parent, the child named in the message, who deals with it and the sign-off', async () => {
    const d = await drafter().draft({ ...req, school: schoolWith({}) });
    expect(d).toMatchObject({ source: 'template', template: 'absence', fellBack: false, sentText: null, requiresApproval: true });
    expect(d?.text).toBe(
      "Dear Sarah Jones,\n\nThank you for letting us know about Lily's absence. We have passed your message to our attendance team, who will record it. We hope Lily feels better soon; please let us know when they will be back.\n\nRossmore School",
    );
  });

  it('uses the school’s sign-off, "your child" when no child is named, and the general template for a topic without one', async () => {
    const school = schoolWith({}, { reply_drafts: { tone: 'formal', sign_off: 'Rossmore School office' } });
    const d = await drafter().draft({ ...req, school, enquiryText: 'is he off today?', parentName: null, handledBy: 'Mrs Green' });
    expect(d?.text).toMatch(/^Hello,\n\nThank you for letting us know about your child's absence\. We have passed your message to Mrs Green,/);
    expect(d?.text.endsWith('Rossmore School office')).toBe(true);
  });

  it('drafts nothing for a message with nothing to answer', async () => {
    expect(await drafter().draft({ ...req, school: schoolWith({}), topic: 'none' })).toBeNull();
  });
});

describe('ReplyDrafter with a model', () => {
  const openai = schoolWith({ mode: 'openai' });

  it('asks the model with the minimised message and template, and restores the names in its draft', async () => {
    const model = new ScriptedReplyModel(() => ({ ok: true, value: { reply: 'Dear [PARENT_1], thank you, we hope [CHILD_1] is better soon. Rossmore School' }, usage: { inputTokens: 400, outputTokens: 60 } }));
    const d = await drafter(model).draft({ ...req, school: openai });
    expect(model.sent).toHaveLength(1);
    expect(model.sent[0]).not.toMatch(/Lily|Sarah|Jones|07700/);
    expect(model.sent[0]).toContain('Dear [PARENT_1]');
    expect(model.sent[0]).toContain('<<<\nHi, [CHILD_1] wont be in today, shes been sick all night. Ring me on [PHONE_1]\n>>>');
    expect(d).toMatchObject({ source: 'model', fellBack: false, sentText: model.sent[0], usage: { inputTokens: 400, outputTokens: 60 }, requiresApproval: true });
    expect(d?.text).toBe('Dear Sarah Jones, thank you, we hope Lily is better soon. Rossmore School');
  });

  it('falls back to the template when the model fails, invents a person, or answers nothing', async () => {
    for (const [a, why] of [
      [{ ok: false, reason: 'server_error', detail: 'HTTP 500', usage: null }, 'server_error'],
      [{ ok: true, value: { reply: 'Dear [PARENT_1], [CHILD_2] says hi' }, usage: null }, 'invalid_answer'],
      [{ ok: true, value: { reply: '   ' }, usage: null }, 'invalid_answer'],
    ] as [ModelAnswer<ReplyDraftAnswer>, string][]) {
      const d = await drafter(new ScriptedReplyModel(() => a)).draft({ ...req, school: openai });
      expect(d).toMatchObject({ source: 'template', fellBack: true, fallbackReason: why });
      expect(d?.text).toMatch(/^Dear Sarah Jones,\n\nThank you for letting us know about Lily's absence/);
    }
  });

  it('never asks the model for a school on local triage, for a safeguarding concern, or past the budget', async () => {
    const model = new ScriptedReplyModel(() => ({ ok: true, value: { reply: 'x' }, usage: null }));
    expect((await drafter(model).draft({ ...req, school: schoolWith({}) }))?.source).toBe('template');
    expect((await drafter(model).draft({ ...req, school: openai, topic: 'safeguarding' }))?.text).toMatch(/our designated safeguarding lead, who will contact you/);
    const broke = await drafter(model).draft({ ...req, school: schoolWith({ mode: 'openai', daily_token_budget: 0 }) });
    expect(broke).toMatchObject({ source: 'template', fellBack: true, fallbackReason: 'budget_exhausted' });
    expect(model.sent).toEqual([]);
  });
});
