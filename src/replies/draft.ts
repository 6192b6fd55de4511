import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { School } from '../config/load-school';
import { localTime } from '../domain/local-time';
import { type Role, TOPICS, type Topic } from '../domain/taxonomy';
import { err, ok, type Result, SchoolgateError } from '../errors';
import { privacyDirectory } from '../privacy/directory';
import { Minimiser } from '../privacy/minimise';
import { askWithin, type FallbackReason, type ModelAnswer, type TokenUsage } from '../triage/model-port';
import type { UsageLedger } from '../triage/usage-ledger';
import type { Clock } from '../workflow/ports';
import { placeholdersOf, renderTemplate } from '../workflow/letters';

/**
 * Suggested replies to a routed enquiry, for staff to edit and approve (issue #7). A draft is only text: it is
 * never sent by being drafted; it goes to a parent only as a reply staff submit and the office approves, like any
 * other. Drafts come from the school's templates (templates/replies/<topic>.md); when the school uses the model,
 * the model words one in the school's tone, from the template, seeing only the minimised message.
 */

/**
 * The model's structured answer: the suggested text, with placeholders where names go. Plain z.string(): strict
 * structured outputs reject string length limits, so length is checked after the answer.
 */
export const ReplyDraftAnswer = z.object({ reply: z.string() });
const MAX_DRAFT_CHARS = 2_000;
export type ReplyDraftAnswer = z.infer<typeof ReplyDraftAnswer>;

export interface ReplyInstructions {
  tone: string;
  topic: Topic;
  handled_by: string;
  sign_off: string;
}

/** The port the model sits behind for drafts (adapters/openai/reply-model.ts). */
export interface ReplyModel {
  readonly id: string;
  draft(content: string, instructions: ReplyInstructions, signal: AbortSignal): Promise<ModelAnswer<ReplyDraftAnswer>>;
}

export type ReplyTemplates = Readonly<Partial<Record<Exclude<Topic, 'none'>, string>>>;

export const REPLY_TEMPLATE_FIELDS = ['greeting', 'child', 'handled_by', 'sign_off', 'school_name'] as const;
export const DEFAULT_REPLY_TEMPLATE_DIR = fileURLToPath(new URL('../../templates/replies/', import.meta.url));

/** Read templates/replies/<topic>.md for every topic that has one; unknown fields are reported together. */
export function loadReplyTemplates(dir: string = DEFAULT_REPLY_TEMPLATE_DIR): Result<ReplyTemplates> {
  const out: Partial<Record<Exclude<Topic, 'none'>, string>> = {};
  const problems: string[] = [];
  for (const topic of TOPICS) {
    if (topic === 'none') continue;
    const path = `${dir.replace(/\/$/, '')}/${topic}.md`;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      continue; // a topic without a template gets the general one
    }
    for (const f of placeholdersOf(text))
      if (!(REPLY_TEMPLATE_FIELDS as readonly string[]).includes(f)) problems.push(`${path} uses {{${f}}}, which is not a reply field (use: ${REPLY_TEMPLATE_FIELDS.join(', ')})`);
    out[topic] = text;
  }
  if (!out.general) problems.push(`${dir} has no general.md: it is the template for topics without their own`);
  if (problems.length) return err(new SchoolgateError('CONFIG_INVALID', `The reply templates have ${problems.length} problem(s):\n  - ${problems.join('\n  - ')}`));
  return ok(out);
}

export interface DraftRequest {
  /** The parent's message as stored; it is minimised here before a model sees any of it. */
  enquiryText: string;
  topic: Topic;
  school: School;
  /** When the message came (for the model budget's day and dates of birth). */
  receivedAt: string;
  /** The parent's name, for the greeting, when known. */
  parentName?: string | null;
  /** Who deals with it, as the parent should read it ("Mrs Green, our attendance officer"); the routed role otherwise. */
  handledBy?: string | null;
  /** The case the draft is for, recorded with the model call. */
  subjectId?: string | null;
}

export interface ReplyDraft {
  text: string;
  source: 'template' | 'model';
  /** The template it follows (general for topics without their own). */
  template: Exclude<Topic, 'none'>;
  fellBack: boolean;
  fallbackReason: FallbackReason | null;
  fallbackDetail: string | null;
  /** What the model was sent (minimised), for audit; null when no model was asked. */
  sentText: string | null;
  usage: TokenUsage | null;
  latencyMs: number | null;
  /** Always true: a suggestion for staff, sent only as a reply the office approves. */
  requiresApproval: true;
}

const ROLE_WORDS: Record<Role, string> = {
  office: 'the school office',
  attendance: 'our attendance team',
  medical_lead: 'our medical lead',
  class_teacher: 'the class teacher',
  senco: 'our SENCO',
  dsl: 'our designated safeguarding lead',
  deputy_dsl: 'our deputy safeguarding lead',
  head_teacher: 'the head teacher',
  senior_reviewer: 'a senior member of staff',
};

export interface ReplyDrafterOptions {
  templates: ReplyTemplates;
  /** Null: template drafts only. */
  model: ReplyModel | null;
  ledger: UsageLedger;
  clock: Clock;
  deadlineMs: number;
}

export class ReplyDrafter {
  constructor(private readonly o: ReplyDrafterOptions) {}

  /** A suggested reply, or null for a message with nothing to answer (topic `none`). */
  async draft(req: DraftRequest): Promise<ReplyDraft | null> {
    if (req.topic === 'none') return null;
    const school = req.school;
    const template = this.o.templates[req.topic] ? req.topic : 'general';
    const templateText = this.o.templates[template] ?? '';
    const session = new Minimiser(privacyDirectory(school), { referenceYear: new Date(req.receivedAt).getUTCFullYear() });
    const message = session.minimise(req.enquiryText);
    const firstChild = message.replacements.find((r) => r.kind === 'CHILD');
    const values = {
      greeting: req.parentName ? `Dear ${session.minimise(req.parentName).text}` : 'Hello',
      child: firstChild?.placeholder ?? 'your child',
      handled_by: req.handledBy ?? ROLE_WORDS[school.routing[req.topic]],
      sign_off: school.file.reply_drafts.sign_off ?? school.name,
      school_name: school.name,
    };
    const filled = renderTemplate(templateText, values);
    // Templates are checked at load; a failure here is a bug, so the plain text still goes out unfilled.
    const minimisedDraft = filled.ok ? filled.value.trim() : templateText.trim();
    const fromTemplate = (extra: Partial<ReplyDraft> = {}): ReplyDraft => ({
      text: session.restore(minimisedDraft),
      source: 'template',
      template,
      fellBack: false,
      fallbackReason: null,
      fallbackDetail: null,
      sentText: null,
      usage: null,
      latencyMs: null,
      requiresApproval: true,
      ...extra,
    });
    // Safeguarding gets the school's fixed holding reply: the DSL answers the concern itself, and the disclosure
    // need not go out again for wording.
    if (!this.o.model || school.file.classifier.mode === 'local' || req.topic === 'safeguarding') return fromTemplate();

    const day = localTime(this.o.clock.now(), school.timezone).date;
    const budget = school.file.classifier.daily_token_budget;
    const used = await this.o.ledger.tokensUsed(school.id, day);
    if (used >= budget)
      return fromTemplate({ fellBack: true, fallbackReason: 'budget_exhausted', fallbackDetail: `${used} of the ${budget} tokens allowed today are used` });

    const content = ['TEMPLATE:', minimisedDraft, '', "PARENT'S MESSAGE:", '<<<', message.text, '>>>'].join('\n');
    const instructions: ReplyInstructions = { tone: school.file.reply_drafts.tone, topic: req.topic, handled_by: values.handled_by, sign_off: values.sign_off };
    const t0 = performance.now();
    const model = this.o.model;
    const answer = await askWithin(this.o.deadlineMs, (signal) => model.draft(content, instructions, signal));
    const latencyMs = Math.round(performance.now() - t0);
    const reply = answer.ok ? answer.value.reply.trim() : '';
    const invented = answer.ok ? session.unknownPlaceholders(reply) : [];
    const unusable = !answer.ok ? null : !reply || reply.length > MAX_DRAFT_CHARS ? `the draft is ${reply ? 'too long' : 'empty'}` : invented.length ? `the draft used placeholders not in the message: ${invented.join(', ')}` : null;
    await this.o.ledger.record({
      schoolId: school.id,
      day,
      purpose: 'reply_draft',
      modelId: model.id,
      outcome: !answer.ok ? answer.reason : unusable ? 'invalid_answer' : 'ok',
      usage: answer.usage,
      latencyMs,
      subjectId: req.subjectId ?? null,
    });
    const spent = { sentText: content, usage: answer.usage, latencyMs };
    if (!answer.ok) return fromTemplate({ ...spent, fellBack: true, fallbackReason: answer.reason, fallbackDetail: answer.detail });
    if (unusable) return fromTemplate({ ...spent, fellBack: true, fallbackReason: 'invalid_answer', fallbackDetail: unusable });
    return { ...fromTemplate(spent), text: session.restore(reply), source: 'model' };
  }
}
