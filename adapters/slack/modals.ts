import type { types } from '@slack/bolt';
import type { School } from '../../src/config/load-school';
import { FLAGS, TOPICS } from '../../src/domain/taxonomy';
import { MEETING_ROLES } from '../../src/workflow/permissions';
import type { CaseDetail, ReplyView } from '../../src/workflow/views';
import { quote } from './blocks';
import { capital, truncate, words } from './text';
import { type ModalMetadata, VIEW, type ViewId } from './types';

/**
 * The forms a button opens (Slack modals) and the conversion of what was submitted into the workflow's input
 * shapes. Nothing is checked here beyond the form's own structure: the workflow validates every input and reports
 * each problem with its path, which `errorsFor` turns back into messages under the right field.
 */

export const MODAL_LIMITS = {
  title: 24,
  button: 24,
  label: 2000,
  hint: 2000,
  placeholder: 150,
  blocks: 100,
  privateMetadata: 3000,
  optionText: 75,
  optionValue: 150,
  checkboxOptions: 10,
  selectOptions: 100,
  /** MessageText in src/workflow/inputs.ts: ten SMS segments. */
  replyText: 1600,
  reasonText: 2000,
} as const;

type Block = types.KnownBlock;
const plain = (text: string, max: number): types.PlainTextElement => ({ type: 'plain_text', text: truncate(text, max), emoji: true });
const option = (text: string, value: string): types.PlainTextOption => ({
  text: plain(text, MODAL_LIMITS.optionText),
  value: value.slice(0, MODAL_LIMITS.optionValue),
});

/** Every input's action id: the block id names the field. */
const V = 'v';

function input(blockId: string, label: string, element: types.InputBlockElement, o: { optional?: boolean; hint?: string } = {}): types.InputBlock {
  return {
    type: 'input',
    block_id: blockId,
    label: plain(label, MODAL_LIMITS.label),
    element,
    optional: o.optional ?? false,
    ...(o.hint ? { hint: plain(o.hint, MODAL_LIMITS.hint) } : {}),
  };
}

const text = (o: { multiline?: boolean; max?: number; initial?: string; placeholder?: string; min?: number } = {}): types.PlainTextInput => ({
  type: 'plain_text_input',
  action_id: V,
  multiline: o.multiline ?? false,
  ...(o.max ? { max_length: o.max } : {}),
  ...(o.min ? { min_length: o.min } : {}),
  ...(o.initial ? { initial_value: truncate(o.initial, o.max ?? 3000) } : {}),
  ...(o.placeholder ? { placeholder: plain(o.placeholder, MODAL_LIMITS.placeholder) } : {}),
});

function modal(callbackId: ViewId, title: string, submit: string, meta: ModalMetadata, blocks: Block[]): types.ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    title: plain(title, MODAL_LIMITS.title),
    submit: plain(submit, MODAL_LIMITS.button),
    close: plain('Cancel', MODAL_LIMITS.button),
    private_metadata: JSON.stringify(meta),
    blocks: blocks.slice(0, MODAL_LIMITS.blocks),
  };
}

const reasonInput = (label: string, hint: string) =>
  input('reason', label, text({ multiline: true, max: MODAL_LIMITS.reasonText, min: 3, placeholder: 'A few words for the audit trail' }), { hint });

function forwardedInput(c: CaseDetail, school: School): Block[] {
  if (!c.heldEnquiry) return [];
  const who = school.staffById.get(c.heldEnquiry.staffId)?.name ?? 'the member of staff';
  return [
    input('forwardedText', `What ${who} receives`, text({ multiline: true, max: MODAL_LIMITS.replyText }), {
      optional: true,
      hint: 'Leave empty to send the suggested text, which leaves the flagged words out.',
    }),
  ];
}

const about = (c: CaseDetail): Block[] => [quote(c.message.body)];

export function notBreachModal(meta: ModalMetadata, c: CaseDetail, school: School): types.ModalView {
  return modal(VIEW.notBreach, 'Not a breach', 'Record decision', meta, [
    ...about(c),
    reasonInput('Why is it not a breach?', 'Recorded in the audit trail with your name.'),
    ...forwardedInput(c, school),
  ]);
}

export function breachModal(meta: ModalMetadata, c: CaseDetail, school: School): types.ModalView {
  const staff = [...school.staffById.values()];
  const staffOption = (s: { id: string; name: string; roles: readonly string[] }) => option(`${s.name} (${s.roles.map(words).join(', ')})`, s.id);
  const flagOptions = FLAGS.map((f) => option(capital(f), f));
  const initialFlags = flagOptions.filter((o) => c.flags.includes(o.value as (typeof FLAGS)[number]));
  const responses = [
    option('Warning letter', 'warning_letter'),
    option('Invite to a meeting', 'meeting'),
    option('Managed contact (head teacher only)', 'managed_contact'),
    option('Refer to the police', 'police'),
    option('Local authority legal advice', 'local_authority'),
  ];
  return modal(VIEW.breach, 'Breach', 'Record decision', meta, [
    ...about(c),
    reasonInput('Why is it a breach?', 'Recorded in the audit trail and quoted in any letter.'),
    input('breachedFlags', 'Flags breached', { type: 'checkboxes', action_id: V, options: flagOptions, ...(initialFlags.length ? { initial_options: initialFlags } : {}) }),
    input('responses', 'Responses (code of conduct §4)', { type: 'checkboxes', action_id: V, options: responses }),
    input(
      'meetingWith',
      'Meeting with',
      { type: 'static_select', action_id: V, options: staff.filter((s) => s.roles.some((r) => MEETING_ROLES.includes(r))).map(staffOption).slice(0, MODAL_LIMITS.selectOptions) },
      { optional: true, hint: 'For a meeting: a senior member of staff or the head teacher.' },
    ),
    input('meetingAt', 'Meeting time', { type: 'datetimepicker', action_id: V }, { optional: true, hint: 'Optional: the letter otherwise says a time will be arranged.' }),
    input('mcContact', 'Designated contact', { type: 'static_select', action_id: V, options: staff.map(staffOption).slice(0, MODAL_LIMITS.selectOptions) }, { optional: true, hint: 'For managed contact.' }),
    input('mcReviewDate', 'Review date', { type: 'datepicker', action_id: V }, { optional: true, hint: 'For managed contact: when the arrangement is reviewed.' }),
    input(
      'mcTopics',
      'Topics the parent may still raise',
      { type: 'multi_static_select', action_id: V, options: TOPICS.filter((t) => t !== 'none').map((t) => option(capital(words(t)), t)) },
      { optional: true, hint: 'For managed contact.' },
    ),
    input(
      'policeGrounds',
      'Police referral grounds',
      { type: 'static_select', action_id: V, options: [option('Threat', 'threat'), option('Violence', 'violence'), option('Harassment', 'harassment')] },
      { optional: true, hint: 'For a police referral.' },
    ),
    input('policeRef', 'Police reference', text({ max: 200 }), { optional: true }),
    ...forwardedInput(c, school),
  ]);
}

export function escalateModal(meta: ModalMetadata, c: CaseDetail): types.ModalView {
  return modal(VIEW.escalate, 'Escalate to the head', 'Escalate', meta, [
    ...about(c),
    reasonInput('Why does the head teacher need to decide?', 'The head teacher is alerted with your reason.'),
  ]);
}

export function writeReplyModal(meta: ModalMetadata, c: CaseDetail, draft?: string): types.ModalView {
  return modal(VIEW.writeReply, 'Write a reply', 'Send for approval', meta, [
    ...about(c),
    input('body', 'Your reply to the parent', text({ multiline: true, max: MODAL_LIMITS.replyText, initial: draft }), {
      hint: 'The office approves it before it is sent. At most 1,600 characters (ten texts).',
    }),
  ]);
}

export function editApproveModal(meta: ModalMetadata, reply: ReplyView): types.ModalView {
  return modal(VIEW.editApprove, 'Edit and approve', 'Approve and send', meta, [
    input('editedBody', 'The reply as it will be sent', text({ multiline: true, max: MODAL_LIMITS.replyText, initial: reply.body }), {
      hint: 'Sent to the parent as soon as you approve it.',
    }),
  ]);
}

export function rejectModal(meta: ModalMetadata, reply: ReplyView): types.ModalView {
  return modal(VIEW.reject, 'Reject the reply', 'Reject', meta, [
    quote(reply.body),
    reasonInput('Why is it not approved?', 'Its author is told, with your reason.'),
  ]);
}

/** Shown in place of a form the workflow refused (wrong role, case moved on): the refusal, and only Close. */
export function refusalModal(message: string): types.ModalView {
  return {
    type: 'modal',
    title: plain('Not done', MODAL_LIMITS.title),
    close: plain('Close', MODAL_LIMITS.button),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: truncate(message.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;'), 3000) } }],
  };
}

/** Slack's view state: block id → action id → the element's value. */
export type ViewValues = Record<string, Record<string, { type: string; value?: string | null; selected_option?: { value: string } | null; selected_options?: { value: string }[]; selected_date?: string | null; selected_date_time?: number | null }>>;

const field = (values: ViewValues, block: string) => values[block]?.[V];
const str = (values: ViewValues, block: string): string | undefined => {
  const v = field(values, block)?.value;
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
};
const selected = (values: ViewValues, block: string): string | undefined => field(values, block)?.selected_option?.value ?? undefined;
const many = (values: ViewValues, block: string): string[] => (field(values, block)?.selected_options ?? []).map((o) => o.value);

/** A submitted decision form → the workflow's review decision input (validated by the workflow). */
export function decisionInput(view: ViewId, values: ViewValues): Record<string, unknown> {
  const forwardedText = str(values, 'forwardedText');
  if (view === VIEW.notBreach) return { outcome: 'not_breach', reason: str(values, 'reason') ?? '', ...(forwardedText ? { forwardedText } : {}) };
  const responses = many(values, 'responses').map((kind) => {
    switch (kind) {
      case 'meeting': {
        const at = field(values, 'meetingAt')?.selected_date_time;
        return { kind, withStaffId: selected(values, 'meetingWith') ?? '', ...(typeof at === 'number' ? { proposedAt: new Date(at * 1000).toISOString() } : {}) };
      }
      case 'managed_contact':
        return {
          kind,
          designatedContactId: selected(values, 'mcContact') ?? '',
          allowedTopics: many(values, 'mcTopics'),
          reviewDate: field(values, 'mcReviewDate')?.selected_date ?? '',
        };
      case 'police': {
        const reference = str(values, 'policeRef');
        return { kind, grounds: selected(values, 'policeGrounds') ?? '', ...(reference ? { reference } : {}) };
      }
      default:
        return { kind };
    }
  });
  return {
    outcome: 'breach',
    reason: str(values, 'reason') ?? '',
    breachedFlags: many(values, 'breachedFlags'),
    responses,
    ...(forwardedText ? { forwardedText } : {}),
  };
}

export const reasonInputOf = (values: ViewValues) => ({ reason: str(values, 'reason') ?? '' });
export const replyInputOf = (values: ViewValues) => ({ body: str(values, 'body') ?? '' });
export const editedInputOf = (values: ViewValues) => ({ editedBody: str(values, 'editedBody') ?? '' });

/** Which form field a workflow problem's path belongs to. */
const FIELD_OF: [RegExp, string][] = [
  [/\.withStaffId$/, 'meetingWith'],
  [/\.proposedAt$/, 'meetingAt'],
  [/\.designatedContactId$/, 'mcContact'],
  [/\.reviewDate$/, 'mcReviewDate'],
  [/\.allowedTopics/, 'mcTopics'],
  [/\.grounds$/, 'policeGrounds'],
  [/\.reference$/, 'policeRef'],
  [/^responses/, 'responses'],
  [/^breachedFlags/, 'breachedFlags'],
  [/^forwardedText/, 'forwardedText'],
  [/^reason/, 'reason'],
  [/^body/, 'body'],
  [/^editedBody/, 'editedBody'],
];

/**
 * The workflow's INPUT_INVALID problems → Slack's `response_action: errors` map (block id → message). A problem
 * whose field is not on the form goes under the first input, so nothing is lost.
 */
export function errorsFor(view: types.ModalView | { blocks: readonly { type: string; block_id?: string }[] }, problems: readonly { path: string; message: string }[], fallback: string): Record<string, string> {
  const inputs = view.blocks.filter((b) => b.type === 'input' && b.block_id).map((b) => b.block_id as string);
  const out: Record<string, string> = {};
  const add = (block: string, message: string) => {
    out[block] = truncate(out[block] ? `${out[block]} ${message}` : message, 2000);
  };
  for (const p of problems) {
    const block = FIELD_OF.find(([re]) => re.test(p.path))?.[1];
    add(block && inputs.includes(block) ? block : (inputs[0] ?? 'reason'), capital(p.message));
  }
  if (!problems.length) add(inputs[0] ?? 'reason', fallback);
  return out;
}
